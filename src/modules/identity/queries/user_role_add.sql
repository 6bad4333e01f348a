INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2)
