SELECT id FROM workers WHERE user_id = $1
