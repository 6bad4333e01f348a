INSERT INTO warning_checklist_items (warning_id, group_code, code, title_zh, title_en, min_level, sort_order, done,
                                     created_at, updated_at, version)
VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $8, 1)
ON CONFLICT (warning_id, code) DO NOTHING
