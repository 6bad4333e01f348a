INSERT INTO order_notes (order_id, kind, author_id, at) VALUES ($1, $2, $3, $4) RETURNING id
