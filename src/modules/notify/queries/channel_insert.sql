INSERT INTO notify_channels (kind, name, endpoint, username, sender, enabled, created_at, updated_at, version)
VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 1)
RETURNING id
