// Shared helpers for the black-box HTTP tests: start/stop the real `anxin` binary, run CLI
// commands, and talk HTTP to it. Only Node built-ins are used.
//
// Every /api/v1 route except POST /api/v1/auth/login needs a session: startServer({admin: true})
// creates an administrator (`anxin admin create`) before serving and returns server.admin, a
// session client that sends the cookie and the CSRF header by itself. createUser() makes signed-in
// users of any role; totp() computes RFC 6238 codes for the second factor.
//
// Environment:
//   ANXIN_BIN         path of the anxin executable (required)
//   ANXIN_SOURCE_DIR  repository root (for Redocly and its config)

import { execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const BIN = process.env.ANXIN_BIN;
export const SOURCE_DIR = process.env.ANXIN_SOURCE_DIR ?? path.resolve(import.meta.dirname, '../..');

if (!BIN) {
  throw new Error('ANXIN_BIN is not set; point it at the anxin executable');
}

// Generous limits: the server under test is a debug + ASan build on a small machine.
export const READY_TIMEOUT_MS = 30_000;
export const STOP_TIMEOUT_MS = 30_000;

/**
 * The environment for a child process: ours minus every ANXIN_* variable (the server refuses
 * unknown ANXIN_* keys, and ANXIN_BIN / ANXIN_SOURCE_DIR / ANXIN_TEST_PG_URL_FILE are ours, not
 * its), plus `extra`.
 */
export function childEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('ANXIN_')) env[k] = v;
  }
  // Leak reports at exit are not what these tests are about and would only add noise.
  if (env.ASAN_OPTIONS === undefined) env.ASAN_OPTIONS = 'detect_leaks=0';
  return { ...env, ...extra };
}

/**
 * When the suite runs under CTest, every server's log is also kept in ANXIN_TEST_LOG_DIR, where a
 * final step (scan_logs.mjs) checks that no seeded personal value ever reached a log.
 */
function suiteLogFile(kind) {
  const dir = process.env.ANXIN_TEST_LOG_DIR;
  if (!dir) return null;
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${kind}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.log`);
}

/** Records personal values a test seeded, for the suite-wide log scan. */
export function recordSeeds(name, values) {
  const dir = process.env.ANXIN_TEST_LOG_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `seeds-${name}-${process.pid}.json`), JSON.stringify(values.filter(Boolean)));
}

/** A fresh temporary directory. */
export async function tempDir(prefix = 'anxin-it-') {
  return fsp.mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function removeDir(dir) {
  if (dir) await fsp.rm(dir, { recursive: true, force: true });
}

/**
 * Runs `anxin ...args` to completion. Resolves {code, signal, stdout, stderr}; kills the process
 * and resolves with timedOut: true when it takes longer than timeoutMs. `input` (a string) is
 * written to the process's standard input.
 */
export function runCli(args, { env = {}, timeoutMs = 60_000, cwd, input } = {}) {
  return new Promise((resolve, reject) => {
    const stdin = input === undefined ? 'ignore' : 'pipe';
    const proc = spawn(BIN, args, { env: childEnv(env), cwd, stdio: [stdin, 'pipe', 'pipe'] });
    if (input !== undefined) proc.stdin.end(input);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    proc.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    proc.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      proc.kill('SIGKILL');
    }, timeoutMs);
    proc.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      const report = sanitizerReport(stderr);
      if (report) reject(new Error(`sanitizer report from anxin ${args.join(' ')}:\n${report}`));
      else resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** Sanitizer reports (ASan/UBSan/LSan) in a process's output, or null. */
/** Runs the sqlite3 CLI on a database file; resolves {code, stdout, stderr}. */
export function sqlite(db, sql, args = []) {
  return new Promise((resolve) => {
    execFile('/usr/bin/sqlite3', [...args, db, sql], { encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** sqlite() that must succeed; resolves its output. */
export async function sqliteOk(db, sql, args = []) {
  const r = await sqlite(db, sql, args);
  if (r.code !== 0) throw new Error(`sqlite3 failed: ${sql}\n${r.stderr}`);
  return r.stdout;
}

/** The rows a query answers, as objects. */
export async function sqliteRows(db, sql) {
  const out = await sqliteOk(db, sql, ['-json']);
  return out.trim() ? JSON.parse(out) : [];
}

export function sanitizerReport(text) {
  const m = /(ERROR: \w+Sanitizer|runtime error:|SUMMARY: \w+Sanitizer)/.exec(text);
  if (!m) return null;
  return text.slice(Math.max(0, m.index - 200), m.index + 4000);
}

function delay(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Starts `anxin serve --data-dir DIR --listen 127.0.0.1:0 ...args` and waits until DIR/anxin.addr
 * names the bound address.
 *
 * Options: dir (reuse a data directory; otherwise a fresh one is made and removed by stop()),
 * args (extra CLI arguments), env (extra environment), keepDir (do not remove the directory),
 * admin (true or {username, password, roles}: create that administrator with `anxin admin create`
 * before serving, unless this directory already has it, and sign it in once the server is ready;
 * a `--database URL` in args is passed on to `admin create`).
 *
 * Returns {base, port, proc, dir, logs(), logLines(), stop(), kill9(), exited, adminAccount, admin
 * (an active session client when `admin` was given and the server speaks plain HTTP)}.
 */
export async function startServer({ dir, args = [], env = {}, keepDir = false, admin } = {}) {
  const ownDir = !dir;
  const dataDir = dir ?? (await tempDir());
  const addrFile = path.join(dataDir, 'anxin.addr');
  // A stale address file from a previous run on the same directory must not be mistaken for ours.
  await fsp.rm(addrFile, { force: true });

  let adminAccount = null;
  if (admin) {
    const dbAt = args.indexOf('--database');
    const database = dbAt >= 0 ? args[dbAt + 1] : undefined;
    try {
      adminAccount = await ensureAdmin(dataDir, { ...(typeof admin === 'object' ? admin : {}), database });
    } catch (e) {
      if (ownDir && !keepDir) await removeDir(dataDir);
      throw e;
    }
  }

  const proc = spawn(BIN, ['serve', '--data-dir', dataDir, '--listen', '127.0.0.1:0', ...args], {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  const logFile = suiteLogFile('server');
  proc.stderr.setEncoding('utf8').on('data', (d) => {
    stderr += d;
    if (logFile) fs.appendFileSync(logFile, d);
  });
  proc.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  let exitInfo = null;
  const closed = new Promise((resolve) => {
    proc.on('close', (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
  });
  let spawnError = null;
  proc.on('error', (e) => (spawnError = e));

  const cleanupDir = async () => {
    if (ownDir && !keepDir) {
      forgetAccounts(dataDir);
      await removeDir(dataDir);
    }
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  let addr = null;
  for (;;) {
    if (spawnError) {
      await cleanupDir();
      throw new Error(`cannot start ${BIN}: ${spawnError.message}`);
    }
    if (exitInfo) {
      await cleanupDir();
      throw new Error(
        `anxin serve exited before becoming ready (code ${exitInfo.code}, signal ${exitInfo.signal})\n` +
          `stderr:\n${stderr}\nstdout:\n${stdout}`,
      );
    }
    try {
      const text = fs.readFileSync(addrFile, 'utf8').trim();
      if (/^127\.0\.0\.1:\d+$/.test(text) && !text.endsWith(':0')) {
        addr = text;
        break;
      }
    } catch {
      // not there yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      await closed;
      await cleanupDir();
      throw new Error(`anxin serve did not write ${addrFile} within ${READY_TIMEOUT_MS} ms\nstderr:\n${stderr}`);
    }
    await delay(50);
  }

  const port = Number(addr.split(':')[1]);
  let stopped = false;

  const waitClosed = async (signal) => {
    if (!exitInfo) proc.kill(signal);
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS);
    });
    const r = await Promise.race([closed, timeout]);
    clearTimeout(timer);
    if (r === 'timeout') {
      proc.kill('SIGKILL');
      await closed;
      throw new Error(`anxin serve did not exit within ${STOP_TIMEOUT_MS} ms after ${signal}\nstderr:\n${stderr}`);
    }
    const report = sanitizerReport(stderr);
    if (report) throw new Error(`sanitizer report from anxin serve:\n${report}`);
    return r;
  };

  const server = {
    base: `http://${addr}`,
    addr,
    port,
    proc,
    dir: dataDir,
    /** Captured stderr so far (the JSON log lines). */
    logs: () => stderr,
    stdout: () => stdout,
    /** Parsed JSON log lines (non-JSON lines, e.g. sanitizer output, are skipped). */
    logLines: () =>
      stderr
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .flatMap((l) => {
          try {
            return [JSON.parse(l)];
          } catch {
            return [];
          }
        }),
    get exited() {
      return exitInfo;
    },
    /** SIGTERM, wait for exit (stdio fully drained), remove the temp dir if we made it. */
    async stop() {
      if (stopped) return exitInfo;
      stopped = true;
      try {
        return await waitClosed('SIGTERM');
      } finally {
        await cleanupDir();
      }
    },
    /** SIGKILL and wait; keeps the data directory (for restart tests). */
    async kill9() {
      return waitClosed('SIGKILL');
    },
    /** The administrator's session client (set when startServer was given `admin`). */
    admin: null,
  };
  server.adminAccount = adminAccount;
  // fetch cannot trust a test CA, so over TLS the caller signs in itself (see tls.test.mjs).
  if (adminAccount && !args.includes('--tls-cert')) {
    try {
      server.admin = await signIn(server.base, adminAccount);
    } catch (e) {
      await server.stop().catch(() => {});
      throw e;
    }
  }
  return server;
}

/**
 * Stops every server (in the given order) even when some of them fail to stop cleanly, then
 * throws the first failure.
 */
export async function stopAll(servers) {
  let first = null;
  for (const s of servers) {
    try {
      await s?.stop();
    } catch (e) {
      first ??= e;
    }
  }
  if (first) throw first;
}

/**
 * One HTTP request. `json` is sent as application/json; `body` is sent as-is (string or Buffer).
 * Resolves {status, headers (Headers), text, json (parsed or undefined)}.
 */
export async function request(base, method, urlPath, { json, body, headers = {}, signal } = {}) {
  const h = { ...headers };
  let payload = body;
  if (json !== undefined) {
    payload = JSON.stringify(json);
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json';
  }
  const res = await fetch(base + urlPath, { method, headers: h, body: payload, signal });
  const text = await res.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, json: parsed };
}

/** Convenience wrapper bound to one server base URL. */
export function client(base) {
  return {
    get: (p, o) => request(base, 'GET', p, o),
    post: (p, json, o = {}) => request(base, 'POST', p, { ...o, json }),
    patch: (p, json, o = {}) => request(base, 'PATCH', p, { ...o, json }),
    del: (p, o) => request(base, 'DELETE', p, o),
    raw: (method, p, o) => request(base, method, p, o),
  };
}

/** A short unique suffix for codes and names (codes allow [A-Za-z0-9_-], max 32 chars). */
let seq = 0;
export function uniq(prefix = 'T') {
  seq += 1;
  return `${prefix}${process.pid.toString(36)}${Date.now().toString(36).slice(-5)}${seq.toString(36)}`.slice(0, 32);
}

/** Asserts the common error shape and returns the error object. */
export function expectError(assert, res, { status, code, key } = {}) {
  const ctx = `response ${res.status} ${res.text}`;
  if (status !== undefined) assert.equal(res.status, status, ctx);
  assert.ok(res.json && typeof res.json === 'object', `error body must be JSON: ${ctx}`);
  const e = res.json.error;
  assert.ok(e && typeof e === 'object', `missing "error" object: ${ctx}`);
  assert.deepEqual(Object.keys(e).sort(), ['code', 'details', 'key', 'message', 'request_id'], ctx);
  assert.equal(typeof e.code, 'string', ctx);
  assert.equal(typeof e.key, 'string', ctx);
  assert.equal(typeof e.message, 'string', ctx);
  assert.ok(e.message.length > 0, ctx);
  assert.ok(e.details && typeof e.details === 'object' && !Array.isArray(e.details), ctx);
  assert.equal(typeof e.request_id, 'string', ctx);
  assert.ok(e.request_id.length > 0, ctx);
  assert.equal(e.request_id, res.headers.get('x-request-id'), `request_id must equal X-Request-Id: ${ctx}`);
  if (code !== undefined) assert.equal(e.code, code, ctx);
  if (key !== undefined) {
    if (Array.isArray(key)) assert.ok(key.includes(e.key), `key ${e.key} not in ${key.join(', ')}: ${ctx}`);
    else assert.equal(e.key, key, ctx);
  }
  return e;
}

/** Reads all items of the department list (page by page) through the session client `c`. */
export async function listAllDepartments(c, query = '') {
  const items = [];
  let total = 0;
  for (let page = 1; page < 10_000; page += 1) {
    const sep = query ? '&' : '';
    const r = await c.get(`/api/v1/departments?${query}${sep}page=${page}&page_size=200`);
    if (r.status !== 200) throw new Error(`list failed: ${r.status} ${r.text}`);
    total = r.json.total;
    items.push(...r.json.items);
    if (r.json.items.length === 0 || items.length >= total) break;
  }
  return { items, total };
}

/** The total number of departments (read through the session client `c`). */
export async function departmentTotal(c) {
  const r = await c.get('/api/v1/departments?page_size=1');
  if (r.status !== 200) throw new Error(`list failed: ${r.status} ${r.text}`);
  return r.json.total;
}

// ---------------------------------------------------------------------------------------------
// Authentication: TOTP codes, session clients, administrators and users with a role.
// ---------------------------------------------------------------------------------------------

export const SESSION_COOKIE = 'anxin_session';
export const CSRF_COOKIE = 'anxin_csrf';
export const TOTP_STEP_MS = 30_000;

/** Decodes RFC 4648 base32 (case-insensitive; spaces, dashes and padding ignored). */
export function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${JSON.stringify(text)}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The TOTP time step (30 s) that `timeMs` falls in. */
export function totpStep(timeMs = Date.now()) {
  return Math.floor(timeMs / TOTP_STEP_MS);
}

/** The RFC 6238 code (HMAC-SHA1, 6 digits) of time step `step`. */
export function totpAtStep(secretBase32, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = crypto.createHmac('sha1', base32Decode(secretBase32)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(binary).padStart(6, '0');
}

/** The RFC 6238 code at `timeMs`. */
export function totp(secretBase32, timeMs = Date.now()) {
  return totpAtStep(secretBase32, totpStep(timeMs));
}

/**
 * A code the server has not seen yet for `account` ({totpSecret, lastStep}): the server accepts
 * the steps now-1..now+1 and only steps newer than the last one it accepted. Waits for the next
 * step when the window holds no unused one. Records the step as used.
 */
export async function nextTotpCode(account) {
  for (;;) {
    const now = Date.now();
    const current = totpStep(now);
    const step = Math.max(current, (account.lastStep ?? -Infinity) + 1);
    if (step <= current + 1) {
      account.lastStep = step;
      return totpAtStep(account.totpSecret, step);
    }
    await delay((step - 1) * TOTP_STEP_MS - now + 100);
  }
}

/** The Set-Cookie values of a response as {name: {value, attributes: [..], raw}}. */
export function parseSetCookies(headers) {
  const out = {};
  const list = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : [];
  for (const raw of list) {
    const [pair, ...attrs] = raw.split(';').map((x) => x.trim());
    const eq = pair.indexOf('=');
    out[pair.slice(0, eq)] = { value: pair.slice(eq + 1), attributes: attrs, raw };
  }
  return out;
}

/**
 * A client that sends the session cookie on every request and the CSRF header on every
 * state-changing one. Per-request options: headers, body (raw), json, csrf (false: leave the
 * header out; a string: send that instead), cookie (a Cookie header to send instead).
 * `adopt(response)` takes over a new session from a login/TOTP response.
 */
export function sessionClient(base, { token, csrf } = {}) {
  const c = {
    base,
    token,
    csrf,
    /** The Cookie header this client sends. */
    get cookie() {
      return `${SESSION_COOKIE}=${c.token}; ${CSRF_COOKIE}=${c.csrf}`;
    },
    raw(method, p, { headers = {}, csrf: csrfOpt, cookie, ...rest } = {}) {
      const h = { Cookie: cookie ?? c.cookie, ...headers };
      if (method !== 'GET' && method !== 'HEAD' && csrfOpt !== false) h['X-CSRF-Token'] = csrfOpt ?? c.csrf;
      return request(c.base, method, p, { ...rest, headers: h });
    },
    get: (p, o) => c.raw('GET', p, o),
    post: (p, json = {}, o = {}) => c.raw('POST', p, { ...o, json }),
    patch: (p, json = {}, o = {}) => c.raw('PATCH', p, { ...o, json }),
    put: (p, json = {}, o = {}) => c.raw('PUT', p, { ...o, json }),
    del: (p, o) => c.raw('DELETE', p, o),
    delete: (p, o) => c.raw('DELETE', p, o),
    /** Takes the session cookie and CSRF token from a 200 login or TOTP response. */
    adopt(res) {
      const cookies = parseSetCookies(res.headers);
      if (!cookies[SESSION_COOKIE]) throw new Error(`no session cookie in ${res.status} ${res.text}`);
      c.token = cookies[SESSION_COOKIE].value;
      c.csrf = res.json?.csrf_token ?? cookies[CSRF_COOKIE]?.value;
      c.me = res.json;
      return c;
    },
    /** The same session against another server address (e.g. after a restart). */
    rebase(newBase) {
      const other = sessionClient(newBase, { token: c.token, csrf: c.csrf });
      other.me = c.me;
      other.account = c.account;
      return other;
    },
  };
  return c;
}

/** A client authenticating with an API token (Authorization: Bearer; no CSRF needed). */
export function tokenClient(base, token) {
  const raw = (method, p, { headers = {}, ...rest } = {}) =>
    request(base, method, p, { ...rest, headers: { Authorization: `Bearer ${token}`, ...headers } });
  return {
    raw,
    get: (p, o) => raw('GET', p, o),
    post: (p, json = {}, o = {}) => raw('POST', p, { ...o, json }),
    patch: (p, json = {}, o = {}) => raw('PATCH', p, { ...o, json }),
    put: (p, json = {}, o = {}) => raw('PUT', p, { ...o, json }),
    del: (p, o) => raw('DELETE', p, o),
  };
}

/** POST /api/v1/auth/login; the raw response (with `cookies` parsed). `cookie`: a Cookie header to send. */
export async function tryLogin(base, username, password, { cookie, headers = {} } = {}) {
  const h = { ...headers };
  if (cookie) h.Cookie = cookie;
  const r = await request(base, 'POST', '/api/v1/auth/login', { json: { username, password }, headers: h });
  r.cookies = parseSetCookies(r.headers);
  return r;
}

/** Logs in with a password; a session client (possibly with a step pending: see client.me.pending). */
export async function login(base, username, password, options = {}) {
  const r = await tryLogin(base, username, password, options);
  if (r.status !== 200) throw new Error(`login of ${username} failed: ${r.status} ${r.text}`);
  return sessionClient(base).adopt(r);
}

/** A password the policy accepts (≥ 12 characters, all four classes, random). */
export function strongPassword() {
  return `Kq7#${crypto.randomBytes(9).toString('hex')}Zx!`;
}

/** A unique lower-case user name ([a-z0-9_.-], 3..32). */
export function uniqUsername(prefix = 'u') {
  return uniq(prefix).toLowerCase().replace(/[^a-z0-9_.-]/g, '_').slice(0, 32);
}

/**
 * Completes every pending step of `client`'s session for `account` ({username, password,
 * totpSecret?, lastStep?}): a forced password change (account.password becomes a new one), TOTP
 * enrolment (account.totpSecret and account.recoveryCodes are set) and the second factor (the
 * client adopts the new session). Returns the client, now active.
 */
export async function completePending(client, account) {
  for (let i = 0; i < 6; i += 1) {
    const pending = client.me?.pending ?? null;
    if (pending === null) return client;
    if (pending === 'password_change') {
      const next = strongPassword();
      const r = await client.post('/api/v1/auth/password', { current_password: account.password, new_password: next });
      if (r.status !== 204) throw new Error(`password change of ${account.username} failed: ${r.status} ${r.text}`);
      account.password = next;
    } else if (pending === 'totp_enrollment') {
      const e = await client.post('/api/v1/auth/totp/enroll', {});
      if (e.status !== 200) throw new Error(`TOTP enrolment of ${account.username} failed: ${e.status} ${e.text}`);
      account.totpSecret = e.json.secret;
      account.lastStep = undefined;
      const a = await client.post('/api/v1/auth/totp/activate', { code: await nextTotpCode(account) });
      if (a.status !== 200) throw new Error(`TOTP activation of ${account.username} failed: ${a.status} ${a.text}`);
      account.recoveryCodes = a.json.recovery_codes;
    } else if (pending === 'totp') {
      if (!account.totpSecret) throw new Error(`${account.username} needs a TOTP code but no secret is known`);
      const r = await client.post('/api/v1/auth/totp', { code: await nextTotpCode(account) });
      if (r.status !== 200) throw new Error(`second factor of ${account.username} failed: ${r.status} ${r.text}`);
      client.adopt(r);
      continue;
    } else {
      throw new Error(`unknown pending step ${pending}`);
    }
    const me = await client.get('/api/v1/auth/me');
    if (me.status !== 200) throw new Error(`GET /api/v1/auth/me failed: ${me.status} ${me.text}`);
    client.me = { ...me.json, csrf_token: client.csrf };
  }
  throw new Error(`${account.username}: pending steps did not finish (${client.me?.pending})`);
}

/** Logs `account` in and completes every pending step; an active session client. */
export async function signIn(base, account) {
  const c = await login(base, account.username, account.password);
  c.account = account;
  return completePending(c, account);
}

// Administrators created per data directory, so a restarted server signs the same one in again.
const accounts = new Map();
const accountKey = (dataDir, username) => `${path.resolve(dataDir)}\u0000${username}`;

function forgetAccounts(dataDir) {
  const prefix = `${path.resolve(dataDir)}\u0000`;
  for (const k of [...accounts.keys()]) if (k.startsWith(prefix)) accounts.delete(k);
}

export const DEFAULT_ADMIN = 'itadmin';

/**
 * `anxin admin create --username NAME --password-stdin --role ... --data-dir DIR [--database URL]`.
 * Returns the account {username, password, roles}; throws when the command fails.
 */
export async function createAdmin(
  dataDir,
  { username = DEFAULT_ADMIN, password = strongPassword(), roles = ['sysadmin', 'secadmin'], database } = {},
) {
  const args = ['admin', 'create', '--username', username, '--password-stdin', '--data-dir', dataDir];
  for (const r of roles) args.push('--role', r);
  if (database) args.push('--database', database);
  const r = await runCli(args, { input: `${password}\n` });
  if (r.code !== 0) throw new Error(`anxin admin create failed (${r.code}):\n${r.stderr}\n${r.stdout}`);
  const account = { username, password, roles };
  accounts.set(accountKey(dataDir, username), account);
  return account;
}

/** The administrator account of `dataDir`, created first when this run has not made it yet. */
export async function ensureAdmin(dataDir, options = {}) {
  const username = options.username ?? DEFAULT_ADMIN;
  return accounts.get(accountKey(dataDir, username)) ?? createAdmin(dataDir, options);
}

/**
 * An active administrator session on a running server: the account made for its data directory
 * (created now with `anxin admin create` when there is none; SQLite shares the file with the
 * running server), or the first administrator `serve` printed on an empty database.
 */
export async function loginAdmin(server, options = {}) {
  const username = options.username ?? DEFAULT_ADMIN;
  let account = accounts.get(accountKey(server.dir, username));
  if (!account && !options.username) {
    const m = /user name:\s*(\S+)[\s\S]*?one-time password:\s*(\S+)/.exec(server.stdout());
    if (m) {
      account = accounts.get(accountKey(server.dir, m[1])) ?? { username: m[1], password: m[2], roles: [] };
      accounts.set(accountKey(server.dir, m[1]), account);
    }
  }
  account ??= await createAdmin(server.dir, options);
  return signIn(server.base, account);
}

/** Role code → id, read through a client holding identity:role:read. */
export async function roleIds(c) {
  const r = await c.get('/api/v1/roles?page_size=200');
  if (r.status !== 200) throw new Error(`GET /api/v1/roles failed: ${r.status} ${r.text}`);
  return Object.fromEntries(r.json.items.map((x) => [x.code, x.id]));
}

/**
 * Creates a user through `admin` (which must hold identity:user:create, and
 * identity:user:assign_roles when roles are given) and signs it in: the one-time password is
 * changed, TOTP enrolled when the roles demand it. `roles` are role codes (or ids). Returns
 * {user (the 201 body), account, client (active)}; with signIn: false, no sign-in happens.
 */
export async function createUser(admin, { username = uniqUsername('u'), roles = [], signIn: doSignIn = true, ...fields } = {}) {
  let role_ids;
  if (roles.length > 0) {
    const ids = roles.some((r) => typeof r === 'string') ? await roleIds(admin) : {};
    role_ids = roles.map((r) => (typeof r === 'string' ? ids[r] : r));
    if (role_ids.some((x) => x === undefined)) throw new Error(`unknown role in ${roles.join(', ')}`);
  }
  const body = { username, display_name: fields.display_name ?? username, ...fields };
  if (role_ids) body.role_ids = role_ids;
  const r = await admin.post('/api/v1/users', body);
  if (r.status !== 201) throw new Error(`creating user ${username} failed: ${r.status} ${r.text}`);
  const account = { username, password: r.json.initial_password, roles };
  const out = { user: r.json, account, client: null };
  if (doSignIn && !body.is_service_account) out.client = await signIn(admin.base, account);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Personal identifiers for test data.
// ---------------------------------------------------------------------------------------------

/** 17 digits plus the GB 11643 (ISO 7064 MOD 11-2) check character. */
export function withIdCheck(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * weights[i];
  return first17 + '10X98765432'[sum % 11];
}

/** A valid resident ID number: area code, a real birth date, sequence `n` (0..999). */
export function residentId(n, { area = '110105', birth = '19850312' } = {}) {
  return withIdCheck(`${area}${birth}${String(n % 1000).padStart(3, '0')}`);
}

/** Digits plus the Luhn check digit. */
export function withLuhn(digits) {
  let sum = 0;
  let twice = true;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = Number(digits[i]);
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return digits + String((10 - (sum % 10)) % 10);
}
