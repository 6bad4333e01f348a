SELECT * FROM worker_shifts
WHERE worker_id = $1 AND starts_at < $3 AND ends_at > $2
ORDER BY starts_at, id
