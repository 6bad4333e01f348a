SELECT token_hash, user_id, csrf_token, stage, created_at, last_seen_at, absolute_expires_at, revoked_at
FROM sessions WHERE token_hash = $1
