SELECT id FROM users WHERE id = $1 AND status = 'active'
