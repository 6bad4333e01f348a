SELECT COUNT(*) AS n
FROM service_orders
WHERE worker_id = $1 AND id <> $2 AND status IN ('scheduled', 'in_service') AND starts_at < $4 AND ends_at > $3
