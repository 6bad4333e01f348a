// Field-key rotation: `anxin keys rotate` killed part-way, the old key cannot be retired while
// values still use it, `anxin keys reencrypt` resumes, then the old key retires and every personal
// value still decrypts to what was stored, and a group robot is still reached at its sealed URL.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  BIN,
  childEnv,
  createUser,
  removeDir,
  residentId,
  runCli,
  signIn,
  sqliteRows,
  startServer,
  tempDir,
  uniq,
  uniqUsername, recordSeeds } from './harness.mjs';
import { waitFor } from './emergency_support.mjs';

const USERS = 300;
const BATCH = 20;

/**
 * Runs `anxin keys rotate` and SIGKILLs it as soon as its first progress line appears.
 * Resolves {code, signal, stdout, stderr, killedAfter (the line)}.
 */
function rotateAndKill(dataDir) {
  return new Promise((resolve, reject) => {
    const proc = spawn(BIN, ['keys', 'rotate', '--data-dir', dataDir], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killedAfter = null;
    const timer = setTimeout(() => proc.kill('SIGKILL'), 60_000);
    proc.stdout.setEncoding('utf8').on('data', (d) => {
      stdout += d;
      const m = /re-encrypting \S+: \d+\/\d+/.exec(stdout);
      if (m && killedAfter === null) {
        killedAfter = m[0];
        proc.kill('SIGKILL');
      }
    });
    proc.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, killedAfter });
    });
  });
}

describe('field-key rotation', () => {
  let dataDir;
  let srv;
  let safetyAccount;
  const seeded = []; // {id, phone, id_number}
  // A local group robot; its URL carries an access token and is stored sealed.
  const ROBOT_KEY = 'rotation-robot-key-5d21';
  const robotCalls = [];
  let robot;
  let channelId;

  before(async () => {
    robot = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        robotCalls.push(req.url);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"errcode":0,"errmsg":"ok"}');
      });
    });
    await new Promise((resolve) => robot.listen(0, '127.0.0.1', resolve));
    dataDir = await tempDir('anxin-keys-');
    srv = await startServer({ dir: dataDir, admin: true });
    const admin = srv.admin;
    const rootId = admin.me.user.department_id;
    const d = await admin.post('/api/v1/departments', { name: '轮换', code: uniq('KR'), kind: 'department', parent_id: rootId });
    assert.equal(d.status, 201, d.text);
    const started = Date.now();
    for (let i = 0; i < USERS; i += BATCH) {
      const batch = [];
      for (let j = i; j < Math.min(i + BATCH, USERS); j += 1) {
        const phone = `139${String(10_000_000 + j * 7919).slice(-8)}`;
        const idNumber = residentId(j, { area: '320102', birth: `19${60 + (j % 40)}0${1 + (j % 9)}1${j % 10}` });
        batch.push(
          admin
            .post('/api/v1/users', {
              username: uniqUsername(`k${j}`),
              display_name: `轮换${j}`,
              department_id: d.json.id,
              phone,
              id_number: idNumber,
            })
            .then((r) => {
              assert.equal(r.status, 201, r.text);
              seeded.push({ id: r.json.id, phone, id_number: idNumber });
            }),
        );
      }
      await Promise.all(batch);
    }
    const safety = await createUser(admin, { roles: ['safety_manager'], department_id: rootId });
    safetyAccount = safety.account;
    const channel = await admin.post('/api/v1/notify/channels', {
      kind: 'wecom',
      name: '轮换值班群',
      endpoint: `http://127.0.0.1:${robot.address().port}/cgi-bin/webhook/send?key=${ROBOT_KEY}`,
    });
    assert.equal(channel.status, 201, channel.text);
    channelId = channel.json.id;
    console.log(`key rotation: ${USERS} users created in ${Date.now() - started} ms`);
    recordSeeds('key_rotation', seeded.flatMap((u) => [u.phone, u.id_number]));
    await srv.stop();
    srv = null;
  });
  after(async () => {
    await srv?.stop();
    robot?.close();
    await removeDir(dataDir);
  });

  test('rotate (killed), retire refused, reencrypt resumes, retire succeeds, every value decrypts', async () => {
    const killed = await rotateAndKill(dataDir);
    assert.ok(killed.killedAfter, `no progress line before exit:\n${killed.stdout}\n${killed.stderr}`);
    assert.equal(killed.signal, 'SIGKILL', `rotate was not killed (exit ${killed.code}):\n${killed.stdout}`);
    assert.doesNotMatch(killed.stdout, /Every registered column uses key version/, 'rotate finished before the kill');
    // Version 1 is the first field key (the blind-index key has a version of its own).
    const m = /Field key version (\d+) is now active/.exec(killed.stdout);
    assert.ok(m, killed.stdout);
    const newVersion = Number(m[1]);
    assert.ok(newVersion > 1, killed.stdout);
    console.log(`key rotation: killed after "${killed.killedAfter}"`);

    // Values still use version 1: it cannot be retired.
    const early = await runCli(['keys', 'retire', '--version', '1', '--data-dir', dataDir]);
    assert.notEqual(early.code, 0, `retiring a key in use must fail:\n${early.stdout}`);
    assert.doesNotMatch(early.stdout, /retired/);

    const resumed = await runCli(['keys', 'reencrypt', '--data-dir', dataDir], { timeoutMs: 120_000 });
    assert.equal(resumed.code, 0, `${resumed.stdout}\n${resumed.stderr}`);
    assert.match(resumed.stdout, new RegExp(`Every registered column uses key version ${newVersion}\\.`));
    // It resumed after the committed batch instead of starting over: the interrupted column's
    // first report counts past the batch done before the kill (or the column needs no more work).
    const [, column, doneBefore] = /re-encrypting (\S+): (\d+)\//.exec(killed.killedAfter);
    const firstAgain = new RegExp(`re-encrypting ${column.replace('.', '\\.')}: (\\d+)/`).exec(resumed.stdout);
    if (firstAgain) assert.ok(Number(firstAgain[1]) > Number(doneBefore), `not resumed:\n${resumed.stdout}`);

    const retired = await runCli(['keys', 'retire', '--version', '1', '--data-dir', dataDir]);
    assert.equal(retired.code, 0, `${retired.stdout}\n${retired.stderr}`);
    assert.match(retired.stdout, /Key version 1 retired\./);
    // The active key cannot be retired.
    const active = await runCli(['keys', 'retire', '--version', String(newVersion), '--data-dir', dataDir]);
    assert.notEqual(active.code, 0);
    // The robot's sealed URL is under the new key (bytes 2-5 of a ciphertext name its key version).
    const [sealed] = await sqliteRows(
      path.join(dataDir, 'anxin.db'),
      `SELECT hex(substr(endpoint_enc, 2, 4)) AS v FROM notify_channels WHERE id = ${channelId}`,
    );
    assert.equal(parseInt(sealed.v, 16), newVersion, 'the channel URL was re-encrypted');

    // The administrator's TOTP secret was re-encrypted too: it signs in with a code.
    srv = await startServer({ dir: dataDir, keepDir: true, admin: true });
    const safety = await signIn(srv.base, safetyAccount);
    const wrong = [];
    const queue = [...seeded];
    const worker = async () => {
      for (let s = queue.pop(); s; s = queue.pop()) {
        const r = await safety.get(`/api/v1/users/${s.id}`);
        if (r.status !== 200 || r.json.phone !== s.phone || r.json.id_number !== s.id_number) {
          wrong.push(`${s.id}: ${r.status} ${r.json?.phone}/${r.json?.id_number} expected ${s.phone}/${s.id_number}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    assert.deepEqual(wrong.slice(0, 10), [], `${wrong.length} of ${seeded.length} users do not decrypt to their values`);
    assert.equal(seeded.length, USERS);

    // Blind-index search still finds exact values.
    const probe = seeded[17];
    const found = await srv.admin.get(`/api/v1/users?phone=${probe.phone}`);
    assert.equal(found.status, 200, found.text);
    assert.deepEqual(found.json.items.map((u) => u.id), [probe.id]);

    // A warning still reaches the robot at its whole URL.
    const warning = await safety.post('/api/v1/warnings', {
      level: 'blue',
      category: 'weather',
      title: '降温蓝色预警',
      areas: [{ text: '南京市玄武区' }],
      expected_at: new Date(Date.now() + 3600_000).toISOString(),
      measures: '注意保暖。',
      channels: [channelId],
    });
    assert.equal(warning.status, 201, warning.text);
    await waitFor(() => robotCalls.length > 0, { what: 'the robot message' });
    assert.equal(robotCalls[0], `/cgi-bin/webhook/send?key=${ROBOT_KEY}`);
  });
});
