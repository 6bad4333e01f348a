INSERT INTO worker_health_checks (worker_id, kind, checked_on, result_enc, next_due_on, consent_id, created_by,
                                  created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING id
