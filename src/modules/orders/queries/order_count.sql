SELECT COUNT(*) AS n FROM service_orders
