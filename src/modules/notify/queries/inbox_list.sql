SELECT i.id, m.event, m.entity, m.entity_id, i.title_enc, i.body_enc, i.created_at, i.read_at
FROM notify_inbox i JOIN notify_messages m ON m.id = i.message_id
WHERE i.user_id = $1 AND (CAST($2 AS BIGINT) = 0 OR i.read_at IS NULL)
ORDER BY i.id DESC
LIMIT $3 OFFSET $4
