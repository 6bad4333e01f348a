SELECT department_id, reported_at
FROM incidents
WHERE status = 'responding' AND reported_at >= $1 AND reported_at < $2
