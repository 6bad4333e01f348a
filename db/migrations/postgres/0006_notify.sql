-- Notifications (platform/notify): configured channels, published messages, one delivery per
-- recipient and channel (retried with backoff, leased by the worker that sends it) and the in-app
-- inbox. Values that may hold personal data or secrets are key-ring ciphertexts (*_enc): channel
-- secrets (class 4), message parameters and inbox texts (class 3). No recipient address is stored:
-- it is looked up when sending. user_id columns carry no foreign key: accounts are disabled, never
-- deleted, and the platform layer stays independent of the identity schema.
CREATE TABLE notify_channels (
  id BIGSERIAL PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('email', 'wecom', 'dingtalk', 'feishu', 'sms')),
  name TEXT NOT NULL UNIQUE,
  endpoint TEXT NOT NULL,
  secret_enc BYTEA,
  username TEXT,
  sender TEXT,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE notify_messages (
  id BIGSERIAL PRIMARY KEY,
  event TEXT NOT NULL,
  params_enc BYTEA,
  dedupe_key TEXT UNIQUE,
  created_at BIGINT NOT NULL
);

CREATE TABLE notify_deliveries (
  id BIGSERIAL PRIMARY KEY,
  message_id BIGINT NOT NULL REFERENCES notify_messages (id) ON DELETE CASCADE,
  channel TEXT NOT NULL CHECK (channel IN ('inapp', 'email', 'sms', 'wecom', 'dingtalk', 'feishu')),
  channel_id BIGINT REFERENCES notify_channels (id) ON DELETE SET NULL,
  user_id BIGINT,
  lang TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  lease_owner TEXT,
  lease_until BIGINT,
  last_error TEXT,
  sent_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX notify_deliveries_due ON notify_deliveries (status, next_attempt_at);
CREATE INDEX notify_deliveries_message ON notify_deliveries (message_id);

CREATE TABLE notify_inbox (
  id BIGSERIAL PRIMARY KEY,
  user_id BIGINT NOT NULL,
  message_id BIGINT NOT NULL REFERENCES notify_messages (id) ON DELETE CASCADE,
  title_enc BYTEA,
  body_enc BYTEA,
  created_at BIGINT NOT NULL,
  read_at BIGINT
);
CREATE INDEX notify_inbox_user ON notify_inbox (user_id, id);
