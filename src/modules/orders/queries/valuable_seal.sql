UPDATE order_valuables SET description_enc = $2 WHERE id = $1
