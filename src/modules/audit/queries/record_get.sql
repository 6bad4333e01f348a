SELECT seq, at, actor_user_id, actor_username, ip, request_id, action, entity, entity_id, department_id,
       before_json, after_json, outcome, reason, prev_hash, hash
FROM audit_log
WHERE seq = $1
