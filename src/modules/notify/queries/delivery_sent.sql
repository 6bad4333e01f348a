UPDATE notify_deliveries
SET status = 'sent', attempts = attempts + 1, sent_at = $3, last_error = NULL, lease_owner = NULL, lease_until = NULL,
    updated_at = $3
WHERE id = $1 AND lease_owner = $2 AND status = 'pending'
