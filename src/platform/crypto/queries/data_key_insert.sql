INSERT INTO data_keys (version, purpose, wrapped_key, created_at) VALUES ($1, $2, $3, $4)
