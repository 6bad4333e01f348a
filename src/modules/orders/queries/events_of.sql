SELECT e.*, u.display_name AS actor_name
FROM order_events e
LEFT JOIN users u ON u.id = e.actor_id
WHERE e.order_id = $1
ORDER BY e.at, e.id
