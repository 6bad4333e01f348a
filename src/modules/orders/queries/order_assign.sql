UPDATE service_orders
SET worker_id = $2, assigned_by = $3, assigned_at = $4, status = 'scheduled', gate_failing = 0, gate_checked_at = $4,
    updated_at = $4, version = version + 1
WHERE id = $1 AND version = $5
