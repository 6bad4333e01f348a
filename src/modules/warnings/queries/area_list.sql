SELECT a.department_id, COALESCE(d.name, a.label) AS name
FROM warning_areas a LEFT JOIN departments d ON d.id = a.department_id
WHERE a.warning_id = $1
ORDER BY a.position, a.id
