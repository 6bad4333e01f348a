SELECT id, kind, name, endpoint, endpoint_enc, secret_enc, username, sender, enabled, created_at, updated_at, version
FROM notify_channels
ORDER BY id
LIMIT $1 OFFSET $2
