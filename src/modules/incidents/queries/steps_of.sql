SELECT id, seq, stage, assignee_id, due_at, status, done_at, done_by, escalated_at, escalated_to
FROM incident_steps WHERE incident_id = $1 ORDER BY seq
