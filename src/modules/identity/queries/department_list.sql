SELECT id, parent_id, name, code, kind, path, sort_order, phone, active, created_at, updated_at, version
FROM departments
WHERE (CAST($1 AS BIGINT) IS NULL OR parent_id = CAST($1 AS BIGINT))
  AND (CAST($2 AS TEXT) IS NULL OR name LIKE '%' || CAST($2 AS TEXT) || '%' ESCAPE '\'
       OR code LIKE '%' || CAST($2 AS TEXT) || '%' ESCAPE '\')
ORDER BY path, sort_order, id
LIMIT $3 OFFSET $4
