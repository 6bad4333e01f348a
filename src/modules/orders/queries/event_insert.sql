INSERT INTO order_events (order_id, action, actor_id, note, at) VALUES ($1, $2, $3, $4, $5)
