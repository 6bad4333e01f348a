-- Incidents (突发事件) and the emergency response (INC-1 … INC-7). Free text that may hold personal
-- data (place, description, measures, follow-ups, people's names, timeline notes) is stored
-- encrypted (*_enc, class 3).
CREATE TABLE incidents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  number TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  title TEXT NOT NULL,
  occurred_at BIGINT NOT NULL,
  reported_at BIGINT NOT NULL,
  department_id INTEGER NOT NULL REFERENCES departments (id),
  reporter_id INTEGER NOT NULL REFERENCES users (id),
  place_enc BLOB,
  nature TEXT NOT NULL DEFAULT '',
  scope TEXT NOT NULL DEFAULT '',
  deaths INTEGER NOT NULL DEFAULT 0,
  injuries INTEGER NOT NULL DEFAULT 0,
  description_enc BLOB,
  measures_enc BLOB,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
  commander_id INTEGER REFERENCES users (id),
  commander_rule TEXT,
  status TEXT NOT NULL CHECK (status IN ('responding', 'ended', 'closed')),
  ended_at BIGINT,
  ended_by INTEGER REFERENCES users (id),
  loss_fen BIGINT,
  loss_assessment_enc BLOB,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX incidents_department ON incidents (department_id);
CREATE INDEX incidents_status ON incidents (status, reported_at);

CREATE TABLE incident_people (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  role TEXT NOT NULL CHECK (role IN ('worker', 'customer', 'other')),
  user_id INTEGER REFERENCES users (id),
  name_enc BLOB,
  order_ref TEXT,
  injured INTEGER NOT NULL DEFAULT 0 CHECK (injured IN (0, 1))
);
CREATE INDEX incident_people_incident ON incident_people (incident_id);

-- Follow-up reports (续报): appended, never changed.
CREATE TABLE incident_reports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  author_id INTEGER NOT NULL REFERENCES users (id),
  at BIGINT NOT NULL,
  text_enc BLOB NOT NULL
);
CREATE INDEX incident_reports_incident ON incident_reports (incident_id, at);

-- The reporting chain (INC-3): each step has an assignee and a deadline.
CREATE TABLE incident_steps (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  seq INTEGER NOT NULL,
  stage TEXT NOT NULL CHECK (stage IN ('onsite', 'department_head', 'leadership', 'authorities')),
  assignee_id INTEGER REFERENCES users (id),
  due_at BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'escalated')),
  done_at BIGINT,
  done_by INTEGER REFERENCES users (id),
  escalated_at BIGINT,
  escalated_to INTEGER REFERENCES users (id),
  UNIQUE (incident_id, seq)
);

CREATE TABLE incident_levels (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  at BIGINT NOT NULL,
  by_id INTEGER NOT NULL REFERENCES users (id),
  from_level INTEGER,
  to_level INTEGER NOT NULL,
  commander_id INTEGER REFERENCES users (id),
  commander_rule TEXT,
  reason TEXT NOT NULL
);
CREATE INDEX incident_levels_incident ON incident_levels (incident_id, at);

CREATE TABLE incident_tasks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  group_code TEXT NOT NULL,
  title TEXT NOT NULL,
  owner_id INTEGER REFERENCES users (id),
  due_at BIGINT,
  status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX incident_tasks_incident ON incident_tasks (incident_id);

-- One timeline of everything that happened (INC-5, INC-6).
CREATE TABLE incident_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  at BIGINT NOT NULL,
  actor_id INTEGER REFERENCES users (id),
  kind TEXT NOT NULL,
  summary TEXT NOT NULL,
  note_enc BLOB
);
CREATE INDEX incident_events_incident ON incident_events (incident_id, at, id);

-- Deadlines of the reporting chain per response level, in minutes after the report.
CREATE TABLE incident_deadlines (
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
  stage TEXT NOT NULL CHECK (stage IN ('department_head', 'leadership', 'authorities')),
  minutes INTEGER NOT NULL CHECK (minutes > 0),
  PRIMARY KEY (level, stage)
);
INSERT INTO incident_deadlines (level, stage, minutes) VALUES
  (1, 'department_head', 10), (1, 'leadership', 20), (1, 'authorities', 60),
  (2, 'department_head', 15), (2, 'leadership', 30), (2, 'authorities', 120),
  (3, 'department_head', 30), (3, 'leadership', 60),
  (4, 'department_head', 60), (4, 'leadership', 240);
