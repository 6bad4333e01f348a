UPDATE worker_cases
SET status = 'closed', closed_on = $3, outcome_enc = $4, closed_by = $5, closed_at = $6
WHERE id = $1 AND worker_id = $2 AND status = 'open'
