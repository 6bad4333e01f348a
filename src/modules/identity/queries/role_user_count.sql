SELECT COUNT(*) AS n FROM user_roles WHERE role_id = $1
