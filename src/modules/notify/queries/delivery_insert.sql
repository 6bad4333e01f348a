INSERT INTO notify_deliveries (message_id, channel, channel_id, user_id, lang, status, attempts, next_attempt_at,
                               sent_at, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8, $8)
RETURNING id
