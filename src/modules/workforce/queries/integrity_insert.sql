INSERT INTO worker_integrity_entries (worker_id, kind, occurred_on, points, recorded_by, recorded_at)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING id
