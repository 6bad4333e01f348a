INSERT INTO role_permissions (role_id, permission) VALUES ($1, $2)
