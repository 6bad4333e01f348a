UPDATE users SET failed_logins = $2, locked_until = $3 WHERE id = $1
