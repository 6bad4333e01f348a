UPDATE premises_checks SET approved_by = $2, approved_at = $3 WHERE order_id = $1
