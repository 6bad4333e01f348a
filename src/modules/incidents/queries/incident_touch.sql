UPDATE incidents SET updated_at = $2, version = version + 1 WHERE id = $1
