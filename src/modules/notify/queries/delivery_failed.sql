UPDATE notify_deliveries
SET status = $3, attempts = attempts + 1, next_attempt_at = $4, last_error = $5, lease_owner = NULL, lease_until = NULL,
    updated_at = $6
WHERE id = $1 AND lease_owner = $2 AND status = 'pending'
