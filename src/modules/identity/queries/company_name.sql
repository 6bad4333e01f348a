SELECT name FROM departments WHERE parent_id IS NULL ORDER BY sort_order, id LIMIT 1
