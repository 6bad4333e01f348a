UPDATE partner_evaluations SET notes_enc = $2 WHERE id = $1
