INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)
