UPDATE incident_investigations SET facts_enc = $2, responsibility_enc = $3 WHERE id = $1
