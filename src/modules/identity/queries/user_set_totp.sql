UPDATE users SET totp_secret_enc = $2, totp_enabled = $3, totp_last_step = $4, updated_at = $5, version = version + 1
WHERE id = $1
