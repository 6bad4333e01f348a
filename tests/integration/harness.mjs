// Shared helpers for the black-box HTTP tests: start/stop the real `anxin` binary, run CLI
// commands, and talk HTTP to it. Only Node built-ins are used.
//
// Environment:
//   ANXIN_BIN         path of the anxin executable (required)
//   ANXIN_SOURCE_DIR  repository root (for Redocly and its config)

import { spawn } from 'node:child_process';
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
 * Returns {base, port, proc, dir, logs(), logLines(), stop(), kill9(), exited, admin (an active
 * session client when `admin` was given)}.
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
  proc.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
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
    if (ownDir && !keepDir) await removeDir(dataDir);
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
  if (adminAccount) {
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

/** Reads all items of the department list (page by page). */
export async function listAllDepartments(base, query = '') {
  const c = client(base);
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

/** The total number of departments. */
export async function departmentTotal(base) {
  const r = await request(base, 'GET', '/api/v1/departments?page_size=1');
  if (r.status !== 200) throw new Error(`list failed: ${r.status} ${r.text}`);
  return r.json.total;
}
