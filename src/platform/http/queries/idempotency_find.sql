SELECT request_hash, status, response_body FROM idempotency_keys WHERE key_hash = $1
