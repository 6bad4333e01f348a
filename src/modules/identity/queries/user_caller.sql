SELECT u.id, u.username, u.display_name, u.department_id, d.path AS department_path, u.status, u.is_service_account,
       u.must_change_password, u.password_changed_at, u.totp_enabled
FROM users u JOIN departments d ON d.id = u.department_id
WHERE u.id = $1
