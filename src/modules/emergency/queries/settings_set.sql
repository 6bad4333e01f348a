UPDATE emergency_settings SET safety_department_id = $1, updated_at = $2, version = version + 1 WHERE id = 1
