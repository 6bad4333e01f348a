SELECT i.department_id, s.due_at
FROM incident_steps s JOIN incidents i ON i.id = s.incident_id
WHERE s.status <> 'done' AND s.due_at >= $1 AND s.due_at < $2
