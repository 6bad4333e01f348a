SELECT COUNT(*) AS n FROM departments WHERE parent_id = $1
