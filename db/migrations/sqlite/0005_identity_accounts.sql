-- Accounts, roles and sessions. Personal values of users are stored encrypted (*_enc, class 3–4,
-- see modules/identity/user.hpp) with keyed blind indexes (*_bidx) for equality search.
CREATE TABLE posts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  sort_order INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE roles (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT,
  data_scope TEXT NOT NULL CHECK (data_scope IN ('own', 'department', 'department_tree', 'all')),
  clearance INTEGER NOT NULL DEFAULT 2 CHECK (clearance BETWEEN 1 AND 4),
  builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE role_permissions (
  role_id INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  permission TEXT NOT NULL,
  PRIMARY KEY (role_id, permission)
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  department_id INTEGER NOT NULL REFERENCES departments (id),
  post_id INTEGER REFERENCES posts (id),
  email TEXT,
  phone_enc BLOB,
  phone_bidx TEXT,
  id_number_enc BLOB,
  id_number_bidx TEXT,
  bank_account_enc BLOB,
  address_enc BLOB,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  is_service_account INTEGER NOT NULL DEFAULT 0 CHECK (is_service_account IN (0, 1)),
  password_hash TEXT,
  password_changed_at BIGINT,
  must_change_password INTEGER NOT NULL DEFAULT 1 CHECK (must_change_password IN (0, 1)),
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT,
  totp_secret_enc BLOB,
  totp_enabled INTEGER NOT NULL DEFAULT 0 CHECK (totp_enabled IN (0, 1)),
  totp_last_step BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX users_department ON users (department_id);
CREATE INDEX users_phone_bidx ON users (phone_bidx);
CREATE INDEX users_id_number_bidx ON users (id_number_bidx);

CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role_id INTEGER NOT NULL REFERENCES roles (id),
  PRIMARY KEY (user_id, role_id)
);

CREATE TABLE password_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  password_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, created_at);

-- Browser sessions: only the SHA-256 of the cookie token is stored.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  stage TEXT NOT NULL CHECK (stage IN ('totp', 'active')),
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  absolute_expires_at BIGINT NOT NULL,
  ip TEXT,
  revoked_at BIGINT
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Bearer tokens of service accounts: hashed, scoped to a subset of the account's permissions.
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  revoked_at BIGINT,
  last_used_at BIGINT
);

CREATE TABLE recovery_codes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  used_at BIGINT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- Every login, failure, lockout, logout and password change. Unknown user names are not stored
-- (they may be mistyped passwords): only their keyed hash.
CREATE TABLE login_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at BIGINT NOT NULL,
  user_id INTEGER,
  username TEXT,
  ip TEXT,
  event TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
  reason TEXT
);
CREATE INDEX login_log_at ON login_log (at);
CREATE INDEX login_log_user ON login_log (user_id, at);
