INSERT INTO audit_log (seq, at, actor_user_id, actor_username, ip, request_id, action, entity, entity_id,
                       department_id, before_json, after_json, outcome, reason, prev_hash, hash)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
