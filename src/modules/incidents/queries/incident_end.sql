UPDATE incidents SET status = 'ended', ended_at = $2, ended_by = $3, loss_fen = $4, loss_assessment_enc = $5,
                     updated_at = $2, version = version + 1
WHERE id = $1 AND version = $6 AND status = 'responding'
