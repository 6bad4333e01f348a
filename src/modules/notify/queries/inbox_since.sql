SELECT i.id, i.user_id, m.event, m.entity, m.entity_id, i.title_enc, i.body_enc, i.created_at, i.read_at
FROM notify_inbox i JOIN notify_messages m ON m.id = i.message_id
WHERE i.id > $1
ORDER BY i.id
LIMIT $2
