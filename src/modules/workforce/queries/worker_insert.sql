INSERT INTO workers (department_id, name, id_number_enc, id_number_bidx, job_types, employment, agency_name, status,
                     status_changed_at, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, 'applicant', $8, $8, $8)
RETURNING id
