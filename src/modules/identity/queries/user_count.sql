SELECT COUNT(*) AS n
FROM users u JOIN departments d ON d.id = u.department_id
WHERE (CAST($1 AS BIGINT) IS NULL OR u.department_id = CAST($1 AS BIGINT))
  AND (CAST($2 AS TEXT) IS NULL OR u.username LIKE '%' || CAST($2 AS TEXT) || '%' ESCAPE '\'
       OR u.display_name LIKE '%' || CAST($2 AS TEXT) || '%' ESCAPE '\')
  AND (CAST($3 AS TEXT) IS NULL OR u.status = CAST($3 AS TEXT))
  AND (CAST($4 AS TEXT) IS NULL OR u.phone_bidx = CAST($4 AS TEXT))
  AND (CAST($5 AS TEXT) IS NULL OR u.id_number_bidx = CAST($5 AS TEXT))
  AND (CAST($6 AS TEXT) IS NULL OR substr(d.path, 1, length(CAST($6 AS TEXT))) = CAST($6 AS TEXT))
  AND (CAST($7 AS BIGINT) IS NULL OR u.department_id = CAST($7 AS BIGINT))
  AND (CAST($8 AS BIGINT) IS NULL OR u.id = CAST($8 AS BIGINT))
