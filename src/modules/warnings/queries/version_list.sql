SELECT id, warning_id, version, action, level, status, snapshot, measures_enc, description_enc, reason, changed_by,
       changed_at
FROM warning_versions
WHERE warning_id = $1
ORDER BY version
