SELECT * FROM order_consents WHERE order_id = $1 ORDER BY id
