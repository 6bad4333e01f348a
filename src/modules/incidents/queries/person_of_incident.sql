SELECT id, user_id, name_enc FROM incident_people WHERE id = $1 AND incident_id = $2
