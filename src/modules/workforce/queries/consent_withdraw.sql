UPDATE worker_consents SET withdrawn_at = $3 WHERE worker_id = $1 AND purpose = $2 AND withdrawn_at IS NULL
