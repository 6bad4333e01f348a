INSERT INTO worker_shifts (worker_id, starts_at, ends_at, note, created_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING id
