SELECT position FROM emergency_leaders WHERE user_id = $1
