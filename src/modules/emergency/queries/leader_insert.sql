INSERT INTO emergency_leaders (user_id, position, stand_in_user_id, away, sort_order) VALUES ($1, $2, $3, $4, $5)
