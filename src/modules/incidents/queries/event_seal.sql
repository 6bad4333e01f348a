UPDATE incident_events SET note_enc = $2 WHERE id = $1
