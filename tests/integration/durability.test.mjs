// Durability: every write the server acknowledged (201) must survive a kill -9 that happens while
// other writes are still in flight. One administrator session sends all 64 concurrent streams.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { departmentTotal, startServer, stopAll } from './harness.mjs';

const CLIENTS = 64;
const LOAD_MS = 3000;

describe('durability', () => {
  const servers = [];
  after(async () => {
    // Stop the restarted server first; the first (killed) one owns and removes the directory.
    await stopAll(servers.reverse());
  });

  test('acknowledged departments survive kill -9 under concurrent load', async () => {
    const first = await startServer({ admin: true });
    servers.push(first);
    const admin = first.admin;

    const acked = []; // {id, code}
    const failures = []; // non-201 answers received before the kill
    let killed = false;
    let stop = false;
    let inFlight = 0;
    let maxInFlightAtKill = 0;

    async function worker(n) {
      for (let i = 0; !stop; i += 1) {
        const code = `D${n}-${i}-${process.pid}`.slice(0, 32);
        inFlight += 1;
        try {
          const r = await admin.raw('POST', '/api/v1/departments', {
            body: JSON.stringify({ name: `耐久 ${n}-${i}`, code, kind: 'team' }),
            headers: { 'Content-Type': 'application/json' },
          });
          if (r.status === 201) {
            assert.equal(r.json.code, code);
            acked.push({ id: r.json.id, code });
          } else if (!killed) {
            failures.push(`${r.status} ${r.text}`);
          }
        } catch (e) {
          // Connection errors are expected once the server is killed; before that they are bugs.
          if (!killed) failures.push(`request error before kill: ${e.cause?.code ?? ''} ${e.message}`);
          if (killed) return;
        } finally {
          inFlight -= 1;
        }
      }
    }

    const workers = Array.from({ length: CLIENTS }, (_, n) => worker(n));
    await new Promise((r) => setTimeout(r, LOAD_MS));
    // Kill while the workers are still sending.
    maxInFlightAtKill = inFlight;
    killed = true;
    const ackedBeforeKill = acked.length;
    await first.kill9();
    stop = true;
    await Promise.all(workers);

    console.log(
      `durability: ${acked.length} departments acknowledged (${ackedBeforeKill} before the kill signal), ` +
        `${maxInFlightAtKill} requests in flight at the kill`,
    );
    assert.deepEqual(failures, [], 'no request may fail before the kill');
    assert.ok(acked.length > 0, 'the server acknowledged nothing in the load phase');
    assert.ok(maxInFlightAtKill > 0, 'the kill should hit requests in flight');
    assert.equal(new Set(acked.map((a) => a.id)).size, acked.length, 'ids must be unique');

    // The administrator signs in again on the restarted server (the sessions table survived too,
    // but a fresh sign-in also proves the account and its second factor are intact).
    const second = await startServer({ dir: first.dir, keepDir: true, admin: true });
    servers.push(second);
    const admin2 = second.admin;

    const missing = [];
    const queue = [...acked];
    async function checker() {
      for (let a = queue.pop(); a; a = queue.pop()) {
        const r = await admin2.get(`/api/v1/departments/${a.id}`);
        if (r.status !== 200 || r.json?.code !== a.code) missing.push(`${a.id}/${a.code}: ${r.status} ${r.text}`);
      }
    }
    await Promise.all(Array.from({ length: 8 }, checker));
    assert.deepEqual(missing.slice(0, 20), [], `${missing.length} acknowledged departments lost or changed`);
    assert.ok((await departmentTotal(admin2)) >= acked.length);

    // The restarted server accepts writes again, also from the session opened before the kill.
    const again = await admin2.post('/api/v1/departments', { name: '重启后', code: `AFTER-${process.pid}`, kind: 'team' });
    assert.equal(again.status, 201, again.text);
    const old = admin.rebase(second.base);
    const again2 = await old.post('/api/v1/departments', { name: '旧会话', code: `OLDS-${process.pid}`, kind: 'team' });
    assert.equal(again2.status, 201, again2.text);
  });
});
