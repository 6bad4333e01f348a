-- Customers and service orders (ORD-1 … ORD-4): who is served, where, when and by whom; the premises check at the
-- door, valuables and consents, and the customer's link to confirm arrival and sign the visit off. Data classes
-- (SEC-1): customer names, service types, schedules and statuses are class 2; phone, address, household notes,
-- order notes and valuables are class 3, stored as key-ring ciphertext (*_enc); the phone is found through a keyed
-- blind index (phone_bidx).

CREATE TABLE customers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  department_id INTEGER NOT NULL REFERENCES departments (id),
  name TEXT NOT NULL,
  phone_enc BLOB,
  phone_bidx TEXT,
  address_enc BLOB,
  household_notes_enc BLOB,
  created_by INTEGER REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX customers_department ON customers (department_id);
CREATE INDEX customers_phone_bidx ON customers (phone_bidx);

-- A service order; times are UTC milliseconds, the period is [starts_at, ends_at).
CREATE TABLE service_orders (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  number TEXT NOT NULL UNIQUE,
  department_id INTEGER NOT NULL REFERENCES departments (id),
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  address_enc BLOB,
  service_type TEXT NOT NULL REFERENCES service_types (code),
  schedule TEXT NOT NULL CHECK (schedule IN ('one_off', 'recurring', 'live_in')),
  recurrence TEXT,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'in_service', 'completed', 'confirmed', 'disputed',
                                         'cancelled')),
  worker_id INTEGER REFERENCES workers (id),
  assigned_by INTEGER REFERENCES users (id),
  assigned_at BIGINT,
  check_in_at BIGINT,
  check_out_at BIGINT,
  arrival_confirmed_at BIGINT,
  -- The daily re-check (WRK-6): 1 when the gate refuses the assignment it once allowed.
  gate_failing INTEGER NOT NULL DEFAULT 0 CHECK (gate_failing IN (0, 1)),
  gate_checked_at BIGINT,
  signoff_outcome TEXT CHECK (signoff_outcome IN ('no_damage', 'damage')),
  signoff_at BIGINT,
  signoff_incident_id INTEGER REFERENCES incidents (id),
  cancel_reason TEXT,
  notes_enc BLOB,
  created_by INTEGER NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
-- The re-check reads the scheduled orders starting before the end of its window: a range of this index.
CREATE INDEX service_orders_status_start ON service_orders (status, starts_at);
CREATE INDEX service_orders_worker ON service_orders (worker_id, starts_at);
CREATE INDEX service_orders_customer ON service_orders (customer_id);
CREATE INDEX service_orders_department ON service_orders (department_id, starts_at);

-- A four-eyes exception to the dispatch gate for one worker on one order: requested with a reason, approved by the
-- named second person, valid until expires_at (at most the order's end).
CREATE TABLE gate_overrides (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id INTEGER NOT NULL REFERENCES service_orders (id),
  worker_id INTEGER NOT NULL REFERENCES workers (id),
  reason TEXT NOT NULL,
  requested_by INTEGER NOT NULL REFERENCES users (id),
  approver_id INTEGER NOT NULL REFERENCES users (id),
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved')),
  approved_at BIGINT,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  CHECK (approver_id <> requested_by)
);
CREATE INDEX gate_overrides_order ON gate_overrides (order_id, worker_id);

-- The premises checklist (ORD-2): items with the risk a "yes" carries and the precaution it requires, for the
-- service types listed (",cleaning,hourly,"; empty: every type). Custom items may be added.
CREATE TABLE premises_check_items (
  code TEXT PRIMARY KEY,
  label_zh TEXT NOT NULL,
  label_en TEXT NOT NULL,
  risk TEXT NOT NULL CHECK (risk IN ('low', 'medium', 'high', 'extreme')),
  precaution_zh TEXT NOT NULL,
  precaution_en TEXT NOT NULL,
  service_types TEXT NOT NULL DEFAULT '',
  sort_order INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
INSERT INTO premises_check_items (code, label_zh, label_en, risk, precaution_zh, precaution_en, service_types,
                                  sort_order)
VALUES ('wet_floor', '地面湿滑或有积水', 'Wet or slippery floors', 'medium', '穿防滑鞋，先清理积水并放置警示',
        'Wear non-slip shoes; clear standing water and put up a warning', '', 1),
       ('work_at_height', '需登高或擦窗作业', 'Work at height or window cleaning', 'high',
        '使用合格梯具并有人扶梯；外窗作业系安全带，禁止探身窗外',
        'Use a sound ladder held by a second person; wear a harness for outside windows and never lean out',
        ',cleaning,hourly,appliance_cleaning,', 2),
       ('exposed_wiring', '电线裸露或插座破损', 'Exposed wiring or damaged sockets', 'high',
        '断电后再作业，不触碰裸露电线，请客户报修', 'Switch off the power first, do not touch bare wires, ask the customer to have it repaired',
        '', 3),
       ('gas', '燃气设施异常或有燃气味', 'Faulty gas appliance or smell of gas', 'extreme',
        '立即停止作业，开窗通风，禁止明火和开关电器，撤离并报告',
        'Stop at once, open the windows, no flames or switches, leave and report', '', 4),
       ('flammables', '作业区域有易燃易爆物品', 'Flammables near the work area', 'medium', '远离热源，禁止使用明火',
        'Keep away from heat; no open flames', '', 5),
       ('pets', '家中有宠物', 'Pets at home', 'low', '请客户隔离宠物，注意防止咬伤抓伤',
        'Ask the customer to keep pets apart; beware of bites and scratches', '', 6),
       ('valuables', '作业区域有贵重物品', 'Valuables in the work area', 'medium', '服务前登记贵重物品，移动前征得客户同意',
        'Note valuables before service; ask the customer before moving them', '', 7),
       ('vulnerable_people', '有老人、婴幼儿、病人或残障人士', 'Elderly people, infants, sick or disabled people present',
        'medium', '确认照护要求和紧急联系人，注意防跌倒、防烫伤',
        'Confirm care needs and the emergency contact; prevent falls and scalds', '', 8);

-- The premises check filled at the door: the answers ({"code": true|false}), the risk level they give, and for a
-- high or extreme risk the worker's acknowledgement of the precautions and a supervisor's approval.
CREATE TABLE premises_checks (
  order_id INTEGER PRIMARY KEY REFERENCES service_orders (id),
  answers TEXT NOT NULL,
  risk_level TEXT NOT NULL CHECK (risk_level IN ('low', 'medium', 'high', 'extreme')),
  checked_by INTEGER NOT NULL REFERENCES users (id),
  checked_at BIGINT NOT NULL,
  acknowledged_by INTEGER REFERENCES users (id),
  acknowledged_at BIGINT,
  approved_by INTEGER REFERENCES users (id),
  approved_at BIGINT
);

-- Valuables noted before service (ORD-3); the description is class 3 free text.
CREATE TABLE order_valuables (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id INTEGER NOT NULL REFERENCES service_orders (id),
  description_enc BLOB NOT NULL,
  noted_by INTEGER NOT NULL REFERENCES users (id),
  noted_at BIGINT NOT NULL
);
CREATE INDEX order_valuables_order ON order_valuables (order_id);

-- The customer's consent to an operation that may damage property (ORD-3): who gave it, when and how.
CREATE TABLE order_consents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id INTEGER NOT NULL REFERENCES service_orders (id),
  operation TEXT NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('tick', 'sms_code')),
  given_by TEXT NOT NULL,
  given_at BIGINT NOT NULL,
  recorded_by INTEGER NOT NULL REFERENCES users (id)
);
CREATE INDEX order_consents_order ON order_consents (order_id);

-- The customer's link to the order (ORD-4): an unguessable token, found by its SHA-256, valid until expires_at.
CREATE TABLE customer_links (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id INTEGER NOT NULL REFERENCES service_orders (id),
  token_hash TEXT NOT NULL UNIQUE,
  expires_at BIGINT NOT NULL,
  created_by INTEGER NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL
);
CREATE INDEX customer_links_order ON customer_links (order_id);

-- The order's history: every change with who made it (NULL: the customer through the link, or a background job).
CREATE TABLE order_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id INTEGER NOT NULL REFERENCES service_orders (id),
  action TEXT NOT NULL,
  actor_id INTEGER REFERENCES users (id),
  note TEXT,
  at BIGINT NOT NULL
);
CREATE INDEX order_events_order ON order_events (order_id, at);
