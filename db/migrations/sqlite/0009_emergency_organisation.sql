-- The emergency organisation (应急管理组织): leadership group, working groups, department heads and
-- duties, and who stands in for whom. Commanders of incidents are derived from it by level.
CREATE TABLE emergency_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  safety_department_id INTEGER REFERENCES departments (id),
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
INSERT INTO emergency_settings (id, safety_department_id, updated_at, version) VALUES (1, NULL, 0, 1);

CREATE TABLE emergency_leaders (
  user_id INTEGER PRIMARY KEY REFERENCES users (id),
  position TEXT NOT NULL CHECK (position IN ('leader', 'deputy_leader', 'member')),
  stand_in_user_id INTEGER REFERENCES users (id),
  away INTEGER NOT NULL DEFAULT 0 CHECK (away IN (0, 1)),
  sort_order INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE working_groups (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  duties TEXT NOT NULL DEFAULT '',
  builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
  sort_order INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE working_group_members (
  group_id INTEGER NOT NULL REFERENCES working_groups (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id),
  role TEXT NOT NULL CHECK (role IN ('head', 'member')),
  duties TEXT NOT NULL DEFAULT '',
  stand_in_user_id INTEGER REFERENCES users (id),
  away INTEGER NOT NULL DEFAULT 0 CHECK (away IN (0, 1)),
  PRIMARY KEY (group_id, user_id)
);

CREATE TABLE department_heads (
  department_id INTEGER PRIMARY KEY REFERENCES departments (id),
  head_user_id INTEGER REFERENCES users (id),
  stand_in_user_id INTEGER REFERENCES users (id),
  away INTEGER NOT NULL DEFAULT 0 CHECK (away IN (0, 1)),
  duties TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL
);
