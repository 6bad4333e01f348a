SELECT i.id, i.number, i.level
FROM incident_people p JOIN incidents i ON i.id = p.incident_id
WHERE p.user_id = $1 AND p.role = 'worker' AND i.status = 'responding' AND i.level <= 2
ORDER BY i.id
