INSERT INTO password_history (user_id, password_hash, created_at) VALUES ($1, $2, $3)
