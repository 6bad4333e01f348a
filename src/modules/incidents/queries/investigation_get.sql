SELECT * FROM incident_investigations WHERE incident_id = $1
