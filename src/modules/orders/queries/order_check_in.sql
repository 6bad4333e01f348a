UPDATE service_orders SET status = 'in_service', check_in_at = $2, updated_at = $2, version = version + 1 WHERE id = $1
