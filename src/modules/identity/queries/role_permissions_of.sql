SELECT permission FROM role_permissions WHERE role_id = $1 ORDER BY permission
