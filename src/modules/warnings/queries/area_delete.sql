DELETE FROM warning_areas WHERE warning_id = $1
