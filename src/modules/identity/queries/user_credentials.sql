SELECT id, username, status, is_service_account, password_hash, password_changed_at, must_change_password,
       failed_logins, locked_until, totp_secret_enc, totp_enabled, totp_last_step
FROM users WHERE id = $1
