-- Only used to explain a broken chain; a full scan is acceptable there.
SELECT seq FROM audit_log WHERE hash = $1 ORDER BY seq LIMIT 1
