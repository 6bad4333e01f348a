SELECT role_id FROM user_roles WHERE user_id = $1 ORDER BY role_id
