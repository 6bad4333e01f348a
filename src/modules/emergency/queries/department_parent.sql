SELECT parent_id FROM departments WHERE id = $1
