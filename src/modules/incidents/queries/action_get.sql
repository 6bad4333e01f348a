SELECT id, incident_id, title, owner_id, due_at, status, done_at, verified_at, verified_by, version
FROM incident_corrective_actions WHERE id = $1
