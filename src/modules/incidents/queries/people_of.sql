SELECT id, role, user_id, name_enc, order_ref, injured FROM incident_people WHERE incident_id = $1 ORDER BY id
