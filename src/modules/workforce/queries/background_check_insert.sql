INSERT INTO worker_background_checks (worker_id, kind, result, checked_on, valid_until, note_enc, created_by, created_at)
VALUES ($1, $2, $3, $4, $5, NULL, $6, $7)
RETURNING id
