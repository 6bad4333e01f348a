UPDATE worker_pay_records SET amounts_enc = $2 WHERE id = $1
