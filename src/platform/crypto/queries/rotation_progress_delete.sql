DELETE FROM key_rotation_progress WHERE table_name = $1 AND column_name = $2
