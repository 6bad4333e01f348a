SELECT id, at, visitor_id, method, satisfaction, note_enc FROM incident_visits WHERE incident_id = $1 ORDER BY at, id
