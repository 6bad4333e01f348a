SELECT id, incident_id, title, owner_id, due_at, status, done_at, verified_at, verified_by, version
FROM incident_corrective_actions WHERE incident_id = $1 ORDER BY due_at, id
