INSERT INTO idempotency_keys (key_hash, request_hash, status, response_body, created_at) VALUES ($1, $2, NULL, NULL, $3)
