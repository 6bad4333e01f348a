INSERT INTO worker_consents (worker_id, purpose, text_version, recorded_by, recorded_at)
VALUES ($1, $2, $3, $4, $5)
RETURNING id
