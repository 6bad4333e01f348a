// Operational endpoints: health and readiness probes, Prometheus metrics, and the OpenAPI
// document (which must pass Redocly's linter with the repository's configuration).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { SOURCE_DIR, client, removeDir, startServer, tempDir, uniq } from './harness.mjs';

/** Parses Prometheus text format into [{name, labels, value}] (comments skipped). */
function parseMetrics(text) {
  const out = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\d+)?$/.exec(line);
    assert.ok(m, `not a Prometheus sample line: ${JSON.stringify(line)}`);
    const labels = {};
    if (m[3]) {
      const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?\s*/g;
      let lm;
      while ((lm = re.exec(m[3])) !== null) labels[lm[1]] = lm[2];
    }
    out.push({ name: m[1], labels, value: Number(m[4]) });
  }
  return out;
}

function find(samples, name, labels = {}) {
  return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

function runRedocly(args) {
  const bin = path.join(SOURCE_DIR, 'node_modules', '.bin', 'redocly');
  return new Promise((resolve, reject) => {
    const p = spawn(bin, args, {
      cwd: SOURCE_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, out }));
  });
}

describe('health, metrics and OpenAPI', () => {
  let srv;
  let c;

  before(async () => {
    srv = await startServer({ admin: true });
    c = client(srv.base); // the probes, metrics and the document are public
  });
  after(async () => {
    await srv?.stop();
  });

  test('GET /healthz is 200 {"status":"ok"}', async () => {
    const r = await c.get('/healthz');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { status: 'ok' });
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    assert.ok(r.headers.get('x-request-id'));
  });

  test('GET /readyz is 200 {"status":"ready"}', async () => {
    const r = await c.get('/readyz');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { status: 'ready' });
  });

  test('GET /metrics exposes request, latency, database and job metrics', async () => {
    const before = parseMetrics((await c.get('/metrics')).text);
    const healthBefore = find(before, 'anxin_http_requests_total', { method: 'GET', route: '/healthz', status: '200' });
    const countBefore = healthBefore.length ? healthBefore[0].value : 0;

    for (let i = 0; i < 3; i += 1) assert.equal((await c.get('/healthz')).status, 200);
    // A write, so the database commit metrics have observations.
    const created = await srv.admin.post('/api/v1/departments', { name: '指标', code: uniq('MX'), kind: 'team' });
    assert.equal(created.status, 201, created.text);
    // An unmatched path must not become a label value (unbounded cardinality).
    const oddPath = `/no-such-path-${Date.now()}`;
    assert.equal((await c.get(oddPath)).status, 404);

    const r = await c.get('/metrics');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^text\/plain/);
    const text = r.text;
    const samples = parseMetrics(text);

    const health = find(samples, 'anxin_http_requests_total', { method: 'GET', route: '/healthz', status: '200' });
    assert.equal(health.length, 1, 'one counter for GET /healthz 200');
    assert.ok(health[0].value >= countBefore + 3, `counter went from ${countBefore} to ${health[0].value}`);
    assert.match(text, /anxin_http_requests_total\{[^}]*method="GET"[^}]*\}/);

    const post = find(samples, 'anxin_http_requests_total', {
      method: 'POST',
      route: '/api/v1/departments',
      status: '201',
    });
    assert.equal(post.length, 1);
    assert.ok(post[0].value >= 1);

    assert.ok(!text.includes(oddPath), 'raw unmatched paths must not appear in metrics');

    for (const name of [
      'anxin_http_request_duration_seconds_bucket',
      'anxin_db_commit_seconds_bucket',
      'anxin_db_commit_batch_size_bucket',
      'anxin_db_write_queue_depth',
      'anxin_jobs_queue_depth',
    ]) {
      assert.ok(find(samples, name).length > 0, `metric ${name} is missing`);
    }
    // Histograms are cumulative and end with +Inf.
    const healthBuckets = find(samples, 'anxin_http_request_duration_seconds_bucket', { method: 'GET', route: '/healthz' });
    assert.ok(healthBuckets.some((b) => b.labels.le === '+Inf'));
    const inf = healthBuckets.find((b) => b.labels.le === '+Inf').value;
    assert.ok(inf >= 3);
    const commits = find(samples, 'anxin_db_commit_seconds_bucket').find((b) => b.labels.le === '+Inf');
    assert.ok(commits && commits.value >= 1, 'at least one commit observed');
  });

  test('GET /api/openapi.json lists every route and passes Redocly lint', async () => {
    const r = await c.get('/api/openapi.json');
    assert.equal(r.status, 200, r.text);
    const doc = r.json;
    assert.ok(doc, 'OpenAPI document must be JSON');
    assert.match(doc.openapi, /^3\.1\./);
    assert.ok(doc.info?.title && doc.info?.version);
    const paths = doc.paths ?? {};
    const expectOps = {
      '/healthz': ['get'],
      '/readyz': ['get'],
      '/metrics': ['get'],
      '/api/openapi.json': ['get'],
      '/api/v1/departments': ['get', 'post'],
      '/api/v1/departments/tree': ['get'],
      '/api/v1/departments/{id}': ['get', 'patch', 'delete'],
    };
    for (const [p, ops] of Object.entries(expectOps)) {
      assert.ok(paths[p], `path ${p} missing from the OpenAPI document`);
      for (const op of ops) assert.ok(paths[p][op], `${op.toUpperCase()} ${p} missing from the OpenAPI document`);
    }
    // Public operations say so; every other one names schemes that the document defines.
    const schemes = doc.components?.securitySchemes ?? {};
    for (const p of ['/healthz', '/readyz', '/metrics', '/api/openapi.json', '/api/v1/auth/login']) {
      const op = paths[p].get ?? paths[p].post;
      assert.deepEqual(op.security, [], `${p} must be public (security: [])`);
    }
    const undefinedSchemes = new Set();
    for (const [p, ops] of Object.entries(paths)) {
      for (const [m, op] of Object.entries(ops)) {
        for (const req of op.security ?? doc.security ?? []) {
          for (const name of Object.keys(req)) if (!schemes[name]) undefinedSchemes.add(`${m.toUpperCase()} ${p}: ${name}`);
        }
      }
    }
    assert.deepEqual([...undefinedSchemes].slice(0, 5), [], 'security requirements must name schemes in components.securitySchemes');
    const dept = paths['/api/v1/departments'].post;
    assert.ok(dept.security.length > 0, 'POST /api/v1/departments needs authentication');
    assert.equal(dept['x-permission'], 'identity:department:create');

    // Request bodies are published with their constraints.
    const create = paths['/api/v1/departments'].post.requestBody.content['application/json'].schema;
    assert.deepEqual([...create.required].sort(), ['code', 'kind', 'name']);
    assert.equal(create.properties.name.maxLength, 64);
    assert.equal(create.properties.code.maxLength, 32);
    assert.deepEqual([...create.properties.kind.enum].sort(), ['company', 'department', 'site', 'team']);
    assert.equal(create.additionalProperties, false);

    const dir = await tempDir('anxin-openapi-');
    try {
      const file = path.join(dir, 'openapi.json');
      await fsp.writeFile(file, r.text);
      const bin = path.join(SOURCE_DIR, 'node_modules', '.bin', 'redocly');
      assert.ok(fs.existsSync(bin), `${bin} not found; run \`npm ci\` in ${SOURCE_DIR}`);
      const lint = await runRedocly(['lint', file, '--config', path.join(SOURCE_DIR, 'redocly.yaml')]);
      assert.equal(lint.code, 0, `redocly lint failed:\n${lint.out}`);
    } finally {
      await removeDir(dir);
    }
  });
});
