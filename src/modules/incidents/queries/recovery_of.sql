SELECT id, incident_id, title, owner_id, due_at, status, version
FROM incident_recovery_tasks WHERE incident_id = $1 ORDER BY due_at, id
