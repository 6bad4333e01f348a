UPDATE premises_checks SET acknowledged_by = $2, acknowledged_at = $3 WHERE order_id = $1
