UPDATE notify_deliveries
SET status = 'pending', attempts = 0, next_attempt_at = $2, lease_owner = NULL, lease_until = NULL, updated_at = $2
WHERE id = $1 AND status = 'dead'
