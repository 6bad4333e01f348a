UPDATE notify_channels
SET name = $2, endpoint = $3, username = $4, sender = $5, enabled = $6, secret_enc = $7, updated_at = $8,
    version = version + 1
WHERE id = $1 AND version = $9
