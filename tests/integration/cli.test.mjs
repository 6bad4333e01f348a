// The command line: version, help, configuration validation (TOML and ANXIN_* environment),
// configuration taking effect, demo data, migrations, and creating administrators.

import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import {
  client,
  expectError,
  listAllDepartments,
  loginAdmin,
  removeDir,
  request,
  runCli,
  startServer,
  stopAll,
  strongPassword,
  tempDir,
  tryLogin,
} from './harness.mjs';

const dirs = [];
async function freshDir() {
  const d = await tempDir('anxin-cli-');
  dirs.push(d);
  return d;
}
after(async () => {
  for (const d of dirs) await removeDir(d);
});

/** A server start that is expected to fail: resolves the CLI result (never hangs). */
async function serveExpectingFailure({ env = {}, args = [] } = {}) {
  const dir = await freshDir();
  const r = await runCli(['serve', '--data-dir', dir, '--listen', '127.0.0.1:0', ...args], { env, timeoutMs: 30_000 });
  assert.equal(r.timedOut, false, `serve should have refused to start but kept running\nstderr:\n${r.stderr}`);
  assert.notEqual(r.code, 0, `serve should exit non-zero\nstderr:\n${r.stderr}`);
  return r;
}

describe('cli: version and help', () => {
  test('version prints a line containing "anxin"', async () => {
    const r = await runCli(['version']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /anxin/);
  });

  for (const cmd of ['serve', 'migrate', 'demo', 'version']) {
    test(`${cmd} --help exits 0 and prints usage`, async () => {
      const r = await runCli([cmd, '--help'], { timeoutMs: 30_000 });
      assert.equal(r.timedOut, false, `${cmd} --help did not exit`);
      assert.equal(r.code, 0, r.stderr);
      const out = r.stdout + r.stderr;
      assert.ok(out.length > 0, 'help text expected');
      assert.match(out, new RegExp(cmd));
    });
  }

  test('serve --help documents the common flags', async () => {
    const r = await runCli(['serve', '--help']);
    const out = r.stdout + r.stderr;
    for (const flag of ['--data-dir', '--database', '--config', '--listen']) assert.ok(out.includes(flag), `missing ${flag}`);
  });

  test('an unknown command fails', async () => {
    const r = await runCli(['frobnicate']);
    assert.notEqual(r.code, 0);
    assert.ok(r.stderr.length > 0);
  });

  test('an unknown flag fails', async () => {
    const dir = await freshDir();
    const r = await runCli(['migrate', '--data-dir', dir, '--no-such-flag']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /no-such-flag/);
  });
});

describe('cli: configuration validation', () => {
  test('an unknown ANXIN_* environment variable fails naming it', async () => {
    const r = await serveExpectingFailure({ env: { ANXIN_BOGUS: '1' } });
    assert.match(r.stderr, /ANXIN_BOGUS/);
  });

  test('a bad integer in the environment fails naming the variable', async () => {
    const r = await serveExpectingFailure({ env: { ANXIN_HTTP_MAX_BODY_BYTES: 'lots' } });
    assert.match(r.stderr, /ANXIN_HTTP_MAX_BODY_BYTES/);
  });

  test('a bad log level in the environment fails naming the variable', async () => {
    const r = await serveExpectingFailure({ env: { ANXIN_LOG_LEVEL: 'chatty' } });
    assert.match(r.stderr, /ANXIN_LOG_LEVEL/);
  });

  test('a bad value in the TOML file fails naming the key', async () => {
    const dir = await freshDir();
    const file = path.join(dir, 'anxin.toml');
    await fsp.writeFile(file, '[log]\nlevel = "chatty"\n');
    const r = await serveExpectingFailure({ args: ['--config', file] });
    assert.match(r.stderr, /log\.level/);
  });

  test('a TOML value of the wrong type fails naming the key', async () => {
    const dir = await freshDir();
    const file = path.join(dir, 'anxin.toml');
    await fsp.writeFile(file, '[http]\nmax_body_bytes = "lots"\n');
    const r = await serveExpectingFailure({ args: ['--config', file] });
    assert.match(r.stderr, /http\.max_body_bytes/);
  });

  test('an unknown TOML key fails naming it', async () => {
    const dir = await freshDir();
    const file = path.join(dir, 'anxin.toml');
    await fsp.writeFile(file, '[http]\nmax_body_bytez = 10\n');
    const r = await serveExpectingFailure({ args: ['--config', file] });
    assert.match(r.stderr, /http\.max_body_bytez/);
  });

  test('a TOML syntax error or missing file fails', async () => {
    const dir = await freshDir();
    const file = path.join(dir, 'broken.toml');
    await fsp.writeFile(file, '[http\nmax_body_bytes = \n');
    await serveExpectingFailure({ args: ['--config', file] });
    await serveExpectingFailure({ args: ['--config', path.join(dir, 'missing.toml')] });
  });
});

describe('cli: configuration takes effect', () => {
  const servers = [];
  after(async () => {
    await stopAll(servers);
  });

  async function maxBytesSeen(srv, size) {
    const body = JSON.stringify({ name: 'x'.repeat(size), code: 'C', kind: 'team' });
    const r = await request(srv.base, 'POST', '/api/v1/departments', {
      body,
      headers: { 'Content-Type': 'application/json' },
    });
    return expectError(assert, r, { status: 413, key: 'common.payload_too_large' }).details.max_bytes;
  }

  test('ANXIN_HTTP_MAX_BODY_BYTES sets the body limit', async () => {
    const srv = await startServer({ env: { ANXIN_HTTP_MAX_BODY_BYTES: '2000' } });
    servers.push(srv);
    assert.equal(await maxBytesSeen(srv, 3000), 2000);
  });

  test('http.max_body_bytes in the TOML file sets the body limit', async () => {
    const dir = await freshDir();
    const file = path.join(dir, 'anxin.toml');
    await fsp.writeFile(file, '[http]\nmax_body_bytes = 4096\n');
    const srv = await startServer({ args: ['--config', file] });
    servers.push(srv);
    assert.equal(await maxBytesSeen(srv, 5000), 4096);
  });

  test('ANXIN_LOG_LEVEL=warn suppresses the per-request info lines', async () => {
    const srv = await startServer({ env: { ANXIN_LOG_LEVEL: 'warn' } });
    assert.equal((await client(srv.base).get('/healthz')).status, 200);
    await srv.stop();
    const lines = srv.logLines();
    assert.equal(lines.filter((l) => l.event === 'http.request').length, 0, srv.logs());
  });

  test('the default log level logs each request as a JSON line; SIGTERM exits 0', async () => {
    const srv = await startServer();
    assert.equal((await client(srv.base).get('/healthz')).status, 200);
    const exit = await srv.stop();
    assert.equal(exit.code, 0, `SIGTERM should shut down cleanly: ${JSON.stringify(exit)}`);
    const reqs = srv.logLines().filter((l) => l.event === 'http.request' && l.route === '/healthz');
    assert.equal(reqs.length, 1, srv.logs());
    assert.equal(reqs[0].status, 200);
    assert.equal(reqs[0].method, 'GET');
    assert.ok(reqs[0].request_id);
    // The bound address is logged too.
    assert.ok(srv.logs().includes(srv.addr), 'the listen address should be logged');
  });
});

describe('cli: migrate and demo', () => {
  test('migrate is idempotent and leaves a working database', async () => {
    const dir = await freshDir();
    const first = await runCli(['migrate', '--data-dir', dir]);
    assert.equal(first.code, 0, first.stderr);
    const second = await runCli(['migrate', '--data-dir', dir]);
    assert.equal(second.code, 0, second.stderr);

    const srv = await startServer({ dir, keepDir: true, admin: true });
    try {
      const r = await client(srv.base).get('/readyz');
      assert.equal(r.status, 200, r.text);
      // `admin create` placed the administrator in a root department it had to create; migrate
      // itself created none.
      const { items } = await listAllDepartments(srv.admin);
      assert.equal(items.length, 1, JSON.stringify(items));
      assert.equal(items[0].parent_id, null);
      assert.equal(items[0].id, srv.admin.me.user.department_id);
    } finally {
      await srv.stop();
    }
    const third = await runCli(['migrate', '--data-dir', dir]);
    assert.equal(third.code, 0, third.stderr);
  });

  test('migrate honours --database with an explicit SQLite file', async () => {
    const dir = await freshDir();
    const db = path.join(dir, 'custom.db');
    const r = await runCli(['migrate', '--data-dir', dir, '--database', `sqlite:${db}`]);
    assert.equal(r.code, 0, r.stderr);
    await fsp.access(db);
  });

  test('demo loads a department tree and running it twice does not duplicate', async () => {
    const dir = await freshDir();
    const first = await runCli(['demo', '--data-dir', dir], { timeoutMs: 120_000 });
    assert.equal(first.code, 0, first.stderr);

    let srv = await startServer({ dir, keepDir: true, admin: true });
    let after1;
    let tree;
    try {
      after1 = await listAllDepartments(srv.admin);
      tree = (await srv.admin.get('/api/v1/departments/tree')).json;
    } finally {
      await srv.stop();
    }
    assert.ok(after1.total > 5, `demo should create more than 5 departments, got ${after1.total}`);
    assert.ok(tree.items.length >= 1);
    assert.ok(
      tree.items.some((n) => n.children.length > 0),
      'demo departments should form a tree',
    );

    const second = await runCli(['demo', '--data-dir', dir], { timeoutMs: 120_000 });
    assert.equal(second.code, 0, second.stderr);
    srv = await startServer({ dir, keepDir: true, admin: true });
    try {
      const after2 = await listAllDepartments(srv.admin);
      assert.equal(after2.total, after1.total, 'a second demo run must not duplicate data');
      assert.deepEqual(
        after2.items.map((d) => d.code).sort(),
        after1.items.map((d) => d.code).sort(),
      );
    } finally {
      await srv.stop();
    }
  });
});

describe('cli: administrators', () => {
  test('serve on an empty database creates the first administrator once, with a one-time password', async () => {
    const dir = await freshDir();
    const srv = await startServer({ dir, keepDir: true });
    let password;
    try {
      const out = srv.stdout();
      assert.match(out, /First administrator created\./);
      assert.match(out, /user name: admin/);
      const m = /one-time password: (\S+)/.exec(out);
      assert.ok(m, `no one-time password in stdout:\n${out}`);
      password = m[1];
      assert.equal(srv.logs().includes(password), false, 'the one-time password must not reach the log');
      const r = await tryLogin(srv.base, 'admin', password);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.pending, 'password_change', 'a one-time password must be changed first');
      // The harness completes the change and the TOTP enrolment from the printed password.
      const admin = await loginAdmin(srv);
      assert.equal(admin.me.pending, null);
      assert.equal(admin.me.user.username, 'admin');
      assert.ok(admin.me.permissions.includes('identity:user:create'));
      assert.ok(admin.me.permissions.includes('identity:user:assign_roles'));
    } finally {
      await srv.stop();
    }
    const again = await startServer({ dir, keepDir: true });
    try {
      assert.doesNotMatch(again.stdout(), /First administrator created/);
      // The one-time password was replaced at the first sign-in.
      const r = await tryLogin(again.base, 'admin', password);
      expectError(assert, r, { status: 401, key: 'auth.invalid_credentials' });
    } finally {
      await again.stop();
    }
  });

  test('admin create --password-stdin: the policy applies; the account needs no password change', async () => {
    const dir = await freshDir();
    const weak = await runCli(['admin', 'create', '--username', 'boss', '--password-stdin', '--data-dir', dir], {
      input: 'short\n',
    });
    assert.notEqual(weak.code, 0, 'a short password must be refused');
    const withName = await runCli(['admin', 'create', '--username', 'boss', '--password-stdin', '--data-dir', dir], {
      input: 'Xx1#boss-and-more\n',
    });
    assert.notEqual(withName.code, 0, 'a password containing the user name must be refused');

    const password = strongPassword();
    const ok = await runCli(
      ['admin', 'create', '--username', 'boss', '--password-stdin', '--role', 'auditor', '--data-dir', dir],
      { input: `${password}\n` },
    );
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout.includes(password), false, 'the chosen password is not echoed');
    const dup = await runCli(['admin', 'create', '--username', 'boss', '--password-stdin', '--data-dir', dir], {
      input: `${strongPassword()}\n`,
    });
    assert.notEqual(dup.code, 0, 'a taken user name must be refused');

    const generated = await runCli(['admin', 'create', '--username', 'deputy', '--role', 'sysadmin', '--data-dir', dir]);
    assert.equal(generated.code, 0, generated.stderr);
    const m = /One-time password: (\S+)/.exec(generated.stdout);
    assert.ok(m, generated.stdout);

    const srv = await startServer({ dir, keepDir: true });
    try {
      assert.doesNotMatch(srv.stdout(), /First administrator created/, 'accounts exist already');
      const boss = await tryLogin(srv.base, 'boss', password);
      assert.equal(boss.status, 200, boss.text);
      assert.deepEqual(boss.json.permissions, ['audit:log:read', 'audit:log:verify', 'audit:login_log:read']);
      // Audit permissions demand a second factor before anything else, not a password change.
      assert.equal(boss.json.pending, 'totp_enrollment');
      const deputy = await tryLogin(srv.base, 'deputy', m[1]);
      assert.equal(deputy.status, 200, deputy.text);
      assert.equal(deputy.json.pending, 'password_change');
    } finally {
      await srv.stop();
    }
  });
});
