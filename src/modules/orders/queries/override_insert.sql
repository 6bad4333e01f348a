INSERT INTO gate_overrides (order_id, worker_id, reason, requested_by, approver_id, status, expires_at, created_at)
VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7)
RETURNING id
