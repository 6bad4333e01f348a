INSERT INTO incident_deadlines (level, stage, minutes) VALUES ($1, $2, $3)
ON CONFLICT (level, stage) DO UPDATE SET minutes = excluded.minutes
