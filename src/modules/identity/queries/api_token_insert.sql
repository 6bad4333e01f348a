INSERT INTO api_tokens (user_id, name, token_hash, scopes, created_at, expires_at)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING id
