SELECT id, incident_id, group_code, title, owner_id, due_at, status, created_at, updated_at, version
FROM incident_tasks WHERE incident_id = $1 ORDER BY id
