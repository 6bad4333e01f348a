SELECT status FROM incident_treatments WHERE injured_id = $1 ORDER BY at DESC, id DESC LIMIT 1
