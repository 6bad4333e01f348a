INSERT INTO notify_inbox (user_id, message_id, created_at) VALUES ($1, $2, $3) RETURNING id
