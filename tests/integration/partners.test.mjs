// Partners over HTTP (ORD-6): the register with its masked contact phone, evaluations that set the next date and
// suspend a failed partner, the filter of evaluations falling due, and the daily reminder (on a clock the test
// moves) telling whoever registered the partner once.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { inboxEvents, testClock, waitFor } from './emergency_support.mjs';
import { createUser, expectError, removeDir, sqliteRows, startServer, tempDir, uniq } from './harness.mjs';

const DAY = 24 * 60 * 60 * 1000;

describe('partners', () => {
  let srv, dir, clock, safety, dispatcher;
  /** The company's calendar day (UTC+8) `offset` days from the test clock's today. */
  const day = (offset) => new Date(clock.now() + 8 * 3600 * 1000 + offset * DAY).toISOString().slice(0, 10);

  before(async () => {
    dir = await tempDir('anxin-partners-');
    clock = testClock(dir);
    srv = await startServer({ dir, admin: true, env: { ...clock.env, ANXIN_SECURITY_SESSION_ABSOLUTE_HOURS: '72' } });
    const root = srv.admin.me.user.department_id;
    safety = (await createUser(srv.admin, { roles: ['safety_manager'], department_id: root })).client;
    dispatcher = (await createUser(srv.admin, { roles: ['dispatcher'], department_id: root })).client;
  });
  after(async () => {
    await srv?.stop();
    if (dir) await removeDir(dir);
  });

  let repairer;
  test('a partner is registered once, its phone checked and masked below clearance 3', async () => {
    const name = `快修家电维修${uniq('')}`;
    const body = { name, kind: 'repairer', services: '空调维修', contact_name: '周师傅', contact_phone: '13810002001' };
    expectError(assert, await safety.post('/api/v1/partners', { ...body, contact_phone: '12345' }), {
      status: 422, key: 'partners.phone_invalid',
    });
    expectError(assert, await safety.post('/api/v1/partners', { ...body, kind: 'friend' }), { status: 400 });
    expectError(assert, await safety.post('/api/v1/partners', { ...body, first_evaluation_on: day(-1) }), {
      status: 422, key: 'partners.first_evaluation_past',
    });
    expectError(assert, await dispatcher.post('/api/v1/partners', body), { status: 403 });
    const r = await safety.post('/api/v1/partners', { ...body, evaluation_months: 3, first_evaluation_on: day(5) });
    assert.equal(r.status, 201, r.text);
    repairer = r.json;
    assert.equal(repairer.contact_phone, '13810002001');
    assert.equal(repairer.next_evaluation_on, day(5));
    assert.equal(repairer.status, 'active');
    expectError(assert, await safety.post('/api/v1/partners', body), { status: 409, key: 'partners.name_taken' });

    const seen = await dispatcher.get(`/api/v1/partners/${repairer.id}`);
    assert.equal(seen.status, 200, seen.text);
    assert.equal(seen.json.contact_phone, '138****2001');
    assert.deepEqual(seen.json.masked_fields, ['contact_phone']);
  });

  test('an evaluation sets the next date; a failing score suspends the partner', async () => {
    const p = `/api/v1/partners/${repairer.id}`;
    expectError(assert, await safety.post(`${p}/evaluations`, { evaluated_on: day(0), quality: 26, safety: 1, timeliness: 1, compliance: 1 }), {
      status: 400,
    });
    expectError(assert, await safety.post(`${p}/evaluations`, { evaluated_on: day(1), quality: 20, safety: 20, timeliness: 20, compliance: 20 }), {
      status: 422, key: 'partners.evaluated_in_future',
    });
    const good = await safety.post(`${p}/evaluations`, {
      evaluated_on: day(0), quality: 20, safety: 22, timeliness: 19, compliance: 21, notes: '维修规范，回访及时',
    });
    assert.equal(good.status, 201, good.text);
    assert.equal(good.json.score, 82);
    assert.equal(good.json.result, 'pass');
    const after3 = (await safety.get(p)).json;
    assert.equal(after3.status, 'active');
    assert.notEqual(after3.next_evaluation_on, day(5), 'the next evaluation moved three months on');
    assert.ok(after3.next_evaluation_on > day(80), after3.next_evaluation_on);

    const bad = await safety.post(`${p}/evaluations`, { evaluated_on: day(0), quality: 12, safety: 10, timeliness: 15, compliance: 14 });
    assert.equal(bad.json.score, 51);
    assert.equal(bad.json.result, 'fail');
    const suspended = (await safety.get(p)).json;
    assert.equal(suspended.status, 'suspended');
    assert.deepEqual(suspended.evaluations.map((e) => e.result), ['fail', 'pass']);
    assert.equal((await dispatcher.get(p)).json.evaluations[1].notes, '******', 'notes are class 3');

    const back = await safety.post(`${p}/status`, { version: suspended.version, status: 'active', reason: '整改完成，复评合格' });
    assert.equal(back.status, 200, back.text);
    expectError(assert, await safety.post(`${p}/status`, { version: suspended.version, status: 'active', reason: '重复提交' }), {
      status: 409, key: 'common.version_conflict',
    });
  });

  test('the register lists those due first and the daily reminder tells the registrar once', async () => {
    const name = `洁净达清洁用品${uniq('')}`;
    const made = await safety.post('/api/v1/partners', { name, kind: 'supplier', first_evaluation_on: day(15) });
    assert.equal(made.status, 201, made.text);
    const due = async (days) => (await safety.get(`/api/v1/partners?due_within_days=${days}&page_size=100`)).json.items.map((x) => x.name);
    assert.ok(!(await due(14)).includes(name));
    assert.ok((await due(15)).includes(name));
    assert.equal((await inboxEvents(safety, 'partners.evaluation_due')).length, 0, 'not due within 14 days today');

    // The clock moves in steps of at most ten hours, both sessions used between them (the idle limit is a day).
    const advance = async (ms) => {
      for (let left = ms; left > 0; left -= 10 * 3600 * 1000) {
        clock.advance(Math.min(left, 10 * 3600 * 1000));
        for (const c of [safety, dispatcher]) assert.equal((await c.get('/api/v1/auth/me')).status, 200);
      }
    };
    const toMidnight = () => DAY - ((clock.now() + 8 * 3600 * 1000) % DAY) + 5000;
    // Just past the next midnight (UTC+8), the evaluation is due within 14 days: that day's run tells the registrar.
    await advance(toMidnight());
    await waitFor(async () => (await inboxEvents(safety, 'partners.evaluation_due')).length >= 1, {
      what: 'the reminder',
    });
    assert.equal((await inboxEvents(dispatcher, 'partners.evaluation_due')).length, 0, 'only the registrar');
    await advance(toMidnight());
    // The next day's run has gone by once its job is done; it found the partner again and told nobody twice.
    const db = path.join(dir, 'anxin.db');
    const today = day(0);
    await waitFor(async () => (await sqliteRows(db, `SELECT id FROM jobs WHERE dedupe_key = 'partners.evaluation_due:${today}' AND status = 'done'`)).length === 1, {
      what: "the next day's run",
    });
    const messages = await sqliteRows(db, "SELECT id FROM notify_messages WHERE event = 'partners.evaluation_due'");
    assert.equal(messages.length, 1, 'once per partner and due date');
  });
});
