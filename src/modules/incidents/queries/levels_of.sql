SELECT at, by_id, from_level, to_level, commander_id, commander_rule, reason
FROM incident_levels WHERE incident_id = $1 ORDER BY at, id
