SELECT * FROM premises_check_items WHERE active = 1 ORDER BY sort_order, code
