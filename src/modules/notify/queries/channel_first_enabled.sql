-- The channel used for personal e-mail or SMS: the oldest enabled one of the kind.
SELECT id, kind, name, endpoint, endpoint_enc, secret_enc, username, sender, enabled, created_at, updated_at, version
FROM notify_channels
WHERE kind = $1 AND enabled = 1
ORDER BY id
LIMIT 1
