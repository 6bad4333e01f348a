-- The worker's integrity record (诚信档案, WRK-2) and rights records (WRK-7): pay, social insurance, and the cases
-- the company handles for the worker (complaints the worker raises, dispute mediation, legal advice and aid,
-- psychological support).

-- A commendation, a complaint about the worker or a violation with points (1-12; points of the last 365 days
-- count against the gate's limit). summary_enc: class 3 free text.
CREATE TABLE worker_integrity_entries (
  id BIGSERIAL PRIMARY KEY,
  worker_id BIGINT NOT NULL REFERENCES workers (id),
  kind TEXT NOT NULL CHECK (kind IN ('commendation', 'complaint', 'violation')),
  occurred_on TEXT NOT NULL,
  points INTEGER NOT NULL DEFAULT 0
    CHECK ((kind = 'violation' AND points BETWEEN 1 AND 12) OR (kind <> 'violation' AND points = 0)),
  summary_enc BYTEA,
  recorded_by BIGINT REFERENCES users (id),
  recorded_at BIGINT NOT NULL
);
CREATE INDEX worker_integrity_worker ON worker_integrity_entries (worker_id, occurred_on);

-- One month's pay (class 3: the amounts, in integer fen, are sealed together).
CREATE TABLE worker_pay_records (
  id BIGSERIAL PRIMARY KEY,
  worker_id BIGINT NOT NULL REFERENCES workers (id),
  period TEXT NOT NULL,
  amounts_enc BYTEA,
  paid_on TEXT,
  recorded_by BIGINT REFERENCES users (id),
  recorded_at BIGINT NOT NULL,
  UNIQUE (worker_id, period)
);

-- Social-insurance status changes; the latest is the current status.
CREATE TABLE worker_social_insurance (
  id BIGSERIAL PRIMARY KEY,
  worker_id BIGINT NOT NULL REFERENCES workers (id),
  status TEXT NOT NULL CHECK (status IN ('enrolled', 'not_enrolled', 'commercial_only', 'exempt')),
  since TEXT NOT NULL,
  recorded_by BIGINT REFERENCES users (id),
  recorded_at BIGINT NOT NULL
);
CREATE INDEX worker_social_insurance_worker ON worker_social_insurance (worker_id, id);

-- A case handled for the worker: a complaint the worker raises (grievance), a dispute mediation, legal advice or
-- aid, psychological support. parties_enc, summary_enc, outcome_enc: class 3 (class 4 for psychological support).
CREATE TABLE worker_cases (
  id BIGSERIAL PRIMARY KEY,
  worker_id BIGINT NOT NULL REFERENCES workers (id),
  kind TEXT NOT NULL CHECK (kind IN ('grievance', 'mediation', 'legal_aid', 'psych_support')),
  opened_on TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  parties_enc BYTEA,
  summary_enc BYTEA,
  outcome_enc BYTEA,
  closed_on TEXT,
  recorded_by BIGINT REFERENCES users (id),
  recorded_at BIGINT NOT NULL,
  closed_by BIGINT REFERENCES users (id),
  closed_at BIGINT
);
CREATE INDEX worker_cases_worker ON worker_cases (worker_id, opened_on);

INSERT INTO workforce_settings (key, value) VALUES ('integrity_points_max', 12);
