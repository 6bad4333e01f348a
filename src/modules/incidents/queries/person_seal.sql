UPDATE incident_people SET name_enc = $2 WHERE id = $1
