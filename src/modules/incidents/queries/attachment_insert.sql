INSERT INTO incident_attachments (incident_id, name, media_type, size_bytes, sha256, uploaded_by, uploaded_at,
                                  content_enc)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING id
