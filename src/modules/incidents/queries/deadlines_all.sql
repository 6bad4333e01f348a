SELECT level, stage, minutes FROM incident_deadlines ORDER BY level, stage
