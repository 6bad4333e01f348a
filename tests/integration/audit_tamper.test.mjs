// The tamper-evident audit log: an attacker with write access to the database file (simulated
// with the sqlite3 CLI while the server is stopped, triggers dropped) edits, deletes, reorders,
// inserts or truncates records; `anxin audit verify` must exit 3 and name the first bad record.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  createUser,
  removeDir,
  runCli,
  signIn,
  sqlite,
  sqliteOk,
  sqliteRows as rows,
  startServer,
  tempDir,
  uniq,
} from './harness.mjs';

const q = (v) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

/**
 * The record's chain hash as the server defines it (anxin-audit-v1): SHA-256 of the fields, each as
 * "<byte length>:<text>" or "~" for NULL, in a fixed order ending with the predecessor's hash. An
 * attacker can read this from the source; the test uses it to forge records that hash correctly.
 */
function chainHash(r) {
  const put = (v) => (v === null || v === undefined ? '~' : `${Buffer.byteLength(String(v))}:${v}`);
  const fields = [
    'anxin-audit-v1', r.seq, r.at, r.actor_user_id, r.actor_username, r.ip, r.request_id, r.action, r.entity,
    r.entity_id, r.department_id, r.before_json, r.after_json, r.outcome, r.reason, r.prev_hash,
  ];
  return crypto.createHash('sha256').update(fields.map(put).join('')).digest('hex');
}

const COLUMNS = [
  'seq', 'at', 'actor_user_id', 'actor_username', 'ip', 'request_id', 'action', 'entity', 'entity_id',
  'department_id', 'before_json', 'after_json', 'outcome', 'reason', 'prev_hash', 'hash',
];
const insertSql = (r) => `INSERT INTO audit_log (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => q(r[c])).join(', ')})`;

describe('audit log tampering', () => {
  let dataDir;
  let head; // the last seq, covered by a signed checkpoint
  let auditorAccount;
  const copies = [];

  before(async () => {
    dataDir = await tempDir('anxin-audit-');
    const srv = await startServer({ dir: dataDir, admin: true });
    try {
      const admin = srv.admin;
      const rootId = admin.me.user.department_id;
      // Changes over HTTP, each one audit record or more.
      for (let i = 0; i < 8; i += 1) {
        const d = await admin.post('/api/v1/departments', { name: `审计${i}`, code: uniq('AU'), kind: 'team', parent_id: rootId });
        assert.equal(d.status, 201, d.text);
        if (i % 2 === 0) {
          const u = await admin.patch(`/api/v1/departments/${d.json.id}`, { version: d.json.version, name: `审计${i}改` });
          assert.equal(u.status, 200, u.text);
        }
      }
      const auditor = await createUser(admin, { roles: ['auditor'], department_id: rootId });
      auditorAccount = auditor.account;
      const v = await auditor.client.get('/api/v1/audit/verification');
      assert.equal(v.status, 200, v.text);
      assert.equal(v.json.ok, true, v.text);
      assert.ok(v.json.records_checked >= 10, v.text);
      assert.equal(v.json.first_bad_seq, null);
      const logs = await auditor.client.get('/api/v1/audit/logs?page_size=1');
      assert.ok(logs.json.total >= 10, `at least 10 audit records expected: ${logs.text}`);
    } finally {
      await srv.stop();
    }
    const cp = await runCli(['audit', 'checkpoint', '--data-dir', dataDir]);
    assert.equal(cp.code, 0, cp.stderr);
    const m = /Checkpoint at record (\d+): [0-9a-f]{64}/.exec(cp.stdout);
    assert.ok(m, cp.stdout);
    head = Number(m[1]);
    assert.ok(head >= 10, `only ${head} records`);
  });
  after(async () => {
    for (const d of [dataDir, ...copies]) await removeDir(d);
  });

  /** A fresh copy of the untouched data directory. */
  async function copy() {
    const dir = await tempDir('anxin-audit-copy-');
    copies.push(dir);
    await fsp.cp(dataDir, dir, { recursive: true });
    return dir;
  }

  const db = (dir) => path.join(dir, 'anxin.db');

  /** Drops every trigger guarding the audit tables, as an attacker with file access can. */
  async function dropTriggers(dir) {
    const names = (await rows(db(dir), "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name LIKE 'audit%'")).map(
      (r) => r.name,
    );
    assert.ok(names.length > 0, 'the audit tables should be guarded by triggers');
    await sqliteOk(db(dir), names.map((n) => `DROP TRIGGER "${n}";`).join('\n'));
  }

  async function verify(dir) {
    return runCli(['audit', 'verify', '--data-dir', dir], { timeoutMs: 60_000 });
  }

  /** Asserts verify exits 3 naming `seq` (and `problem`, if given). */
  async function expectTampered(dir, seq, problem) {
    const r = await verify(dir);
    assert.equal(r.code, 3, `verify should exit 3:\n${r.stdout}\n${r.stderr}`);
    const m = /AUDIT LOG TAMPERED: (\w+) at record (\d+): (.+)/.exec(r.stdout);
    assert.ok(m, `unexpected verify output:\n${r.stdout}`);
    assert.equal(Number(m[2]), seq, `wrong record named: ${r.stdout}`);
    if (problem) assert.equal(m[1], problem, r.stdout);
    return { problem: m[1], message: m[3] };
  }

  test('the untouched log verifies: exit 0', async () => {
    const r = await verify(dataDir);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, new RegExp(`Audit log intact: ${head} records, 1 signed checkpoints verified\\.`));
  });

  test('with the triggers in place, records cannot be changed or deleted', async () => {
    const dir = await copy();
    const upd = await sqlite(db(dir), "UPDATE audit_log SET reason = 'x' WHERE seq = 1");
    assert.notEqual(upd.code, 0, 'UPDATE of an audit record must fail');
    assert.match(upd.stderr, /append-only/);
    const del = await sqlite(db(dir), 'DELETE FROM audit_log WHERE seq = 1');
    assert.notEqual(del.code, 0, 'DELETE of a young audit record must fail');
    const ins = await sqlite(
      db(dir),
      'INSERT INTO audit_log (seq, at, action, entity, outcome, prev_hash, hash) ' +
        `VALUES (${head + 5}, 0, 'x', 'y', 'success', 'a', 'b')`,
    );
    assert.notEqual(ins.code, 0, 'an out-of-sequence INSERT must fail');
    const cp = await sqlite(db(dir), 'DELETE FROM audit_checkpoints');
    assert.notEqual(cp.code, 0, 'checkpoints cannot be deleted');
    assert.equal((await verify(dir)).code, 0, 'the refused statements changed nothing');
  });

  test('the server-side hash matches the documented canonical form (precondition for forging)', async () => {
    const all = await rows(db(dataDir), 'SELECT * FROM audit_log ORDER BY seq');
    assert.equal(all.length, head);
    for (const r of all) assert.equal(chainHash(r), r.hash, `record ${r.seq}`);
    for (let i = 1; i < all.length; i += 1) assert.equal(all[i].prev_hash, all[i - 1].hash);
  });

  test('an edited field of record 3 is found', async () => {
    const dir = await copy();
    await dropTriggers(dir);
    await sqliteOk(db(dir), `UPDATE audit_log SET after_json = '{"name":"forged"}' WHERE seq = 3`);
    await expectTampered(dir, 3, 'hash_mismatch');
  });

  test('an edit with a recomputed hash is found too (the next record no longer links)', async () => {
    const dir = await copy();
    await dropTriggers(dir);
    const [r] = await rows(db(dir), 'SELECT * FROM audit_log WHERE seq = 4');
    const forged = { ...r, reason: 'nothing happened here' };
    forged.hash = chainHash(forged);
    await sqliteOk(db(dir), `UPDATE audit_log SET reason = ${q(forged.reason)}, hash = ${q(forged.hash)} WHERE seq = 4`);
    await expectTampered(dir, 4);
  });

  test('a deleted record 5 is found', async () => {
    const dir = await copy();
    await dropTriggers(dir);
    await sqliteOk(db(dir), 'DELETE FROM audit_log WHERE seq = 5');
    await expectTampered(dir, 5, 'sequence_gap');
  });

  test('two records with swapped sequence numbers are found', async () => {
    const dir = await copy();
    await dropTriggers(dir);
    await sqliteOk(
      db(dir),
      'UPDATE audit_log SET seq = -6 WHERE seq = 6; UPDATE audit_log SET seq = 6 WHERE seq = 8; ' +
        'UPDATE audit_log SET seq = 8 WHERE seq = -6;',
    );
    await expectTampered(dir, 6, 'reordered');
  });

  test('a forged record inserted in the middle (later ones renumbered, hash valid) is found', async () => {
    const dir = await copy();
    await dropTriggers(dir);
    const [prev] = await rows(db(dir), 'SELECT * FROM audit_log WHERE seq = 6');
    // Make room at 7: move 7..head up by one (via negative numbers to avoid key clashes).
    await sqliteOk(
      db(dir),
      'UPDATE audit_log SET seq = -(seq + 1) WHERE seq >= 7; UPDATE audit_log SET seq = -seq WHERE seq < 0;',
    );
    const forged = {
      ...prev,
      seq: 7,
      at: prev.at + 1,
      action: 'delete',
      entity: 'user',
      entity_id: '1',
      before_json: null,
      after_json: null,
      reason: 'routine clean-up',
      prev_hash: prev.hash,
    };
    forged.hash = chainHash(forged);
    await sqliteOk(db(dir), insertSql(forged));
    await expectTampered(dir, 7, 'inserted');
  });

  test('a forged record appended behind the head (hash valid) is found', async () => {
    const dir = await copy();
    await dropTriggers(dir);
    const [last] = await rows(db(dir), `SELECT * FROM audit_log WHERE seq = ${head}`);
    const forged = { ...last, seq: head + 1, at: last.at + 1, action: 'reveal', reason: 'forged', prev_hash: last.hash };
    forged.hash = chainHash(forged);
    await sqliteOk(db(dir), insertSql(forged));
    await expectTampered(dir, head + 1, 'inserted');
  });

  test('the last 3 records truncated after a checkpoint covered them are found', async () => {
    const dir = await copy();
    await dropTriggers(dir);
    await sqliteOk(db(dir), `DELETE FROM audit_log WHERE seq > ${head - 3}`);
    // Moving the head back as well (its trigger is dropped) does not hide it: the checkpoint does.
    await expectTampered(dir, head - 2, 'truncated');
    await sqliteOk(
      db(dir),
      `UPDATE audit_head SET seq = ${head - 3}, hash = (SELECT hash FROM audit_log WHERE seq = ${head - 3}) WHERE id = 1`,
    );
    await expectTampered(dir, head - 2, 'truncated');
  });

  test('the server reports the tampering too: GET /api/v1/audit/verification', async () => {
    const dir = await copy();
    await dropTriggers(dir);
    await sqliteOk(db(dir), `UPDATE audit_log SET actor_username = 'someone_else' WHERE seq = 3`);
    const srv = await startServer({ dir, keepDir: true });
    try {
      const auditor = await signIn(srv.base, auditorAccount);
      const v = await auditor.get('/api/v1/audit/verification');
      assert.equal(v.status, 200, v.text);
      assert.equal(v.json.ok, false, v.text);
      assert.equal(v.json.first_bad_seq, 3, v.text);
      assert.equal(v.json.problem, 'hash_mismatch', v.text);
      assert.ok(v.json.message.length > 0);
    } finally {
      await srv.stop();
    }
  });
});
