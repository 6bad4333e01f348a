UPDATE service_orders SET number = $2 WHERE id = $1
