-- After the emergency (INC-8 … INC-11): aftermath (善后) with the injured and their treatment,
-- compensation and follow-up visits; the investigation report (事故调查报告) with corrective actions
-- (整改措施) and the recovery plan (恢复重建); and cases (案例) published from closed incidents.
-- Names, notes, payees, facts and responsibility are class 3 and stored encrypted (*_enc).

-- An injured person: linked to the incident's people when known there, else named here.
CREATE TABLE incident_injured (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  person_id INTEGER REFERENCES incident_people (id),
  name_enc BLOB,
  hospital TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('hospitalised', 'outpatient', 'discharged', 'recovered', 'deceased')),
  created_by INTEGER NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX incident_injured_incident ON incident_injured (incident_id);

-- Treatment follow-up of an injured person: appended over time, never changed.
CREATE TABLE incident_treatments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  injured_id INTEGER NOT NULL REFERENCES incident_injured (id),
  at BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('hospitalised', 'outpatient', 'discharged', 'recovered', 'deceased')),
  note_enc BLOB,
  created_by INTEGER NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL
);
CREATE INDEX incident_treatments_injured ON incident_treatments (injured_id, at, id);

-- Compensation items in integer fen. claim_ref is the seam to insurance claims (INS-3).
CREATE TABLE incident_compensations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  injured_id INTEGER REFERENCES incident_injured (id),
  kind TEXT NOT NULL CHECK (kind IN ('medical', 'lost_wages', 'nutrition', 'property', 'other')),
  amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
  payee_enc BLOB,
  status TEXT NOT NULL CHECK (status IN ('proposed', 'approved', 'paid')),
  claim_ref TEXT,
  created_by INTEGER NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX incident_compensations_incident ON incident_compensations (incident_id);

-- Customer follow-up visits (回访) with satisfaction 1–5.
CREATE TABLE incident_visits (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  at BIGINT NOT NULL,
  visitor_id INTEGER NOT NULL REFERENCES users (id),
  method TEXT NOT NULL CHECK (method IN ('phone', 'visit', 'wechat', 'other')),
  satisfaction INTEGER NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
  note_enc BLOB,
  created_by INTEGER NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL
);
CREATE INDEX incident_visits_incident ON incident_visits (incident_id, at, id);

-- The investigation report, one per incident: draft → submitted → closed.
CREATE TABLE incident_investigations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id INTEGER NOT NULL UNIQUE REFERENCES incidents (id),
  facts_enc BLOB,
  direct_causes TEXT NOT NULL DEFAULT '',
  root_causes TEXT NOT NULL DEFAULT '',
  responsibility_enc BLOB,
  grade TEXT CHECK (grade IN ('especially_serious', 'serious', 'major', 'general')),
  summary_review TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'closed')),
  created_by INTEGER NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  submitted_at BIGINT,
  submitted_by INTEGER REFERENCES users (id),
  closed_at BIGINT,
  closed_by INTEGER REFERENCES users (id),
  version INTEGER NOT NULL DEFAULT 1
);

-- Corrective actions (整改措施), tracked until verified.
CREATE TABLE incident_corrective_actions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  title TEXT NOT NULL,
  owner_id INTEGER NOT NULL REFERENCES users (id),
  due_at BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'done', 'verified')),
  done_at BIGINT,
  verified_at BIGINT,
  verified_by INTEGER REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX incident_corrective_actions_incident ON incident_corrective_actions (incident_id);

-- The recovery plan (恢复重建): tasks with owners and deadlines.
CREATE TABLE incident_recovery_tasks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  title TEXT NOT NULL,
  owner_id INTEGER NOT NULL REFERENCES users (id),
  due_at BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done')),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX incident_recovery_tasks_incident ON incident_recovery_tasks (incident_id);

-- Published cases (案例): training material free of personal data. The month, not the date; the
-- department name at the level below the root; no people, no place. incident_id only prevents a
-- second case of the same incident and is not shown.
CREATE TABLE incident_cases (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id INTEGER NOT NULL UNIQUE REFERENCES incidents (id),
  title TEXT NOT NULL,
  type TEXT NOT NULL,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
  month TEXT NOT NULL,
  department_name TEXT NOT NULL,
  grade TEXT NOT NULL CHECK (grade IN ('especially_serious', 'serious', 'major', 'general')),
  direct_causes TEXT NOT NULL,
  root_causes TEXT NOT NULL,
  actions TEXT NOT NULL,
  lessons TEXT NOT NULL,
  published_at BIGINT NOT NULL
);
CREATE INDEX incident_cases_published ON incident_cases (published_at, id);
