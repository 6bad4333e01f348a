SELECT COUNT(*) AS n FROM incident_attachments WHERE incident_id = $1
