SELECT u.id, u.username, u.display_name, u.department_id, d.path AS department_path, u.post_id, u.email,
       u.phone_enc, u.id_number_enc, u.bank_account_enc, u.address_enc, u.status, u.is_service_account,
       u.must_change_password, u.password_changed_at, u.totp_enabled, u.locked_until, u.created_at, u.updated_at,
       u.version
FROM users u JOIN departments d ON d.id = u.department_id
WHERE (CAST($1 AS BIGINT) IS NULL OR u.department_id = CAST($1 AS BIGINT))
  AND (CAST($2 AS TEXT) IS NULL OR u.username LIKE '%' || CAST($2 AS TEXT) || '%' ESCAPE '\'
       OR u.display_name LIKE '%' || CAST($2 AS TEXT) || '%' ESCAPE '\')
  AND (CAST($3 AS TEXT) IS NULL OR u.status = CAST($3 AS TEXT))
  AND (CAST($4 AS TEXT) IS NULL OR u.phone_bidx = CAST($4 AS TEXT))
  AND (CAST($5 AS TEXT) IS NULL OR u.id_number_bidx = CAST($5 AS TEXT))
  AND (CAST($6 AS TEXT) IS NULL OR substr(d.path, 1, length(CAST($6 AS TEXT))) = CAST($6 AS TEXT))
  AND (CAST($7 AS BIGINT) IS NULL OR u.department_id = CAST($7 AS BIGINT))
  AND (CAST($8 AS BIGINT) IS NULL OR u.id = CAST($8 AS BIGINT))
ORDER BY u.id
LIMIT $9 OFFSET $10
