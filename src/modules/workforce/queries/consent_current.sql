SELECT * FROM worker_consents
WHERE worker_id = $1 AND purpose = $2 AND withdrawn_at IS NULL
ORDER BY recorded_at DESC, id DESC
LIMIT 1
