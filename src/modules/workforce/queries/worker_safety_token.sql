SELECT id, safety_token_enc, safety_token_issued_at FROM workers WHERE id = $1 AND safety_token_hash IS NOT NULL
