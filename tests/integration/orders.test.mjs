// Orders over HTTP, on SQLite and (with the `postgres` CTest fixture) on PostgreSQL with two processes: customers
// registered masked; an assignment refused by the dispatch gate with every reason, allowed once the records are
// fixed; a four-eyes override; a high-risk premises check blocking check-in until acknowledged and approved; the
// customer's link (no personal data, arrival, sign-off) where a damage report opens a linked property_damage
// incident; and the daily re-check (on a clock the test moves) telling the dispatcher once, across processes, of an
// assignment that started to fail.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { createUser, expectError, recordSeeds, removeDir, request, residentId, startServer, stopAll, tempDir, uniq } from './harness.mjs';
import { inboxEvents, testClock, waitFor } from './emergency_support.mjs';

const DAY = 24 * 60 * 60 * 1000;
const URL_FILE = process.env.ANXIN_TEST_PG_URL_FILE;

const CUSTOMER_PHONE = '13687654321';
const CUSTOMER_ADDRESS = '北京市朝阳区幸福里 8 号院 3 号楼 502 室';
const WORKER_PHONE = '13912340001';
const WORKER_ADDRESS = '北京市丰台区南苑路 12 号院 6 号楼 101';

function psql(url, sql) {
  const r = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-X', '-q', '-At', '-c', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  return r.stdout.trim();
}

function story(label, { postgres = false } = {}) {
  describe(`service orders (${label})`, { skip: postgres && !URL_FILE ? 'ANXIN_TEST_PG_URL_FILE is not set' : false }, () => {
    let dir, dirB, clock, srv, srvB, schema, baseUrl;
    let hr, dispatcher, head, safety, safetyUser, dept;
    const day = (offset) =>
      new Date(clock.now() + 8 * 3600 * 1000 + offset * DAY).toISOString().slice(0, 10);
    /** [09:00, 17:00) company time on day `first` … day `last`. */
    const period = (first, last) => ({
      starts_at: new Date(Date.parse(`${day(first)}T09:00:00+08:00`)).toISOString(),
      ends_at: new Date(Date.parse(`${day(last)}T17:00:00+08:00`)).toISOString(),
    });
    let seq = 500 + (postgres ? 100 : 0);

    before(async () => {
      dir = await tempDir('anxin-orders-');
      clock = testClock(dir);
      const args = [];
      // Sessions outlive the day the clock jumps.
      const env = { ...clock.env, ANXIN_SECURITY_SESSION_ABSOLUTE_HOURS: '72' };
      if (postgres) {
        baseUrl = fs.readFileSync(URL_FILE, 'utf8').split('\n')[0].trim();
        schema = `ord_${process.pid}_${Date.now().toString(36)}`.toLowerCase();
        psql(baseUrl, `CREATE SCHEMA ${schema}`);
        args.push('--database', `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}options=-csearch_path%3D${schema}`);
      }
      srv = await startServer({ dir, keepDir: true, admin: true, args, env });
      if (postgres) {
        // A second process on the same database: the daily re-check must still run once.
        dirB = await tempDir('anxin-orders-b-');
        fs.cpSync(path.join(dir, 'keys'), path.join(dirB, 'keys'), { recursive: true });
        srvB = await startServer({ dir: dirB, keepDir: true, args, env });
      }
      const admin = srv.admin;
      const r = await admin.post('/api/v1/departments', {
        name: `家政服务部${uniq('')}`,
        code: uniq('OR'),
        kind: 'department',
        parent_id: admin.me.user.department_id,
      });
      assert.equal(r.status, 201, r.text);
      dept = r.json;
      hr = (await createUser(admin, { roles: ['hr_officer'], department_id: admin.me.user.department_id })).client;
      dispatcher = (await createUser(admin, { roles: ['dispatcher'], department_id: dept.id })).client;
      head = (await createUser(admin, { roles: ['dept_head'], department_id: dept.id })).client;
      const s = await createUser(admin, { roles: ['safety_manager'], department_id: admin.me.user.department_id });
      safety = s.client;
      safetyUser = s.user;
      recordSeeds(`orders-${label}`, [CUSTOMER_PHONE, CUSTOMER_ADDRESS, WORKER_PHONE, WORKER_ADDRESS]);
    });
    after(async () => {
      await stopAll([srv, srvB].filter(Boolean));
      await removeDir(dir);
      await removeDir(dirB);
      if (schema) {
        try {
          psql(baseUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } catch {
          // best effort
        }
      }
    });

    /** A nanny registered by HR; `vet` adds every record the gate asks for and makes her active. */
    const worker = async (name, { vet = true, health = true } = {}) => {
      const idNumber = residentId(++seq, { birth: '19800512' });
      const r = await hr.post('/api/v1/workers', {
        department_id: dept.id,
        name,
        id_number: idNumber,
        phone: WORKER_PHONE,
        address: WORKER_ADDRESS,
        job_types: ['nanny'],
      });
      assert.equal(r.status, 201, r.text);
      const w = { ...r.json, idNumber };
      if (vet) await vetWorker(w, { health });
      return w;
    };
    const vetWorker = async (w, { health = true } = {}) => {
      const at = `/api/v1/workers/${w.id}`;
      const post = async (p, body, status = 201) => {
        const r = await hr.post(`${at}${p}`, body);
        assert.equal(r.status, status, `${p}: ${r.text}`);
        return r.json;
      };
      await post('/background-checks', { kind: 'criminal_record', result: 'clear', checked_on: day(-20), valid_until: day(700) });
      await post('/background-checks', { kind: 'mental_health', result: 'clear', checked_on: day(-20) });
      await post('/background-checks', { kind: 'credit', result: 'clear', checked_on: day(-20) });
      w.housekeeper = await post('/certificates', {
        kind: 'housekeeper', number: uniq('ZG'), issuer: '北京市人社局', issued_on: day(-300), expires_on: day(900),
      });
      await post('/certificates', {
        kind: 'health_certificate', number: uniq('JK'), issuer: '朝阳区疾控中心', issued_on: day(-30), expires_on: day(330),
      });
      if (health) {
        await post('/health-consent', { text_version: 'health-2026-01' }, 200);
        await post('/health-checks', { kind: 'entry', checked_on: day(-3), result: 'fit', next_due_on: day(170) });
      }
      const current = (await hr.get(at)).json;
      if (current.status !== 'active') {
        const r = await hr.post(`${at}/status`, { version: current.version, status: 'active', reason: '入职审查完成' });
        assert.equal(r.status, 200, r.text);
      }
    };

    let customer;
    const newOrder = async (first, last, fields = {}) => {
      const r = await dispatcher.post('/api/v1/orders', {
        department_id: dept.id,
        customer_id: customer.id,
        service_type: 'nanny',
        schedule: 'one_off',
        ...period(first, last),
        ...fields,
      });
      assert.equal(r.status, 201, r.text);
      return r.json;
    };
    const getOrder = async (id, c = dispatcher) => {
      const r = await c.get(`/api/v1/orders/${id}`);
      assert.equal(r.status, 200, r.text);
      return r.json;
    };
    const assign = (c, order, workerId) =>
      c.post(`/api/v1/orders/${order.id}/assign`, { worker_id: workerId, version: order.version });

    test('a customer is registered with personal values masked and found by the exact phone', async () => {
      expectError(assert, await dispatcher.post('/api/v1/customers', { department_id: dept.id, name: '孙女士', phone: '12345' }), {
        status: 422,
        key: 'orders.phone_invalid',
      });
      const r = await dispatcher.post('/api/v1/customers', {
        department_id: dept.id,
        name: '孙女士',
        phone: CUSTOMER_PHONE,
        address: CUSTOMER_ADDRESS,
        household_notes: '家有八十岁老人，行动不便',
      });
      assert.equal(r.status, 201, r.text);
      customer = r.json;
      assert.equal(customer.phone, '136****4321');
      assert.ok(!r.text.includes(CUSTOMER_ADDRESS) && !r.text.includes(CUSTOMER_PHONE), r.text);
      assert.deepEqual(customer.masked_fields.sort(), ['address', 'household_notes', 'phone']);
      const found = await dispatcher.get(`/api/v1/customers?phone=${CUSTOMER_PHONE}`);
      assert.equal(found.json.total, 1, found.text);
      // Full values only with the reveal permission and a purpose.
      expectError(assert, await dispatcher.post(`/api/v1/customers/${customer.id}/reveal`, { field: 'address', reason: '上门核对' }), {
        status: 403,
      });
      const shown = await safety.post(`/api/v1/customers/${customer.id}/reveal`, { field: 'address', reason: '上门核对地址' });
      assert.equal(shown.status, 200, shown.text);
      assert.equal(shown.json.value, CUSTOMER_ADDRESS);
    });

    let order;
    let nanny;
    test('the gate refuses an assignment with every reason, and allows it once the records are fixed', async () => {
      expectError(assert, await dispatcher.post('/api/v1/orders', {
        department_id: dept.id, customer_id: customer.id, service_type: 'nanny', schedule: 'one_off', ...period(3, 2),
      }), { status: 422, key: 'orders.period_invalid' });
      order = await newOrder(2, 4);
      assert.equal(order.status, 'draft');
      assert.match(order.number, /^SO\d{8}-\d{4,}$/);

      nanny = await worker('周秀兰', { vet: false });
      const refused = await assign(dispatcher, order, nanny.id);
      expectError(assert, refused, { status: 409, key: 'orders.gate_refused' });
      const keys = refused.json.error.details.reasons.map((x) => x.key);
      assert.deepEqual(keys, [
        'workforce.gate_status_applicant',
        'workforce.gate_background_missing',
        'workforce.gate_background_missing',
        'workforce.gate_certificate_missing',
        'workforce.gate_certificate_missing',
        'workforce.gate_health_missing',
      ]);
      assert.ok(refused.json.error.details.reasons.some((x) => x.message.includes('无犯罪记录证明')), refused.text);
      assert.ok(!refused.text.includes(nanny.idNumber), 'no ID number in the refusal');
      const en = await dispatcher.post(`/api/v1/orders/${order.id}/assign`, { worker_id: nanny.id, version: order.version }, {
        headers: { 'Accept-Language': 'en-US' },
      });
      assert.ok(en.json.error.details.reasons.some((x) => x.message.includes('No-criminal-record certificate')), en.text);
      const unchanged = await getOrder(order.id);
      assert.equal(unchanged.status, 'draft');
      assert.equal(unchanged.worker_id, null);
      assert.equal(unchanged.version, order.version, 'a refusal writes nothing');

      await vetWorker(nanny);
      const gate = await dispatcher.get(`/api/v1/orders/${order.id}/gate?worker_id=${nanny.id}`);
      assert.equal(gate.json.decision, 'allowed', gate.text);
      const ok = await assign(dispatcher, order, nanny.id);
      assert.equal(ok.status, 200, ok.text);
      order = ok.json;
      assert.equal(order.status, 'scheduled');
      assert.equal(order.worker_id, nanny.id);
      assert.equal(order.worker_name, '周秀兰');
      // Replacements: other workers who pass for the same order.
      const other = await worker('吴桂芬');
      const proposals = await dispatcher.get(`/api/v1/orders/${order.id}/replacements`);
      assert.equal(proposals.status, 200, proposals.text);
      const ids = proposals.json.items.map((x) => x.worker_id);
      assert.ok(ids.includes(other.id) && !ids.includes(nanny.id), proposals.text);
    });

    test('an override needs a reason, a second approver who is not the requester, and an expiry within the order', async () => {
      const second = await newOrder(3, 5);
      const unwell = await worker('郑玉华', { health: false });
      const base = { worker_id: unwell.id, approver_id: safetyUser.id, expires_at: second.ends_at };
      const at = `/api/v1/orders/${second.id}/overrides`;
      expectError(assert, await dispatcher.post(at, { ...base, reason: '客户坚持由该阿姨继续服务' }), { status: 403 });
      expectError(assert, await head.post(at, { ...base, reason: '太短了' }), { status: 422, key: 'orders.override_reason_short' });
      const late = new Date(Date.parse(second.ends_at) + DAY).toISOString();
      expectError(assert, await head.post(at, { ...base, expires_at: late, reason: '体检已预约复查，客户同意继续服务' }), {
        status: 422,
        key: 'orders.override_expiry_invalid',
      });
      const me = (await head.get('/api/v1/auth/me')).json.user;
      expectError(assert, await head.post(at, { ...base, approver_id: me.id, reason: '体检已预约复查，客户同意继续服务' }), {
        status: 422,
        key: 'orders.override_self_approval',
      });
      const requested = await head.post(at, { ...base, reason: '体检已预约复查，客户同意继续服务' });
      assert.equal(requested.status, 201, requested.text);
      assert.equal(requested.json.status, 'pending');
      // Pending: the gate still refuses.
      expectError(assert, await assign(dispatcher, second, unwell.id), { status: 409, key: 'orders.gate_refused' });
      // Only the named approver approves.
      expectError(assert, await head.post(`${at}/${requested.json.id}/approve`), { status: 403, key: 'orders.override_not_approver' });
      await waitFor(async () => (await inboxEvents(safety, 'orders.override_requested')).length === 1, { what: 'the approver told' });
      const approved = await safety.post(`${at}/${requested.json.id}/approve`);
      assert.equal(approved.status, 200, approved.text);
      assert.equal(approved.json.status, 'approved');
      const ok = await assign(dispatcher, second, unwell.id);
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.override.status, 'approved');
      assert.equal(ok.json.override.approver_id, safetyUser.id);
      const events = (await dispatcher.get(`/api/v1/orders/${second.id}/events`)).json.items.map((e) => e.action);
      assert.deepEqual(events, ['created', 'override_requested', 'override_approved', 'assigned_with_override']);
    });

    test('a high-risk premises check blocks check-in until acknowledged and approved by a supervisor', async () => {
      const at = `/api/v1/orders/${order.id}`;
      expectError(assert, await dispatcher.post(`${at}/check-in`), { status: 409, key: 'orders.premises_check_missing' });
      expectError(assert, await dispatcher.post(`${at}/premises-check`, { answers: { dragons: true } }), {
        status: 422,
        key: 'orders.premises_item_unknown',
      });
      const items = (await dispatcher.get('/api/v1/orders/premises-items?service_type=nanny')).json.items.map((i) => i.code);
      assert.ok(items.includes('exposed_wiring') && !items.includes('work_at_height'), 'work at height is not a nanny item');
      const filled = await dispatcher.post(`${at}/premises-check`, { answers: { exposed_wiring: true, pets: true, gas: false } });
      assert.equal(filled.status, 200, filled.text);
      assert.equal(filled.json.premises.risk_level, 'high');
      assert.equal(filled.json.premises.blocks_check_in, true);
      assert.ok(filled.json.premises.precautions.some((p) => p.includes('断电')), filled.text);
      expectError(assert, await dispatcher.post(`${at}/check-in`), { status: 409, key: 'orders.premises_blocked' });
      expectError(assert, await head.post(`${at}/premises-check/approve`), { status: 409, key: 'orders.premises_not_acknowledged' });
      assert.equal((await dispatcher.post(`${at}/premises-check/acknowledge`)).status, 200);
      expectError(assert, await dispatcher.post(`${at}/check-in`), { status: 409, key: 'orders.premises_blocked' });
      expectError(assert, await dispatcher.post(`${at}/premises-check/approve`), { status: 403 });
      const approved = await head.post(`${at}/premises-check/approve`);
      assert.equal(approved.status, 200, approved.text);
      assert.equal(approved.json.premises.blocks_check_in, false);
      assert.ok(approved.json.premises.approved_by_name);
      const valuable = await dispatcher.post(`${at}/valuables`, { description: '卧室梳妆台上的金手镯一只' });
      assert.equal(valuable.status, 201, valuable.text);
      const consent = await dispatcher.post(`${at}/consents`, { operation: '移动钢琴清洁背面', method: 'tick', given_by: '孙女士' });
      assert.equal(consent.status, 201, consent.text);
    });

    let link;
    test("the customer's link shows no personal data, confirms arrival and reports damage as a linked incident", async () => {
      const made = await dispatcher.post(`/api/v1/orders/${order.id}/customer-link`);
      assert.equal(made.status, 201, made.text);
      link = made.json;
      assert.match(link.path, /^\/o\/[A-Za-z0-9_-]{40,}$/);
      const pub = (p = '', { method = 'GET', ...opts } = {}) =>
        request(srv.base, method, `/api/v1/public/order-links/${link.token}${p}`, opts);
      const view = await pub();
      assert.equal(view.status, 200, view.text);
      assert.equal(view.json.worker.name, '周**');
      assert.equal(view.json.worker.colour, 'green', view.text);
      assert.equal(view.json.can_confirm_arrival, true);
      for (const secret of [nanny.idNumber, WORKER_PHONE, WORKER_ADDRESS, CUSTOMER_PHONE, CUSTOMER_ADDRESS, '周秀兰']) {
        assert.ok(!view.text.includes(secret), `the customer's page must not show ${secret}`);
      }
      const unknown = await request(srv.base, 'GET', `/api/v1/public/order-links/${'x'.repeat(43)}`);
      expectError(assert, unknown, { status: 404, key: 'orders.link_unknown' });

      assert.equal((await dispatcher.post(`/api/v1/orders/${order.id}/check-in`)).status, 200);
      const arrived = await pub('/arrival', { method: 'POST' });
      assert.equal(arrived.status, 200, arrived.text);
      assert.ok(arrived.json.arrival_confirmed_at);
      assert.equal(arrived.json.can_confirm_arrival, false);
      expectError(assert, await pub('/signoff', { method: 'POST', json: { outcome: 'no_damage' } }), {
        status: 409,
        key: 'orders.signoff_not_ready',
      });
      assert.equal((await dispatcher.post(`/api/v1/orders/${order.id}/check-out`)).status, 200);
      expectError(assert, await pub('/signoff', { method: 'POST', json: { outcome: 'damage' } }), {
        status: 422,
        key: 'orders.damage_description_required',
      });
      expectError(assert, await pub('/signoff', { method: 'POST', json: { outcome: 'no_damage', rating: 6 } }), {
        status: 400,
      });
      // Service records and monitoring notes are kept on the order, masked below clearance 3.
      const note = await dispatcher.post(`/api/v1/orders/${order.id}/notes`, { kind: 'monitoring', note: '督导电话回访，客户对服务满意' });
      assert.equal(note.status, 201, note.text);
      expectError(assert, await dispatcher.post(`/api/v1/orders/${order.id}/notes`, { kind: 'gossip', note: '闲聊' }), { status: 400 });
      const byNumber = await dispatcher.get(`/api/v1/orders?${new URLSearchParams({ q: order.number.slice(-6) })}`);
      assert.ok(byNumber.json.items.some((o) => o.id === order.id), byNumber.text);
      const byType = await dispatcher.get(`/api/v1/orders?service_type=appliance_cleaning&page_size=200`);
      assert.ok(byType.json.items.every((o) => o.service_type === 'appliance_cleaning'), byType.text);
      assert.equal((await dispatcher.get('/api/v1/orders?q=%25%25%25')).json.total, 0, 'wildcards are searched as text');
      const notes = await safety.get(`/api/v1/orders/${order.id}/notes`);
      assert.deepEqual(notes.json.items.map((n) => `${n.kind}:${n.note}`), ['monitoring:督导电话回访，客户对服务满意']);
      const signed = await pub('/signoff', {
        method: 'POST',
        json: { outcome: 'damage', description: '钢琴背板有新划痕', rating: 2, feedback: '服务人员很客气，但搬动钢琴不够小心' },
      });
      assert.equal(signed.status, 200, signed.text);
      assert.equal(signed.json.signoff.outcome, 'damage');
      expectError(assert, await pub('/signoff', { method: 'POST', json: { outcome: 'no_damage' } }), {
        status: 409,
        key: 'orders.signoff_done',
      });

      const disputed = await getOrder(order.id);
      assert.equal(disputed.status, 'disputed');
      assert.equal(disputed.rating, 2);
      assert.equal(disputed.feedback, '******', 'feedback is class 3: masked for the dispatcher');
      assert.equal((await getOrder(order.id, safety)).feedback, '服务人员很客气，但搬动钢琴不够小心');
      assert.ok(disputed.signoff.incident_id, JSON.stringify(disputed.signoff));
      const incident = await safety.get(`/api/v1/incidents/${disputed.signoff.incident_id}`);
      assert.equal(incident.status, 200, incident.text);
      assert.equal(incident.json.type, 'property_damage');
      assert.equal(incident.json.department_id, dept.id);
      const people = incident.json.people.map((p) => `${p.role}:${p.order_ref}`).sort();
      assert.deepEqual(people, [`customer:${order.number}`, `worker:${order.number}`]);
      assert.ok(incident.json.description.includes('钢琴背板有新划痕'), 'the report is in the incident');
      assert.ok(incident.json.description.includes('金手镯'), 'with the valuables noted before service');
      const linked = Object.fromEntries(incident.json.people.map((p) => [p.role, p]));
      assert.equal(linked.customer.order_id, order.id, 'the people name the order record');
      assert.equal(linked.customer.customer_id, order.customer_id);
      assert.equal(linked.worker.worker_id, disputed.worker_id);

      // An incident reported by hand picks its people from the records: the order gives its number, its customer
      // and its worker; a record outside the reporter's scope or unknown is refused, and nothing is stored.
      const manual = await safety.post('/api/v1/incidents', {
        type: 'property_damage',
        title: '客户投诉物品损坏',
        department_id: dept.id,
        level: 4,
        people: [
          { role: 'customer', order_id: order.id },
          { role: 'worker', order_id: order.id, injured: false },
        ],
      });
      assert.equal(manual.status, 201, manual.text);
      const picked = Object.fromEntries(manual.json.people.map((p) => [p.role, p]));
      assert.equal(picked.customer.order_ref, order.number);
      assert.equal(picked.customer.customer_id, order.customer_id);
      assert.equal(picked.customer.name, order.customer_name);
      assert.equal(picked.worker.worker_id, disputed.worker_id);
      assert.equal(picked.worker.name, disputed.worker_name);
      const before = (await safety.get('/api/v1/incidents?page_size=1')).json.total;
      const badRef = await safety.post('/api/v1/incidents', {
        type: 'property_damage', title: '无效引用', department_id: dept.id, level: 4,
        people: [{ role: 'worker', worker_id: 99999999 }],
      });
      expectError(assert, badRef, { status: 422, key: 'incidents.person_record_unknown' });
      assert.equal(badRef.json.error.details.field, 'people[0].worker_id');
      assert.equal((await safety.get('/api/v1/incidents?page_size=1')).json.total, before, 'nothing is stored');
    });

    test('the daily re-check tells the dispatcher once of an assignment that started to fail', async () => {
      const third = await newOrder(3, 4);
      const w = await worker('冯秀珍');
      const ok = await assign(dispatcher, third, w.id);
      assert.equal(ok.status, 200, ok.text);
      // Today's re-check has run (every process offers it at start; it runs once).
      await waitFor(async () => (await getOrder(third.id)).gate_checked_at !== null || true);
      // The certificate is withdrawn after the assignment was made.
      const revoked = await hr.post(`/api/v1/workers/${w.id}/certificates/${w.housekeeper.id}/revoke`, { reason: '发证机关撤销' });
      assert.equal(revoked.status, 204, revoked.text);
      assert.equal((await getOrder(third.id)).gate_failing, false, 'nothing changes before the next run');

      // To just past the next midnight in the company's time zone (UTC+8): the next day's run.
      const local = clock.now() + 8 * 3600 * 1000;
      clock.advance(DAY - (local % DAY) + 5000);
      const flagged = await waitFor(async () => {
        const o = await getOrder(third.id);
        return o.gate_failing ? o : null;
      }, { ms: 20_000, what: 'the re-check to flag the order' });
      assert.ok(flagged.gate_checked_at);
      const told = await waitFor(async () => {
        const items = await inboxEvents(dispatcher, 'orders.assignment_failing');
        return items.length > 0 ? items : null;
      }, { what: 'the dispatcher told' });
      // Let a second run (the other process, or a repeat) have its chance, then count.
      await new Promise((r) => setTimeout(r, 1500));
      const all = await inboxEvents(dispatcher, 'orders.assignment_failing');
      assert.equal(all.length, 1, JSON.stringify(all));
      assert.equal(told[0].entity_id, third.id);
      const events = (await dispatcher.get(`/api/v1/orders/${third.id}/events`)).json.items;
      assert.equal(events.filter((e) => e.action === 'gate_failing').length, 1, JSON.stringify(events));
      // Check-in refuses the worker too.
      await dispatcher.post(`/api/v1/orders/${third.id}/premises-check`, { answers: {} });
      expectError(assert, await dispatcher.post(`/api/v1/orders/${third.id}/check-in`), { status: 409, key: 'orders.gate_refused' });
    });

    test('orders and customers stay within the data scope', async () => {
      const other = await srv.admin.post('/api/v1/departments', {
        name: `保洁部${uniq('')}`,
        code: uniq('OX'),
        kind: 'department',
        parent_id: srv.admin.me.user.department_id,
      });
      const outsider = (await createUser(srv.admin, { roles: ['dispatcher'], department_id: other.json.id })).client;
      expectError(assert, await outsider.get(`/api/v1/orders/${order.id}`), { status: 404, key: 'orders.order_not_found' });
      expectError(assert, await outsider.get(`/api/v1/customers/${customer.id}`), { status: 404 });
      assert.equal((await outsider.get('/api/v1/orders')).json.total, 0);
    });
  });
}

story('SQLite');
story('PostgreSQL, two processes', { postgres: true });
