SELECT id, name, next_evaluation_on, created_by
FROM partners
WHERE status = 'active' AND next_evaluation_on <= $1
ORDER BY next_evaluation_on, id
