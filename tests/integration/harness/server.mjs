// Starting and stopping `anxin serve` on a data directory, optionally with a signed-in
// administrator.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { ensureAdmin, forgetAccounts, signIn } from './auth.mjs';
import {
  BIN,
  READY_TIMEOUT_MS,
  STOP_TIMEOUT_MS,
  childEnv,
  delay,
  removeDir,
  sanitizerReport,
  suiteLogFile,
  tempDir,
} from './process.mjs';

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
