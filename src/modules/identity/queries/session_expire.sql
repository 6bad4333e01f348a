DELETE FROM sessions WHERE absolute_expires_at < $1 OR (revoked_at IS NOT NULL AND revoked_at < $1)
