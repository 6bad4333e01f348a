SELECT id FROM worker_pay_records WHERE worker_id = $1 AND period = $2
