UPDATE service_orders
SET signoff_outcome = $2, signoff_at = $3, signoff_incident_id = $4, status = $5, rating = $6, feedback_enc = $7,
    updated_at = $3, version = version + 1
WHERE id = $1
