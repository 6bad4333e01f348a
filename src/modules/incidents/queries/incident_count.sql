SELECT COUNT(*) AS n
FROM incidents i
WHERE (CAST($1 AS TEXT) IS NULL OR i.type = CAST($1 AS TEXT))
  AND (CAST($2 AS BIGINT) IS NULL OR i.level = CAST($2 AS BIGINT))
  AND (CAST($3 AS TEXT) IS NULL OR i.status = CAST($3 AS TEXT))
  AND (CAST($4 AS BIGINT) IS NULL OR i.department_id = CAST($4 AS BIGINT))
  AND (CAST($5 AS BIGINT) IS NULL OR i.reported_at >= CAST($5 AS BIGINT))
  AND (CAST($6 AS BIGINT) IS NULL OR i.reported_at < CAST($6 AS BIGINT))
  AND (CAST($7 AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM incident_steps s WHERE s.incident_id = i.id
                                             AND s.status <> 'done' AND s.due_at < CAST($7 AS BIGINT)))
  AND (CAST($8 AS TEXT) IS NULL OR CAST($8 AS TEXT) LIKE ('%,' || CAST(i.department_id AS TEXT) || ',%'))
  AND (CAST($9 AS BIGINT) IS NULL OR i.department_id = CAST($9 AS BIGINT))
  AND (CAST($10 AS BIGINT) IS NULL OR i.reporter_id = CAST($10 AS BIGINT))
