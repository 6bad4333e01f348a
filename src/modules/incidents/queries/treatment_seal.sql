UPDATE incident_treatments SET note_enc = $2 WHERE id = $1
