// HTTPS: `anxin serve --tls-cert --tls-key` serves the same API over TLS and refuses plain HTTP;
// session cookies carry the Secure attribute there.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import path from 'node:path';
import { startServer, stopAll, tempDir, removeDir, totp } from './harness.mjs';

const servers = [];
const dirs = [];
after(async () => {
  await stopAll(servers);
  for (const d of dirs) await removeDir(d);
});

/** One request with node:http(s) (fetch cannot be told to trust a test CA). */
function send(mod, url, { method = 'GET', headers = {}, json, ...options } = {}) {
  return new Promise((resolve, reject) => {
    const body = json === undefined ? undefined : JSON.stringify(json);
    const h = { ...headers };
    if (body !== undefined) {
      h['Content-Type'] = 'application/json';
      h['Content-Length'] = Buffer.byteLength(body);
    }
    const req = mod.request(url, { method, headers: h, ...options }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        let parsed;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = undefined;
        }
        resolve({ status: res.statusCode, headers: res.headers, body: text, json: parsed });
      });
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

const get = (mod, url, options = {}) => send(mod, url, options);

test('serves the API over TLS with the given certificate', async () => {
  const certDir = await tempDir('anxin-tls-');
  dirs.push(certDir);
  const cert = path.join(certDir, 'cert.pem');
  const key = path.join(certDir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });

  const server = await startServer({ args: ['--tls-cert', cert, '--tls-key', key], admin: true });
  servers.push(server);
  const httpsBase = server.base.replace('http://', 'https://');
  const ca = fs.readFileSync(cert);

  const ok = await get(https, `${httpsBase}/healthz`, { ca });
  assert.equal(ok.status, 200);
  assert.deepEqual(JSON.parse(ok.body), { status: 'ok' });
  assert.ok(ok.headers['x-request-id']);

  // Without a session the API answers 401 over TLS too.
  const anon = await get(https, `${httpsBase}/api/v1/departments`, { ca });
  assert.equal(anon.status, 401, anon.body);

  // Sign in: both cookies are Secure over TLS (the session cookie HttpOnly as well).
  const { username, password } = server.adminAccount;
  const login = await send(https, `${httpsBase}/api/v1/auth/login`, { method: 'POST', json: { username, password }, ca });
  assert.equal(login.status, 200, login.body);
  const setCookies = login.headers['set-cookie'] ?? [];
  const session = setCookies.find((c) => c.startsWith('anxin_session='));
  const csrfCookie = setCookies.find((c) => c.startsWith('anxin_csrf='));
  assert.ok(session && csrfCookie, JSON.stringify(setCookies));
  const attrs = (c) => c.split(';').slice(1).map((x) => x.trim());
  assert.ok(attrs(session).includes('Secure'), session);
  assert.ok(attrs(session).includes('HttpOnly'), session);
  assert.ok(attrs(session).includes('SameSite=Strict'), session);
  assert.ok(attrs(csrfCookie).includes('Secure'), csrfCookie);
  assert.ok(!attrs(csrfCookie).includes('HttpOnly'), 'the CSRF cookie is readable by the page');

  // Complete the TOTP enrolment the administrator owes, then read departments.
  const cookie = `${session.split(';')[0]}; ${csrfCookie.split(';')[0]}`;
  const headers = { Cookie: cookie, 'X-CSRF-Token': login.json.csrf_token };
  assert.equal(login.json.pending, 'totp_enrollment');
  const enroll = await send(https, `${httpsBase}/api/v1/auth/totp/enroll`, { method: 'POST', json: {}, headers, ca });
  assert.equal(enroll.status, 200, enroll.body);
  const activate = await send(https, `${httpsBase}/api/v1/auth/totp/activate`, {
    method: 'POST',
    json: { code: totp(enroll.json.secret) },
    headers,
    ca,
  });
  assert.equal(activate.status, 200, activate.body);

  const listed = await get(https, `${httpsBase}/api/v1/departments`, { ca, headers: { Cookie: cookie } });
  assert.equal(listed.status, 200, listed.body);
  assert.equal(typeof JSON.parse(listed.body).total, 'number');

  // An untrusted certificate is refused by a verifying client: the server really presents ours.
  await assert.rejects(get(https, `${httpsBase}/healthz`));
  // Plain HTTP to the TLS port gets no HTTP answer.
  await assert.rejects(get(http, `${server.base}/healthz`));
});
