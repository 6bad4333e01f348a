UPDATE notify_inbox SET read_at = $3 WHERE id = $1 AND user_id = $2 AND read_at IS NULL
