SELECT id, author_id, at, text_enc FROM incident_reports WHERE incident_id = $1 ORDER BY at, id
