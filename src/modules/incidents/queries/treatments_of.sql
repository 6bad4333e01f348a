SELECT t.id, t.injured_id, t.at, t.status, t.note_enc, t.created_by
FROM incident_treatments t JOIN incident_injured j ON j.id = t.injured_id
WHERE j.incident_id = $1
ORDER BY t.injured_id, t.at, t.id
