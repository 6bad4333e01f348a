SELECT u.id FROM users u JOIN departments d ON d.id = u.department_id
WHERE d.path LIKE $1 ESCAPE '\' AND u.status = 'active' AND u.is_service_account = 0
ORDER BY u.id
