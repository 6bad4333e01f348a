SELECT department_id, label
FROM warning_areas
WHERE warning_id = $1
ORDER BY position, id
