SELECT id, kind, name, endpoint, endpoint_enc, secret_enc, username, sender, enabled, created_at, updated_at, version
FROM notify_channels
WHERE id = $1
