SELECT u.id, u.username, u.display_name, u.department_id, d.path AS department_path, u.post_id, u.email,
       u.phone_enc, u.id_number_enc, u.bank_account_enc, u.address_enc, u.status, u.is_service_account,
       u.must_change_password, u.password_changed_at, u.totp_enabled, u.locked_until, u.created_at, u.updated_at,
       u.version
FROM users u JOIN departments d ON d.id = u.department_id
WHERE u.id = $1
