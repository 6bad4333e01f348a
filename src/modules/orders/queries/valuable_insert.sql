INSERT INTO order_valuables (order_id, description_enc, noted_by, noted_at) VALUES ($1, $2, $3, $4) RETURNING id
