SELECT i.id, i.warning_id, i.group_code, i.code, i.title_zh, i.title_en, i.min_level, i.sort_order, i.owner_id,
       o.display_name AS owner_name, i.done, i.done_by, b.display_name AS done_by_name, i.done_at, i.created_at,
       i.updated_at, i.version
FROM warning_checklist_items i
LEFT JOIN users o ON o.id = i.owner_id
LEFT JOIN users b ON b.id = i.done_by
WHERE i.warning_id = $1
ORDER BY i.sort_order, i.id
