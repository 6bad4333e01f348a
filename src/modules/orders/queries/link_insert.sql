INSERT INTO customer_links (order_id, token_hash, expires_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5)
