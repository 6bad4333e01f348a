-- Third-party partners (ORD-6): suppliers, repairers and partner agencies, each evaluated periodically. Partners are
-- company-wide records (no department scope). contact_phone_enc: class 3.
CREATE TABLE partners (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('supplier', 'repairer', 'agency', 'other')),
  services TEXT NOT NULL DEFAULT '',
  contact_name TEXT,
  contact_phone_enc BYTEA,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'ended')),
  status_reason TEXT,
  evaluation_months INTEGER NOT NULL DEFAULT 6 CHECK (evaluation_months BETWEEN 1 AND 24),
  next_evaluation_on TEXT NOT NULL,
  created_by BIGINT REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
-- The daily reminder reads the active partners whose evaluation falls due: a range of this index.
CREATE INDEX partners_due ON partners (status, next_evaluation_on);

-- One evaluation: four criteria of 0-25 points each (quality, safety, timeliness, compliance), their sum the score;
-- 80 and above passes, 60-79 passes with conditions, below 60 fails (and suspends the partner). notes_enc: class 3.
CREATE TABLE partner_evaluations (
  id BIGSERIAL PRIMARY KEY,
  partner_id BIGINT NOT NULL REFERENCES partners (id),
  evaluated_on TEXT NOT NULL,
  quality INTEGER NOT NULL CHECK (quality BETWEEN 0 AND 25),
  safety INTEGER NOT NULL CHECK (safety BETWEEN 0 AND 25),
  timeliness INTEGER NOT NULL CHECK (timeliness BETWEEN 0 AND 25),
  compliance INTEGER NOT NULL CHECK (compliance BETWEEN 0 AND 25),
  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
  result TEXT NOT NULL CHECK (result IN ('pass', 'conditional', 'fail')),
  notes_enc BYTEA,
  evaluator_id BIGINT REFERENCES users (id),
  recorded_at BIGINT NOT NULL
);
CREATE INDEX partner_evaluations_partner ON partner_evaluations (partner_id, evaluated_on);
