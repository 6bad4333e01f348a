UPDATE notify_deliveries SET address_enc = $2 WHERE id = $1
