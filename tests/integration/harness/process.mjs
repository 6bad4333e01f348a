// The `anxin` executable and the machine around it: the environment of child processes, CLI runs,
// temporary directories, the sqlite3 CLI, sanitizer reports and the suite's log directory.
//
// Environment:
//   ANXIN_BIN         path of the anxin executable (required)
//   ANXIN_SOURCE_DIR  repository root (for Redocly and its config)

import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const BIN = process.env.ANXIN_BIN;
export const SOURCE_DIR = process.env.ANXIN_SOURCE_DIR ?? path.resolve(import.meta.dirname, '../../..');

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
export function suiteLogFile(kind) {
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

/** Sanitizer reports (ASan/UBSan/LSan) in a process's output, or null. */
export function sanitizerReport(text) {
  const m = /(ERROR: \w+Sanitizer|runtime error:|SUMMARY: \w+Sanitizer)/.exec(text);
  if (!m) return null;
  return text.slice(Math.max(0, m.index - 200), m.index + 4000);
}

export function delay(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
