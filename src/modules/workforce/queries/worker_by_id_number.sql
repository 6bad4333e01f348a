SELECT id FROM workers WHERE id_number_bidx = $1
