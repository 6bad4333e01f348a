SELECT * FROM service_types ORDER BY sort_order, code
