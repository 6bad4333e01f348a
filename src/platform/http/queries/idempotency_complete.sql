INSERT INTO idempotency_keys (key_hash, request_hash, status, response_body, created_at) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (key_hash) DO UPDATE SET status = excluded.status, response_body = excluded.response_body
