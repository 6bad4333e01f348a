SELECT COALESCE(SUM(points), 0) AS points
FROM worker_integrity_entries
WHERE worker_id = $1 AND kind = 'violation' AND occurred_on >= $2 AND occurred_on <= $3
