SELECT o.*, c.name AS customer_name, w.name AS worker_name, COUNT(*) OVER () AS total_count
FROM service_orders o
JOIN customers c ON c.id = o.customer_id
LEFT JOIN workers w ON w.id = o.worker_id
WHERE (CAST($1 AS TEXT) IS NULL OR o.status = CAST($1 AS TEXT))
  AND (CAST($2 AS BIGINT) IS NULL OR o.worker_id = CAST($2 AS BIGINT))
  AND (CAST($3 AS BIGINT) IS NULL OR o.customer_id = CAST($3 AS BIGINT))
  AND (CAST($4 AS BIGINT) IS NULL OR o.starts_at >= CAST($4 AS BIGINT))
  AND (CAST($5 AS BIGINT) IS NULL OR o.starts_at < CAST($5 AS BIGINT))
  AND (CAST($6 AS TEXT) IS NULL OR CAST($6 AS TEXT) LIKE ('%,' || CAST(o.department_id AS TEXT) || ',%'))
  AND (CAST($7 AS BIGINT) IS NULL OR o.department_id = CAST($7 AS BIGINT))
  AND (CAST($8 AS BIGINT) IS NULL OR o.created_by = CAST($8 AS BIGINT))
  AND (CAST($11 AS TEXT) IS NULL OR o.number LIKE ('%' || CAST($11 AS TEXT) || '%') ESCAPE '\'
       OR c.name LIKE ('%' || CAST($11 AS TEXT) || '%') ESCAPE '\'
       OR w.name LIKE ('%' || CAST($11 AS TEXT) || '%') ESCAPE '\')
  AND (CAST($12 AS TEXT) IS NULL OR o.service_type = CAST($12 AS TEXT))
ORDER BY o.starts_at, o.id
LIMIT $9 OFFSET $10
