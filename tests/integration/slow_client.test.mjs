// A client that sends part of a request and then stalls must be disconnected after the read
// timeout, and must not take the server down with it.

import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';

import { startServer } from './harness.mjs';

const READ_TIMEOUT_MS = 1000;
// The server must drop the connection well before this (timeout + slack for a slow ASan build).
const CLOSE_WITHIN_MS = 5000;

/**
 * Opens a TCP connection, writes `payload`, then waits for the server to close the connection.
 * Resolves {elapsedMs, received} or rejects when the connection is still open after limitMs.
 */
function stallAndWaitForClose(port, payload, limitMs) {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    let received = '';
    let start = 0;
    let done = false;
    const finish = (err, value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(value);
    };
    const timer = setTimeout(
      () => finish(new Error(`connection still open ${limitMs} ms after stalling; received: ${JSON.stringify(received)}`)),
      limitMs,
    );
    sock.setEncoding('latin1');
    sock.on('connect', () => {
      start = Date.now();
      sock.write(payload);
    });
    sock.on('data', (d) => (received += d));
    // 'end' (FIN) or 'close' (FIN or RST) both mean the server gave up on us.
    sock.on('end', () => finish(null, { elapsedMs: Date.now() - start, received }));
    sock.on('close', () => finish(null, { elapsedMs: Date.now() - start, received }));
    sock.on('error', (e) => {
      if (e.code === 'ECONNRESET' || e.code === 'EPIPE') finish(null, { elapsedMs: Date.now() - start, received });
      else finish(e);
    });
  });
}

/**
 * GET /healthz on a new connection (no keep-alive pool: with a 1 s read timeout the server closes
 * idle pooled connections, and reusing one would race with that close).
 */
function freshHealthz(port) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(body) }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error('GET /healthz timed out')));
    req.on('error', reject);
  });
}

describe('slow clients', () => {
  let srv;

  before(async () => {
    srv = await startServer({ env: { ANXIN_HTTP_READ_TIMEOUT_MS: String(READ_TIMEOUT_MS) } });
  });
  after(async () => {
    await srv?.stop();
  });

  test('a body that never arrives: the connection is closed after the read timeout', async () => {
    const payload = 'POST /api/v1/departments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{';
    const r = await stallAndWaitForClose(srv.port, payload, CLOSE_WITHIN_MS);
    console.log(`stalled body: closed after ${r.elapsedMs} ms`);
    // Not before the timeout has had a chance to run (allow some timer slack).
    assert.ok(r.elapsedMs >= READ_TIMEOUT_MS * 0.5, `closed too early (${r.elapsedMs} ms)`);
    // The half-received request must not have been handled as if complete.
    assert.doesNotMatch(r.received, /^HTTP\/1\.1 201/);
  });

  test('headers that never finish: the connection is closed after the read timeout', async () => {
    const r = await stallAndWaitForClose(srv.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n', CLOSE_WITHIN_MS);
    console.log(`stalled headers: closed after ${r.elapsedMs} ms`);
    assert.ok(r.elapsedMs >= READ_TIMEOUT_MS * 0.5, `closed too early (${r.elapsedMs} ms)`);
  });

  test('an idle connection that sends nothing is closed too', async () => {
    const r = await stallAndWaitForClose(srv.port, '', CLOSE_WITHIN_MS);
    assert.ok(r.elapsedMs >= READ_TIMEOUT_MS * 0.5, `closed too early (${r.elapsedMs} ms)`);
  });

  test('many stalled connections at once do not block normal requests', async () => {
    const stalled = [];
    for (let i = 0; i < 20; i += 1) {
      stalled.push(
        stallAndWaitForClose(
          srv.port,
          'POST /api/v1/departments HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{',
          CLOSE_WITHIN_MS + 5000,
        ),
      );
    }
    // While they hang, the server keeps answering.
    const r = await freshHealthz(srv.port);
    assert.equal(r.status, 200);
    await Promise.all(stalled);
  });

  test('the server still serves /healthz afterwards', async () => {
    const r = await freshHealthz(srv.port);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { status: 'ok' });
    assert.equal(srv.exited, null, 'server process must still be running');
  });
});
