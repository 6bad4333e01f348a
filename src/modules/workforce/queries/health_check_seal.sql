UPDATE worker_health_checks SET result_enc = $2, restrictions_enc = $3 WHERE id = $1
