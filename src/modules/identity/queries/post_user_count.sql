SELECT COUNT(*) AS n FROM users WHERE post_id = $1
