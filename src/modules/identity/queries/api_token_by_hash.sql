SELECT id, user_id, name, scopes, created_at, expires_at, revoked_at, last_used_at FROM api_tokens WHERE token_hash = $1
