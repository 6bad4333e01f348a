SELECT order_id FROM customer_links WHERE token_hash = $1 AND expires_at > $2
