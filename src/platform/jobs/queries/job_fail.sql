UPDATE jobs SET status = $3, run_at = $4, last_error = $5, lease_owner = NULL, lease_until = NULL
WHERE id = $1 AND lease_owner = $2 AND status = 'pending'
