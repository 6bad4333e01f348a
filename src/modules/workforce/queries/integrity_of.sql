SELECT id, worker_id, kind, occurred_on, points, summary_enc, recorded_by, recorded_at
FROM worker_integrity_entries
WHERE worker_id = $1
ORDER BY occurred_on DESC, id DESC
