SELECT e.*, u.display_name AS evaluator_name
FROM partner_evaluations e
LEFT JOIN users u ON u.id = e.evaluator_id
WHERE e.partner_id = $1
ORDER BY e.evaluated_on DESC, e.id DESC
