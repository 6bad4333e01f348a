SELECT id, at, actor_id, kind, summary, note_enc FROM incident_events WHERE incident_id = $1 ORDER BY at, id
