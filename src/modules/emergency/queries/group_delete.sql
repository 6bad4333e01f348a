DELETE FROM working_groups WHERE id = $1
