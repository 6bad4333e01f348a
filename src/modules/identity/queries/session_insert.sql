INSERT INTO sessions (token_hash, user_id, csrf_token, stage, created_at, last_seen_at, absolute_expires_at, ip)
VALUES ($1, $2, $3, $4, $5, $5, $6, $7)
