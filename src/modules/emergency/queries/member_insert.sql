INSERT INTO working_group_members (group_id, user_id, role, duties, stand_in_user_id, away) VALUES ($1, $2, $3, $4, $5, $6)
