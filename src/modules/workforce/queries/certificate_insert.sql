INSERT INTO worker_certificates (worker_id, kind, number, issuer, issued_on, expires_on, created_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING id
