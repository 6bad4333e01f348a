SELECT seq, at, actor_user_id, actor_username, ip, request_id, action, entity, entity_id, department_id,
       before_json, after_json, outcome, reason, prev_hash, hash
FROM audit_log
WHERE (CAST($1 AS BIGINT) IS NULL OR actor_user_id = CAST($1 AS BIGINT))
  AND (CAST($2 AS TEXT) IS NULL OR action = CAST($2 AS TEXT))
  AND (CAST($3 AS TEXT) IS NULL OR entity = CAST($3 AS TEXT))
  AND (CAST($4 AS TEXT) IS NULL OR entity_id = CAST($4 AS TEXT))
  AND (CAST($5 AS TEXT) IS NULL OR outcome = CAST($5 AS TEXT))
  AND (CAST($6 AS BIGINT) IS NULL OR department_id = CAST($6 AS BIGINT))
  AND (CAST($7 AS BIGINT) IS NULL OR at >= CAST($7 AS BIGINT))
  AND (CAST($8 AS BIGINT) IS NULL OR at < CAST($8 AS BIGINT))
ORDER BY seq DESC
LIMIT $9 OFFSET $10
