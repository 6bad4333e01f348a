UPDATE workers
SET department_id = $2, name = $3, job_types = $4, employment = $5, agency_name = $6, updated_at = $7,
    version = version + 1
WHERE id = $1 AND version = $8
