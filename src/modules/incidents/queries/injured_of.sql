SELECT j.id, j.incident_id, j.person_id, j.name_enc, p.name_enc AS person_name_enc, p.user_id AS person_user_id,
       j.hospital, j.status, j.version
FROM incident_injured j LEFT JOIN incident_people p ON p.id = j.person_id
WHERE j.incident_id = $1
ORDER BY j.id
