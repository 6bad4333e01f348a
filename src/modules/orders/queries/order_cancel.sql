UPDATE service_orders SET status = 'cancelled', cancel_reason = $2, updated_at = $3, version = version + 1 WHERE id = $1
