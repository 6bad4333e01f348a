UPDATE service_orders SET status = 'completed', check_out_at = $2, updated_at = $2, version = version + 1 WHERE id = $1
