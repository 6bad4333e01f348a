SELECT id, incident_id, name, media_type, size_bytes, sha256, uploaded_by, uploaded_at
FROM incident_attachments
WHERE id = $1 AND incident_id = $2
