INSERT INTO key_rotation_progress (table_name, column_name, target_version, last_id, updated_at)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (table_name, column_name)
DO UPDATE SET target_version = excluded.target_version, last_id = excluded.last_id, updated_at = excluded.updated_at
