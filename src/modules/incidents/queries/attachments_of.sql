SELECT id, incident_id, name, media_type, size_bytes, sha256, uploaded_by, uploaded_at
FROM incident_attachments
WHERE incident_id = $1
ORDER BY id
