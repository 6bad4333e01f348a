INSERT INTO department_heads (department_id, head_user_id, stand_in_user_id, away, duties, updated_at)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (department_id) DO UPDATE SET head_user_id = excluded.head_user_id,
  stand_in_user_id = excluded.stand_in_user_id, away = excluded.away, duties = excluded.duties,
  updated_at = excluded.updated_at
