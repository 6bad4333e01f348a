INSERT INTO warning_areas (warning_id, position, department_id, label) VALUES ($1, $2, $3, $4)
