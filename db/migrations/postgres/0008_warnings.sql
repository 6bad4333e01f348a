-- Early warnings (预警, modules/warnings): the four colour levels (1 red = I, the highest, … 4 blue
-- = IV), the areas a warning affects (departments/sites or free-text regions), every change kept as
-- a version row with a snapshot (issue, update, escalate, downgrade, lift), and the response
-- checklist of the working groups. Measures and descriptions are free text that may name people:
-- key-ring ciphertexts (*_enc, class 3), in the warning and in each version. Area texts are regions
-- (never household addresses) and stay readable: they are published in CAP documents.
CREATE TABLE warnings (
  id BIGSERIAL PRIMARY KEY,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
  category TEXT NOT NULL CHECK (category IN ('weather', 'safety', 'health', 'fire', 'security', 'system', 'other')),
  title TEXT NOT NULL,
  expected_at BIGINT NOT NULL,
  expires_at BIGINT,
  scope TEXT NOT NULL DEFAULT 'public' CHECK (scope IN ('public', 'restricted')),
  measures_enc BYTEA,
  description_enc BYTEA,
  -- Group-robot notification channels (JSON array of notify_channels ids) used for every version.
  channels TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'lifted')),
  issued_by BIGINT REFERENCES users (id),
  issued_at BIGINT NOT NULL,
  lifted_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX warnings_status_level ON warnings (status, level);

CREATE TABLE warning_areas (
  id BIGSERIAL PRIMARY KEY,
  warning_id BIGINT NOT NULL REFERENCES warnings (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  department_id BIGINT REFERENCES departments (id),
  label TEXT,
  CHECK ((department_id IS NULL) <> (label IS NULL))
);
CREATE INDEX warning_areas_warning ON warning_areas (warning_id, position);
CREATE INDEX warning_areas_department ON warning_areas (department_id);

CREATE TABLE warning_versions (
  id BIGSERIAL PRIMARY KEY,
  warning_id BIGINT NOT NULL REFERENCES warnings (id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('issue', 'update', 'escalate', 'downgrade', 'lift')),
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
  status TEXT NOT NULL CHECK (status IN ('active', 'lifted')),
  -- JSON of the readable fields as they were (title, category, areas with names, times, scope).
  snapshot TEXT NOT NULL,
  measures_enc BYTEA,
  description_enc BYTEA,
  reason TEXT NOT NULL,
  changed_by BIGINT REFERENCES users (id),
  changed_at BIGINT NOT NULL,
  UNIQUE (warning_id, version)
);

CREATE TABLE warning_checklist_items (
  id BIGSERIAL PRIMARY KEY,
  warning_id BIGINT NOT NULL REFERENCES warnings (id) ON DELETE CASCADE,
  group_code TEXT NOT NULL CHECK (group_code IN ('rescue', 'logistics', 'liaison', 'investigation', 'custom')),
  code TEXT NOT NULL,
  title_zh TEXT NOT NULL,
  title_en TEXT NOT NULL,
  -- The lowest level (4 blue … 1 red) that calls for the item.
  min_level INTEGER NOT NULL CHECK (min_level BETWEEN 1 AND 4),
  sort_order INTEGER NOT NULL DEFAULT 0,
  owner_id BIGINT REFERENCES users (id),
  done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
  done_by BIGINT REFERENCES users (id),
  done_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (warning_id, code)
);
