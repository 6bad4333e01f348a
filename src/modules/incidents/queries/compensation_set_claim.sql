UPDATE incident_compensations SET claim_ref = $2 WHERE id = $1
