SELECT COUNT(*) AS n
FROM departments
WHERE (CAST($1 AS BIGINT) IS NULL OR parent_id = CAST($1 AS BIGINT))
  AND (CAST($2 AS TEXT) IS NULL OR name LIKE '%' || CAST($2 AS TEXT) || '%' ESCAPE '\'
       OR code LIKE '%' || CAST($2 AS TEXT) || '%' ESCAPE '\')
