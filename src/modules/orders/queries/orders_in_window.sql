SELECT o.id, o.worker_id, o.service_type, o.starts_at, o.ends_at, o.gate_failing, o.assigned_by, o.number
FROM service_orders o
WHERE o.status = 'scheduled' AND o.starts_at < $1 AND o.ends_at > $2
ORDER BY o.starts_at, o.id
