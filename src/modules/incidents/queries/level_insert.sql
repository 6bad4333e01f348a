INSERT INTO incident_levels (incident_id, at, by_id, from_level, to_level, commander_id, commander_rule, reason)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
