// The PostgreSQL backend end to end: migrate (twice) into a fresh schema, serve from it, write and
// read a department. Needs the `postgres` CTest fixture (ANXIN_TEST_PG_URL_FILE).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';

import { client, expectError, runCli, startServer, uniq } from './harness.mjs';

const URL_FILE = process.env.ANXIN_TEST_PG_URL_FILE;
const skip = URL_FILE ? false : 'ANXIN_TEST_PG_URL_FILE is not set (run through ctest with the postgres fixture)';

function psql(url, sql) {
  return new Promise((resolve, reject) => {
    const p = spawn('psql', [url, '-v', 'ON_ERROR_STOP=1', '-X', '-q', '-c', sql], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`psql failed (${code}): ${out}`))));
  });
}

/** The base URL with a search_path option for `schema` appended. */
function withSchema(url, schema) {
  const sep = url.includes('?') ? '&' : '?';
  return `${url}${sep}options=-csearch_path%3D${schema}`;
}

describe('postgresql backend', { skip }, () => {
  let baseUrl;
  let schema;
  let dbUrl;
  let srv;

  before(async () => {
    baseUrl = fs.readFileSync(URL_FILE, 'utf8').split('\n')[0].trim();
    assert.match(baseUrl, /^postgres(ql)?:\/\//);
    schema = `it_${process.pid}_${Date.now().toString(36)}`.toLowerCase();
    await psql(baseUrl, `CREATE SCHEMA ${schema}`);
    dbUrl = withSchema(baseUrl, schema);
  });
  after(async () => {
    await srv?.stop();
    if (schema) await psql(baseUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
  });

  test('migrate twice succeeds', async () => {
    const r1 = await runCli(['migrate', '--database', dbUrl]);
    assert.equal(r1.code, 0, r1.stderr);
    const r2 = await runCli(['migrate', '--database', dbUrl]);
    assert.equal(r2.code, 0, r2.stderr);
    // The tables landed in our schema, not in public.
    const tables = await psql(baseUrl, `SELECT count(*) FROM information_schema.tables WHERE table_schema = '${schema}'`);
    assert.ok(Number(tables.match(/\d+/g).at(-1)) > 0, `no tables in schema ${schema}: ${tables}`);
  });

  test('serve answers /readyz and stores departments in PostgreSQL', async () => {
    // The administrator goes into PostgreSQL too: startServer passes --database on to
    // `anxin admin create`.
    srv = await startServer({ args: ['--database', dbUrl], admin: true });
    const ready = await client(srv.base).get('/readyz');
    assert.equal(ready.status, 200, ready.text);
    assert.deepEqual(ready.json, { status: 'ready' });
    const c = srv.admin;
    const users = await psql(baseUrl, `SELECT count(*) FROM ${schema}.users WHERE username = 'itadmin'`);
    assert.match(users, /\b1\b/, `administrator not found in ${schema}.users: ${users}`);

    const code = uniq('PG');
    const created = await c.post('/api/v1/departments', { name: '数据库部门', code, kind: 'company' });
    assert.equal(created.status, 201, created.text);
    const child = await c.post('/api/v1/departments', {
      name: '子部门',
      code: uniq('PC'),
      kind: 'team',
      parent_id: created.json.id,
    });
    assert.equal(child.status, 201, child.text);
    assert.equal(child.json.path, `/${created.json.id}/${child.json.id}/`);

    const read = await c.get(`/api/v1/departments/${created.json.id}`);
    assert.equal(read.status, 200, read.text);
    assert.deepEqual(read.json, created.json);

    // Unique violations map to 409 on this backend too.
    const dup = await c.post('/api/v1/departments', { name: '重复', code, kind: 'company' });
    expectError(assert, dup, { status: 409, code: 'conflict' });

    // Version conflicts too.
    const upd = await c.patch(`/api/v1/departments/${created.json.id}`, { version: created.json.version, name: '改名' });
    assert.equal(upd.status, 200, upd.text);
    const stale = await c.patch(`/api/v1/departments/${created.json.id}`, { version: created.json.version, name: 'x' });
    expectError(assert, stale, { status: 409, key: 'common.version_conflict' });

    // Idempotent replay works against PostgreSQL.
    const body = JSON.stringify({ name: '幂等', code: uniq('PI'), kind: 'team' });
    const headers = { 'Content-Type': 'application/json', 'Idempotency-Key': `pg-${uniq()}` };
    const i1 = await c.raw('POST', '/api/v1/departments', { body, headers });
    const i2 = await c.raw('POST', '/api/v1/departments', { body, headers });
    assert.equal(i1.status, 201, i1.text);
    assert.equal(i2.status, 201, i2.text);
    assert.equal(i2.text, i1.text);
    assert.equal(i2.headers.get('idempotent-replayed'), 'true');

    // The row really is in PostgreSQL.
    const rows = await psql(baseUrl, `SELECT count(*) FROM ${schema}.departments WHERE code = '${code}'`).catch((e) => e.message);
    assert.match(String(rows), /\b1\b/, `department not found in ${schema}.departments: ${rows}`);
  });
});
