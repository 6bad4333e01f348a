SELECT v.id, v.warning_id, v.version, v.action, v.level, v.status, v.snapshot, v.measures_enc, v.description_enc,
       v.reason, v.changed_by, u.display_name AS changed_by_name, v.changed_at
FROM warning_versions v LEFT JOIN users u ON u.id = v.changed_by
WHERE v.warning_id = $1
ORDER BY v.version
