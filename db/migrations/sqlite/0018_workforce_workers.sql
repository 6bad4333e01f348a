-- Workforce (服务人员, WRK-1 … WRK-3) and what the dispatch gate reads of it (WRK-6). A worker is a record of its
-- own, not a user account; it may be linked to one for signing in on a phone. Data classes (SEC-1): name, job
-- types, status and certificates are class 2; phone, address and emergency contact class 3; ID number, bank
-- account, background-check notes and health results class 4. Class 3–4 values are key-ring ciphertext (*_enc);
-- the ID number and phone are found through keyed blind indexes (*_bidx).

-- Service types a worker is sent for, and what the gate requires of each (configurable; built-in rows cannot be
-- removed). `required_certificates` is a comma-separated list of certificate kinds.
CREATE TABLE service_types (
  code TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  required_certificates TEXT NOT NULL DEFAULT '',
  health_valid_days INTEGER NOT NULL CHECK (health_valid_days BETWEEN 1 AND 3660),
  builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  sort_order INTEGER NOT NULL DEFAULT 0
);
-- Health checks are valid for half a year where the worker cares for infants, mothers or the elderly, a year
-- for cleaning work.
INSERT INTO service_types (code, name_zh, name_en, required_certificates, health_valid_days, builtin, sort_order)
VALUES ('nanny', '保姆', 'Nanny', 'housekeeper,health_certificate', 180, 1, 1),
       ('maternity', '月嫂/育婴', 'Maternity and infant care', 'maternity_nurse,health_certificate', 180, 1, 2),
       ('cleaning', '保洁', 'Cleaning', 'health_certificate', 365, 1, 3),
       ('elderly_care', '养老护理', 'Elderly care', 'elderly_carer,health_certificate', 180, 1, 4),
       ('hourly', '钟点工', 'Hourly help', 'health_certificate', 365, 1, 5),
       ('appliance_cleaning', '家电清洗', 'Appliance cleaning', '', 365, 1, 6);

CREATE TABLE workers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  department_id INTEGER NOT NULL REFERENCES departments (id),
  name TEXT NOT NULL,
  id_number_enc BLOB NOT NULL,
  id_number_bidx TEXT NOT NULL UNIQUE,
  phone_enc BLOB,
  phone_bidx TEXT,
  address_enc BLOB,
  bank_account_enc BLOB,
  emergency_contact_enc BLOB,
  -- ",nanny,cleaning," so that one LIKE finds a type.
  job_types TEXT NOT NULL,
  employment TEXT NOT NULL CHECK (employment IN ('own', 'agency')),
  agency_name TEXT,
  user_id INTEGER REFERENCES users (id),
  status TEXT NOT NULL CHECK (status IN ('applicant', 'active', 'suspended', 'left')),
  status_reason TEXT,
  status_changed_at BIGINT NOT NULL,
  -- The 安心码 (WRK-9): the token of the worker's public safety page, looked up by its SHA-256 and kept sealed so
  -- that the code can be printed again; NULL when none is issued (or it was revoked).
  safety_token_hash TEXT,
  safety_token_enc BLOB,
  safety_token_issued_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX workers_department ON workers (department_id);
CREATE INDEX workers_phone_bidx ON workers (phone_bidx);
CREATE INDEX workers_status ON workers (status);
CREATE UNIQUE INDEX workers_user ON workers (user_id);
CREATE UNIQUE INDEX workers_safety_token ON workers (safety_token_hash);

-- Every status change with its reason: the worker's history.
CREATE TABLE worker_status_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  worker_id INTEGER NOT NULL REFERENCES workers (id),
  from_status TEXT,
  to_status TEXT NOT NULL,
  reason TEXT NOT NULL,
  actor_id INTEGER REFERENCES users (id),
  at BIGINT NOT NULL
);
CREATE INDEX worker_status_events_worker ON worker_status_events (worker_id, at);

-- Background checks (背景审查): no-criminal-record certificate, mental-health declaration, credit check.
-- Dates are calendar days in the company's time zone ("YYYY-MM-DD"); valid_until NULL: no end.
CREATE TABLE worker_background_checks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  worker_id INTEGER NOT NULL REFERENCES workers (id),
  kind TEXT NOT NULL CHECK (kind IN ('criminal_record', 'mental_health', 'credit')),
  result TEXT NOT NULL CHECK (result IN ('clear', 'flagged', 'pending')),
  checked_on TEXT NOT NULL,
  valid_until TEXT,
  note_enc BLOB,
  created_by INTEGER REFERENCES users (id),
  created_at BIGINT NOT NULL
);
CREATE INDEX worker_background_checks_worker ON worker_background_checks (worker_id, kind, checked_on);

-- Qualification certificates (资质证书).
CREATE TABLE worker_certificates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  worker_id INTEGER NOT NULL REFERENCES workers (id),
  kind TEXT NOT NULL,
  number TEXT NOT NULL,
  issuer TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  expires_on TEXT,
  revoked_at BIGINT,
  created_by INTEGER REFERENCES users (id),
  created_at BIGINT NOT NULL,
  CHECK (expires_on IS NULL OR expires_on >= issued_on)
);
CREATE INDEX worker_certificates_worker ON worker_certificates (worker_id, kind);
CREATE INDEX worker_certificates_expiry ON worker_certificates (expires_on);

-- Consent to process sensitive personal information (PIPL art. 29): recorded before health data is saved.
CREATE TABLE worker_consents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  worker_id INTEGER NOT NULL REFERENCES workers (id),
  purpose TEXT NOT NULL CHECK (purpose IN ('health_data')),
  text_version TEXT NOT NULL,
  recorded_by INTEGER REFERENCES users (id),
  recorded_at BIGINT NOT NULL,
  withdrawn_at BIGINT
);
CREATE INDEX worker_consents_worker ON worker_consents (worker_id, purpose);

-- Entry and periodic health checks (体检); the result and restrictions are health data (class 4).
CREATE TABLE worker_health_checks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  worker_id INTEGER NOT NULL REFERENCES workers (id),
  kind TEXT NOT NULL CHECK (kind IN ('entry', 'periodic')),
  checked_on TEXT NOT NULL,
  result_enc BLOB NOT NULL,
  restrictions_enc BLOB,
  next_due_on TEXT NOT NULL,
  consent_id INTEGER NOT NULL REFERENCES worker_consents (id),
  created_by INTEGER REFERENCES users (id),
  created_at BIGINT NOT NULL,
  CHECK (next_due_on > checked_on)
);
CREATE INDEX worker_health_checks_worker ON worker_health_checks (worker_id, checked_on);
CREATE INDEX worker_health_checks_due ON worker_health_checks (next_due_on);

-- Working time (WRK-7): the shifts a worker worked or is planned to work, for the hours flags and the gate.
CREATE TABLE worker_shifts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  worker_id INTEGER NOT NULL REFERENCES workers (id),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  note TEXT,
  created_by INTEGER REFERENCES users (id),
  created_at BIGINT NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX worker_shifts_worker ON worker_shifts (worker_id, starts_at);

-- Rules of the workforce module an administrator may change (hours limits, the gate's warning window).
CREATE TABLE workforce_settings (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO workforce_settings (key, value)
VALUES ('daily_hours_max', 8), ('weekly_hours_max', 44), ('weekly_rest_days_min', 1), ('gate_warning_days', 30);
