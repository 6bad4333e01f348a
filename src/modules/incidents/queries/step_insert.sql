INSERT INTO incident_steps (incident_id, seq, stage, assignee_id, due_at, status, done_at, done_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING id
