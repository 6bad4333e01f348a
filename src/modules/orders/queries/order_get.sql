SELECT o.*, c.name AS customer_name, w.name AS worker_name
FROM service_orders o
JOIN customers c ON c.id = o.customer_id
LEFT JOIN workers w ON w.id = o.worker_id
WHERE o.id = $1
