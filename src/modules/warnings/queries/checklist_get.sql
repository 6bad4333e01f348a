SELECT id, warning_id, group_code, code, title_zh, title_en, min_level, sort_order, owner_id, done, done_by, done_at,
       created_at, updated_at, version
FROM warning_checklist_items
WHERE warning_id = $1 AND id = $2
