SELECT minutes FROM incident_deadlines WHERE level = $1 AND stage = $2
