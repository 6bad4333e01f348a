INSERT INTO worker_pay_records (worker_id, period, paid_on, recorded_by, recorded_at)
VALUES ($1, $2, $3, $4, $5)
RETURNING id
