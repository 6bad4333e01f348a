UPDATE incident_injured SET name_enc = $2 WHERE id = $1
