UPDATE incident_investigations
SET facts_enc = $2, direct_causes = $3, root_causes = $4, responsibility_enc = $5, grade = $6, summary_review = $7,
    updated_at = $8, version = version + 1
WHERE id = $1 AND version = $9 AND status = $10
