UPDATE warning_checklist_items
SET owner_id = $3, done = $4, done_by = $5, done_at = $6, updated_at = $7, version = version + 1
WHERE warning_id = $1 AND id = $2
