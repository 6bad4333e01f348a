SELECT d.id, d.message_id, m.event, d.channel, d.channel_id, d.user_id, d.status, d.attempts, d.next_attempt_at,
       d.last_error, d.sent_at, d.created_at, d.updated_at
FROM notify_deliveries d JOIN notify_messages m ON m.id = d.message_id
WHERE d.id = $1
