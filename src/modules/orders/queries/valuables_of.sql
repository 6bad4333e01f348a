SELECT * FROM order_valuables WHERE order_id = $1 ORDER BY id
