SELECT stage, minutes FROM incident_deadlines WHERE level = $1
