SELECT id, at, user_id, username, ip, event, outcome, reason
FROM login_log
WHERE (CAST($1 AS BIGINT) IS NULL OR user_id = CAST($1 AS BIGINT))
  AND (CAST($2 AS TEXT) IS NULL OR event = CAST($2 AS TEXT))
  AND (CAST($3 AS TEXT) IS NULL OR outcome = CAST($3 AS TEXT))
  AND (CAST($4 AS BIGINT) IS NULL OR at >= CAST($4 AS BIGINT))
  AND (CAST($5 AS BIGINT) IS NULL OR at < CAST($5 AS BIGINT))
ORDER BY at DESC, id DESC
LIMIT $6 OFFSET $7
