INSERT INTO incident_corrective_actions (incident_id, title, owner_id, due_at, status, created_at, updated_at, version)
VALUES ($1, $2, $3, $4, 'open', $5, $5, 1)
RETURNING id
