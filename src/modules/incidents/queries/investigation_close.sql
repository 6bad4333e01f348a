UPDATE incident_investigations
SET status = 'closed', closed_at = $2, closed_by = $3, updated_at = $2, version = version + 1
WHERE id = $1 AND version = $4 AND status = 'submitted'
