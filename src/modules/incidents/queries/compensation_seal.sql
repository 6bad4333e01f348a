UPDATE incident_compensations SET payee_enc = $2 WHERE id = $1
