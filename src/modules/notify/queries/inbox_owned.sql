SELECT id, read_at FROM notify_inbox WHERE id = $1 AND user_id = $2
