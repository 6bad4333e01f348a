// HTTPS: `anxin serve --tls-cert --tls-key` serves the same API over TLS and refuses plain HTTP.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import path from 'node:path';
import { startServer, stopAll, tempDir, removeDir } from './harness.mjs';

const servers = [];
const dirs = [];
after(async () => {
  await stopAll(servers);
  for (const d of dirs) await removeDir(d);
});

function get(mod, url, options = {}) {
  return new Promise((resolve, reject) => {
    const req = mod.get(url, options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

test('serves the API over TLS with the given certificate', async () => {
  const certDir = await tempDir('anxin-tls-');
  dirs.push(certDir);
  const cert = path.join(certDir, 'cert.pem');
  const key = path.join(certDir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });

  const server = await startServer({ args: ['--tls-cert', cert, '--tls-key', key] });
  servers.push(server);
  const httpsBase = server.base.replace('http://', 'https://');
  const ca = fs.readFileSync(cert);

  const ok = await get(https, `${httpsBase}/healthz`, { ca });
  assert.equal(ok.status, 200);
  assert.deepEqual(JSON.parse(ok.body), { status: 'ok' });
  assert.ok(ok.headers['x-request-id']);

  const listed = await get(https, `${httpsBase}/api/v1/departments`, { ca });
  assert.equal(listed.status, 200);
  assert.equal(typeof JSON.parse(listed.body).total, 'number');

  // An untrusted certificate is refused by a verifying client: the server really presents ours.
  await assert.rejects(get(https, `${httpsBase}/healthz`));
  // Plain HTTP to the TLS port gets no HTTP answer.
  await assert.rejects(get(http, `${server.base}/healthz`));
});
