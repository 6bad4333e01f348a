UPDATE order_notes SET note_enc = $2 WHERE id = $1
