SELECT i.level, COUNT(*) AS n
FROM incidents i
WHERE i.reported_at >= $1
  AND (CAST($2 AS TEXT) IS NULL OR CAST($2 AS TEXT) LIKE ('%,' || CAST(i.department_id AS TEXT) || ',%'))
  AND (CAST($3 AS BIGINT) IS NULL OR i.department_id = CAST($3 AS BIGINT))
  AND (CAST($4 AS BIGINT) IS NULL OR i.reporter_id = CAST($4 AS BIGINT))
GROUP BY i.level
