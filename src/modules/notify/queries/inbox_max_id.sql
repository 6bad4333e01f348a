SELECT COALESCE(MAX(id), 0) AS id FROM notify_inbox
