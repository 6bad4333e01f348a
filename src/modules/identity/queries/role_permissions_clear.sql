DELETE FROM role_permissions WHERE role_id = $1
