// Idempotency-Key on POST: replays, concurrent duplicates, key reuse with a different body,
// replays after a restart, and keys being private to the user who sent them.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { createUser, expectError, listAllDepartments, startServer, stopAll, uniq } from './harness.mjs';

describe('idempotency', () => {
  let srv;

  before(async () => {
    srv = await startServer({ admin: true });
  });
  after(async () => {
    await srv?.stop();
  });

  const post = (body, key, extraHeaders = {}, c = srv.admin) =>
    c.raw('POST', '/api/v1/departments', {
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key, ...extraHeaders },
    });

  async function countWithCode(code) {
    const { items } = await listAllDepartments(srv.admin, `q=${encodeURIComponent(code)}`);
    return items.filter((d) => d.code === code).length;
  }

  test('same key and body: the first response is replayed and nothing new is created', async () => {
    const key = `key-${uniq()}`;
    const code = uniq('ID');
    const body = JSON.stringify({ name: '幂等部门', code, kind: 'department' });

    const first = await post(body, key);
    assert.equal(first.status, 201, first.text);
    assert.equal(first.headers.get('idempotent-replayed'), null, 'the original response is not a replay');

    const second = await post(body, key);
    assert.equal(second.status, 201, second.text);
    assert.equal(second.text, first.text, 'replay must return the same body');
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.ok(second.headers.get('x-request-id'));

    const third = await post(body, key);
    assert.equal(third.text, first.text);
    assert.equal(third.headers.get('idempotent-replayed'), 'true');

    assert.equal(await countWithCode(code), 1);

    // Without a key the same body is a new request (and here a duplicate code).
    const noKey = await srv.admin.raw('POST', '/api/v1/departments', {
      body,
      headers: { 'Content-Type': 'application/json' },
    });
    expectError(assert, noKey, { status: 409, code: 'conflict' });
  });

  test('same key, different body: 409 common.idempotency_key_reused', async () => {
    const key = `key-${uniq()}`;
    const code = uniq('IR');
    const first = await post({ name: '原始', code, kind: 'team' }, key);
    assert.equal(first.status, 201, first.text);

    const otherCode = uniq('IO');
    const reused = await post({ name: '不同', code: otherCode, kind: 'team' }, key);
    expectError(assert, reused, { status: 409, code: 'conflict', key: 'common.idempotency_key_reused' });
    assert.equal(await countWithCode(otherCode), 0, 'the different body must not be executed');
    assert.equal(await countWithCode(code), 1);
  });

  test('a different key with a new body is a new request', async () => {
    const codeA = uniq('KA');
    const codeB = uniq('KB');
    const a = await post({ name: 'A', code: codeA, kind: 'team' }, `key-${uniq()}`);
    const b = await post({ name: 'B', code: codeB, kind: 'team' }, `key-${uniq()}`);
    assert.equal(a.status, 201, a.text);
    assert.equal(b.status, 201, b.text);
    assert.notEqual(a.json.id, b.json.id);
  });

  test('an invalid key is rejected with 400', async () => {
    const r = await post({ name: 'x', code: uniq('IK'), kind: 'team' }, 'k'.repeat(129));
    expectError(assert, r, { status: 400, code: 'invalid_argument', key: 'common.idempotency_key_invalid' });
  });

  test('keys are per user: the same key from another user is a new request', async () => {
    // A second administrator with the same rights (sysadmin) sends the same key and body.
    const other = await createUser(srv.admin, {
      roles: ['sysadmin'],
      department_id: srv.admin.me.user.department_id,
    });
    const key = `key-${uniq()}`;
    const code = uniq('PU');
    const body = JSON.stringify({ name: '按用户', code, kind: 'team' });
    const mine = await post(body, key);
    assert.equal(mine.status, 201, mine.text);
    const theirs = await post(body, key, {}, other.client);
    // Not a replay of the first user's response: executed afresh, hence the duplicate code.
    assert.equal(theirs.headers.get('idempotent-replayed'), null, theirs.text);
    expectError(assert, theirs, { status: 409, code: 'conflict' });
    const again = await post(body, key);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(again.text, mine.text);
    assert.equal(await countWithCode(code), 1);
  });

  test('20 concurrent requests with the same key create exactly one department', async () => {
    const key = `key-${uniq()}`;
    const code = uniq('CC');
    const body = JSON.stringify({ name: '并发幂等', code, kind: 'site' });
    const results = await Promise.all(Array.from({ length: 20 }, () => post(body, key)));

    const statuses = results.map((r) => r.status);
    assert.ok(
      results.every((r) => r.status === 201),
      `every request must get the (replayed) 201: ${statuses.join(',')}\n${results.map((r) => r.text).join('\n')}`,
    );
    const ids = new Set(results.map((r) => r.json.id));
    assert.equal(ids.size, 1, `all responses must name the same department: ${[...ids].join(',')}`);
    const bodies = new Set(results.map((r) => r.text));
    assert.equal(bodies.size, 1, 'all responses must carry the same body');
    const originals = results.filter((r) => r.headers.get('idempotent-replayed') !== 'true');
    assert.equal(originals.length, 1, 'exactly one response is the original, the rest are replays');

    assert.equal(await countWithCode(code), 1);
  });
});

describe('idempotency across a restart', () => {
  const servers = [];
  after(async () => {
    await stopAll(servers.reverse());
  });

  test('a recorded response is replayed by the restarted server', async () => {
    const first = await startServer({ keepDir: false, admin: true });
    servers.push(first);
    const key = `key-${uniq()}`;
    const code = uniq('RR');
    const body = JSON.stringify({ name: '重启幂等', code, kind: 'team' });
    const headers = { 'Content-Type': 'application/json', 'Idempotency-Key': key };
    const r1 = await first.admin.raw('POST', '/api/v1/departments', { body, headers });
    assert.equal(r1.status, 201, r1.text);

    await first.kill9(); // keeps the data directory; first.stop() removes it at the end
    // The same administrator signs in again on the restarted server (keys are per user).
    const second = await startServer({ dir: first.dir, keepDir: true, admin: true });
    servers.push(second);
    const r2 = await second.admin.raw('POST', '/api/v1/departments', { body, headers });
    assert.equal(r2.status, 201, r2.text);
    assert.equal(r2.text, r1.text);
    assert.equal(r2.headers.get('idempotent-replayed'), 'true');
    const { items } = await listAllDepartments(second.admin, `q=${code}`);
    assert.equal(items.filter((d) => d.code === code).length, 1);
  });
});

describe('replay records hold no secrets in the clear', () => {
  test("a replayed user creation returns the same one-time password, which is not in the database file", async () => {
    const srv = await startServer({ admin: true, keepDir: true });
    try {
      const me = await srv.admin.get('/api/v1/auth/me');
      const body = JSON.stringify({
        username: uniq('seal').toLowerCase().replace(/[^a-z0-9_.-]/g, ''),
        display_name: '封存测试',
        department_id: me.json.user.department_id,
      });
      const send = () =>
        srv.admin.raw('POST', '/api/v1/users', {
          body,
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'seal-key-1' },
        });
      const first = await send();
      assert.equal(first.status, 201, first.text);
      const password = JSON.parse(first.text).initial_password;
      assert.ok(password && password.length >= 12);
      const replay = await send();
      assert.equal(replay.status, 201);
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.equal(JSON.parse(replay.text).initial_password, password);
      await srv.stop();
      for (const f of fs.readdirSync(srv.dir).filter((n) => n.startsWith('anxin.db'))) {
        const bytes = fs.readFileSync(path.join(srv.dir, f));
        assert.equal(bytes.includes(Buffer.from(password)), false, `one-time password found in ${f}`);
      }
    } finally {
      await srv.stop();
      fs.rmSync(srv.dir, { recursive: true, force: true });
    }
  });
});
