SELECT p.*, u.display_name AS approved_by_name
FROM premises_checks p
LEFT JOIN users u ON u.id = p.approved_by
WHERE p.order_id = $1
