DELETE FROM audit_log WHERE seq > $1 AND seq <= $2 AND at < $3
