UPDATE incident_steps SET status = 'escalated', escalated_at = $2, escalated_to = $3 WHERE id = $1 AND status = 'pending'
