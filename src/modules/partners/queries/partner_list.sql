SELECT p.*, COUNT(*) OVER () AS total_count
FROM partners p
WHERE (CAST($1 AS TEXT) IS NULL OR p.name LIKE ('%' || CAST($1 AS TEXT) || '%'))
  AND (CAST($2 AS TEXT) IS NULL OR p.kind = CAST($2 AS TEXT))
  AND (CAST($3 AS TEXT) IS NULL OR p.status = CAST($3 AS TEXT))
  AND (CAST($4 AS TEXT) IS NULL OR p.next_evaluation_on <= CAST($4 AS TEXT))
ORDER BY p.next_evaluation_on, p.id
LIMIT $5 OFFSET $6
