INSERT INTO jobs (kind, payload, dedupe_key, run_at, status, attempts, created_at)
VALUES ($1, $2, $3, $4, 'pending', 0, $5)
ON CONFLICT (dedupe_key) DO NOTHING
