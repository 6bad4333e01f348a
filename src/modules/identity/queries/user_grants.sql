SELECT r.data_scope, r.clearance, rp.permission
FROM user_roles ur
JOIN roles r ON r.id = ur.role_id
LEFT JOIN role_permissions rp ON rp.role_id = r.id
WHERE ur.user_id = $1
