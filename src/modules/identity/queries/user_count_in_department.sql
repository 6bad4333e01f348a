SELECT COUNT(*) AS n FROM users WHERE department_id = $1
