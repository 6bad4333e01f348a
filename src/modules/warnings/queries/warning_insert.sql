INSERT INTO warnings (level, category, title, expected_at, expires_at, scope, channels, status, issued_by, issued_at,
                      created_at, updated_at, version)
VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8, $9, $9, $9, 1) RETURNING id
