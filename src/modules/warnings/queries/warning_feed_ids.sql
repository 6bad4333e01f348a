SELECT id FROM warnings
WHERE status = 'active' OR lifted_at >= $1
ORDER BY level, id
LIMIT $2
