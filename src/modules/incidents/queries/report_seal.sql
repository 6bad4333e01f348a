UPDATE incident_reports SET text_enc = $2 WHERE id = $1
