INSERT INTO worker_social_insurance (worker_id, status, since, recorded_by, recorded_at)
VALUES ($1, $2, $3, $4, $5)
