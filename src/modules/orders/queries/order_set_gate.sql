UPDATE service_orders SET gate_failing = $2, gate_checked_at = $3 WHERE id = $1
