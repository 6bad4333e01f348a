SELECT safety_department_id, updated_at, version FROM emergency_settings WHERE id = 1
