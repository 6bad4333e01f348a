SELECT i.*, d.path AS department_path
FROM incidents i JOIN departments d ON d.id = i.department_id
WHERE i.id = $1
