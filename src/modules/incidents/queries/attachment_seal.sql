UPDATE incident_attachments SET content_enc = $2 WHERE id = $1
