// Starts a real `anxin serve` on a fresh data directory for the browser tests, with the web build
// (web/dist) as its web root, after creating the first administrator with `anxin admin create` (and,
// with `demo`, loading the demo company with `anxin demo`: its accounts, workers and orders).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function childEnv(extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('ANXIN_')) env[k] = v;
  env.ASAN_OPTIONS = process.env.ASAN_OPTIONS ?? 'detect_leaks=0';
  return { ...env, ...extra };
}

export async function startServer({ bin, webRoot, admin, demo = false }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-e2e-'));
  const created = spawnSync(bin, ['admin', 'create', '--username', admin.username, '--password-stdin', '--data-dir', dir], {
    input: `${admin.password}\n`,
    env: childEnv({}),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (created.status !== 0) {
    throw new Error(`anxin admin create failed (${created.status}):\n${created.stderr}\n${created.stdout}`);
  }
  if (demo) {
    const loaded = spawnSync(bin, ['demo', '--data-dir', dir], { env: childEnv({}), encoding: 'utf8', timeout: 180_000 });
    if (loaded.status !== 0) throw new Error(`anxin demo failed (${loaded.status}):\n${loaded.stderr}\n${loaded.stdout}`);
  }
  const proc = spawn(bin, ['serve', '--data-dir', dir, '--listen', '127.0.0.1:0'], {
    env: childEnv({ ANXIN_WEB_ROOT: webRoot }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  proc.stdout.setEncoding('utf8').on('data', (d) => (log += d));
  proc.stderr.setEncoding('utf8').on('data', (d) => (log += d));
  let exited = null;
  const closed = new Promise((resolve) => proc.on('close', (code, signal) => resolve((exited = { code, signal }))));

  const addrFile = path.join(dir, 'anxin.addr');
  const deadline = Date.now() + 30_000;
  let addr = null;
  while (!addr) {
    if (exited) throw new Error(`anxin serve exited early (${JSON.stringify(exited)}):\n${log}`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`anxin serve did not write ${addrFile}:\n${log}`);
    }
    try {
      const text = fs.readFileSync(addrFile, 'utf8').trim();
      if (/^127\.0\.0\.1:\d+$/.test(text) && !text.endsWith(':0')) addr = text;
    } catch {
      // not yet
    }
    if (!addr) await new Promise((r) => setTimeout(r, 50));
  }

  return {
    base: `http://${addr}`,
    dir,
    log: () => log,
    async stop() {
      if (!exited) {
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
        await closed;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
