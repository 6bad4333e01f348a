INSERT INTO incident_tasks (incident_id, group_code, title, owner_id, due_at, status, created_at, updated_at, version)
VALUES ($1, $2, $3, $4, $5, 'open', $6, $6, 1)
RETURNING id
