UPDATE notify_channels
SET name = $2, endpoint = $3, endpoint_enc = $4, username = $5, sender = $6, enabled = $7, secret_enc = $8,
    updated_at = $9, version = version + 1
WHERE id = $1 AND version = $10
