UPDATE users
SET password_hash = $2, password_changed_at = $3, must_change_password = $4, failed_logins = 0, locked_until = NULL,
    updated_at = $3, version = version + 1
WHERE id = $1
