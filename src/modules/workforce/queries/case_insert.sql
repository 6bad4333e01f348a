INSERT INTO worker_cases (worker_id, kind, opened_on, recorded_by, recorded_at)
VALUES ($1, $2, $3, $4, $5)
RETURNING id
