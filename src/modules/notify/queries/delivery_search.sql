SELECT d.id, d.message_id, m.event, d.channel, d.channel_id, d.user_id, d.status, d.attempts, d.next_attempt_at,
       d.last_error, d.sent_at, d.created_at, d.updated_at
FROM notify_deliveries d JOIN notify_messages m ON m.id = d.message_id
WHERE (CAST($1 AS TEXT) IS NULL OR d.status = CAST($1 AS TEXT))
  AND (CAST($2 AS TEXT) IS NULL OR d.channel = CAST($2 AS TEXT))
  AND (CAST($3 AS TEXT) IS NULL OR m.event = CAST($3 AS TEXT))
ORDER BY d.id DESC
LIMIT $4 OFFSET $5
