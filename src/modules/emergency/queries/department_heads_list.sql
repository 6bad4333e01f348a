SELECT department_id, head_user_id, stand_in_user_id, away, duties, updated_at FROM department_heads ORDER BY department_id
