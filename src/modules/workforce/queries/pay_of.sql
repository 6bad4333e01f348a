SELECT id, worker_id, period, amounts_enc, paid_on, recorded_at
FROM worker_pay_records
WHERE worker_id = $1
ORDER BY period DESC
