UPDATE service_orders SET address_enc = $2, notes_enc = $3 WHERE id = $1
