SELECT id, role, user_id, name_enc, order_ref, injured, worker_id, customer_id, order_id
FROM incident_people
WHERE incident_id = $1
ORDER BY id
