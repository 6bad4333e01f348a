INSERT INTO login_log (at, user_id, username, ip, event, outcome, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)
