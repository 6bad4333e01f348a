SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL
