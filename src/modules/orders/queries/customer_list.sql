SELECT c.*, COUNT(*) OVER () AS total_count
FROM customers c
WHERE (CAST($1 AS TEXT) IS NULL OR c.name LIKE ('%' || CAST($1 AS TEXT) || '%'))
  AND (CAST($2 AS TEXT) IS NULL OR c.phone_bidx = CAST($2 AS TEXT))
  AND (CAST($3 AS BIGINT) IS NULL OR c.department_id = CAST($3 AS BIGINT))
  AND (CAST($4 AS TEXT) IS NULL OR CAST($4 AS TEXT) LIKE ('%,' || CAST(c.department_id AS TEXT) || ',%'))
  AND (CAST($5 AS BIGINT) IS NULL OR c.department_id = CAST($5 AS BIGINT))
  AND (CAST($6 AS BIGINT) IS NULL OR c.created_by = CAST($6 AS BIGINT))
ORDER BY c.id DESC
LIMIT $7 OFFSET $8
