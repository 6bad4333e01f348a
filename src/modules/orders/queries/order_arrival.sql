UPDATE service_orders SET arrival_confirmed_at = $2, updated_at = $2, version = version + 1 WHERE id = $1
