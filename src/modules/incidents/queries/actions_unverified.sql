SELECT COUNT(*) AS n FROM incident_corrective_actions WHERE incident_id = $1 AND status <> 'verified'
