SELECT id, incident_id, title, owner_id, due_at, status, version FROM incident_recovery_tasks WHERE id = $1
