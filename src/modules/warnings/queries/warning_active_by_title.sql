SELECT id FROM warnings WHERE status = 'active' AND title = $1 ORDER BY id LIMIT 1
