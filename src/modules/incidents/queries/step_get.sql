SELECT id, incident_id, seq, stage, assignee_id, due_at, status, done_at, done_by, escalated_at, escalated_to
FROM incident_steps WHERE id = $1
