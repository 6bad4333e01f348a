INSERT INTO order_consents (order_id, operation, method, given_by, given_at, recorded_by)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING id
