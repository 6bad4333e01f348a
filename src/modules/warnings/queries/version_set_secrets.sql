UPDATE warning_versions SET measures_enc = $2, description_enc = $3 WHERE id = $1
