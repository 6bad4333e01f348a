UPDATE incident_visits SET note_enc = $2 WHERE id = $1
