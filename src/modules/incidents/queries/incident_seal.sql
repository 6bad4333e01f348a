UPDATE incidents SET number = $2, place_enc = $3, description_enc = $4, measures_enc = $5 WHERE id = $1
