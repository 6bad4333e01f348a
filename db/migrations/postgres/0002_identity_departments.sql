-- Departments of the company as a tree; `path` is the materialised ancestry "/1/4/9/" used for
-- "department and below" data scopes without recursive queries.
CREATE TABLE departments (
  id BIGSERIAL PRIMARY KEY,
  parent_id BIGINT REFERENCES departments (id),
  name TEXT NOT NULL,
  code TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('company', 'department', 'team', 'site')),
  path TEXT NOT NULL DEFAULT '',
  sort_order INTEGER NOT NULL DEFAULT 0,
  phone TEXT,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX departments_parent ON departments (parent_id);
CREATE INDEX departments_path ON departments (path);
CREATE UNIQUE INDEX departments_sibling_name ON departments (COALESCE(parent_id, 0), name);
