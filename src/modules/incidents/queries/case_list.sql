SELECT id, title, type, level, month, department_name, grade, direct_causes, root_causes, actions, lessons, published_at
FROM incident_cases
WHERE (CAST($1 AS TEXT) IS NULL OR type = CAST($1 AS TEXT))
  AND (CAST($2 AS TEXT) IS NULL OR grade = CAST($2 AS TEXT))
  AND (CAST($3 AS TEXT) IS NULL OR title LIKE '%' || CAST($3 AS TEXT) || '%' ESCAPE '\')
ORDER BY published_at DESC, id DESC
LIMIT $4 OFFSET $5
