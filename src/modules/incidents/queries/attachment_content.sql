SELECT content_enc FROM incident_attachments WHERE id = $1
