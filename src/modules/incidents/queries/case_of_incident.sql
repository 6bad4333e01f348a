SELECT id FROM incident_cases WHERE incident_id = $1
