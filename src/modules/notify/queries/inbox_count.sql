SELECT COUNT(*) AS n FROM notify_inbox WHERE user_id = $1 AND (CAST($2 AS BIGINT) = 0 OR read_at IS NULL)
