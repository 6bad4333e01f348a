SELECT h.department_id, d.name AS department_name, h.head_user_id, h.stand_in_user_id, h.away, h.duties, h.updated_at
FROM department_heads h JOIN departments d ON d.id = h.department_id
ORDER BY d.path
