SELECT g.*, ru.display_name AS requested_by_name, au.display_name AS approver_name
FROM gate_overrides g
JOIN users ru ON ru.id = g.requested_by
JOIN users au ON au.id = g.approver_id
WHERE g.order_id = $1
ORDER BY g.id DESC
LIMIT 1
