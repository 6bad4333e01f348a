SELECT id, level, category, title, expected_at, expires_at, scope, measures_enc, description_enc, customer_contacts_enc,
       channels, status, issued_by, issued_at, lifted_at, created_at, updated_at, version
FROM warnings
WHERE id = $1
