SELECT id, title, type, level, month, department_name, grade, direct_causes, root_causes, actions, lessons, published_at
FROM incident_cases WHERE id = $1
