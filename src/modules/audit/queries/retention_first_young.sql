-- The oldest record that must be kept: nothing at or after it may be removed.
SELECT MIN(seq) AS seq FROM audit_log WHERE at >= $1
