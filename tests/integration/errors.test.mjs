// The common error contract: shape, status codes, message keys, languages, request ids, and that
// rejected requests write nothing and no request body reaches the logs.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { client, departmentTotal, expectError, request, startServer, uniq } from './harness.mjs';

const EN = { 'Accept-Language': 'en-US,en;q=0.9' };
const HAN = /[\u4e00-\u9fff]/;
// Appears inside request bodies only; must never show up in the logs.
const MARKER = `BodyMarker${process.pid}x${Date.now()}`;

describe('error responses', () => {
  let srv;
  let c;
  let totalBefore;

  let admin;

  before(async () => {
    srv = await startServer({ admin: true });
    admin = srv.admin;
    c = client(srv.base); // no session: for routes that answer before authentication
    totalBefore = await departmentTotal(admin);
  });
  after(async () => {
    await srv?.stop();
  });

  // Signed in: the body checks below run after authentication.
  const post = (body, headers = {}) =>
    admin.raw('POST', '/api/v1/departments', {
      body,
      headers: { 'Content-Type': 'application/json', ...headers },
    });

  test('unknown route: 404 common.route_not_found', async () => {
    const r = await c.get('/api/v1/no-such-thing');
    expectError(assert, r, { status: 404, code: 'not_found', key: 'common.route_not_found' });
    const r2 = await c.get('/definitely/not/here');
    expectError(assert, r2, { status: 404, code: 'not_found', key: 'common.route_not_found' });
  });

  test('known path, wrong method: 404 common.method_not_allowed', async () => {
    const r = await c.raw('PUT', '/api/v1/departments', { json: { name: 'x' } });
    expectError(assert, r, { status: 404, code: 'not_found', key: 'common.method_not_allowed' });
    const r2 = await admin.raw('PUT', '/api/v1/departments', { json: { name: 'x' } });
    expectError(assert, r2, { status: 404, code: 'not_found', key: 'common.method_not_allowed' });
  });

  test('no session: 401 common.unauthenticated in the common shape, before any body check', async () => {
    const r = await c.get('/api/v1/departments');
    expectError(assert, r, { status: 401, code: 'unauthenticated', key: 'common.unauthenticated' });
    // A body that would fail validation still gets 401: nothing is parsed for strangers.
    const r2 = await request(srv.base, 'POST', '/api/v1/departments', {
      body: `{"name": "${MARKER}", "colour": 1}`,
      headers: { 'Content-Type': 'application/json' },
    });
    expectError(assert, r2, { status: 401, code: 'unauthenticated', key: 'common.unauthenticated' });
    // A made-up session cookie is no better.
    const r3 = await request(srv.base, 'GET', '/api/v1/departments', { headers: { Cookie: 'anxin_session=forged' } });
    expectError(assert, r3, { status: 401, code: 'unauthenticated' });
  });

  test('2 MiB body: 413 common.payload_too_large with details.max_bytes', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024), code: 'BIG', kind: 'team' });
    assert.ok(big.length > 2 * 1024 * 1024);
    const r = await post(big);
    const e = expectError(assert, r, { status: 413, code: 'payload_too_large', key: 'common.payload_too_large' });
    assert.equal(e.details.max_bytes, 1048576);
  });

  test('non-JSON content type: 415 common.unsupported_media_type', async () => {
    const body = JSON.stringify({ name: MARKER, code: uniq('M'), kind: 'team' });
    const r = await admin.raw('POST', '/api/v1/departments', {
      body,
      headers: { 'Content-Type': 'text/plain' },
    });
    expectError(assert, r, { status: 415, code: 'unsupported_media_type', key: 'common.unsupported_media_type' });
    // No Content-Type at all is not JSON either.
    const r2 = await admin.raw('POST', '/api/v1/departments', { body: Buffer.from(body) });
    expectError(assert, r2, { status: 415, code: 'unsupported_media_type', key: 'common.unsupported_media_type' });
  });

  test('malformed JSON: 400 common.malformed_json', async () => {
    const r = await post(`{"name": "${MARKER}", "code": `);
    expectError(assert, r, { status: 400, code: 'invalid_argument', key: 'common.malformed_json' });
    const r2 = await post(`{"name": "${MARKER}",}`);
    expectError(assert, r2, { status: 400, code: 'invalid_argument', key: 'common.malformed_json' });
  });

  test('invalid UTF-8: 400 common.invalid_utf8', async () => {
    const body = Buffer.concat([
      Buffer.from(`{"name":"${MARKER}`),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
      Buffer.from(`","code":"${uniq('U')}","kind":"team"}`),
    ]);
    const r = await post(body);
    expectError(assert, r, { status: 400, code: 'invalid_argument', key: 'common.invalid_utf8' });
  });

  test('unknown field: 400 common.unknown_field naming the field', async () => {
    const r = await post(JSON.stringify({ name: 'n', code: uniq('F'), kind: 'team', colour: MARKER }));
    const e = expectError(assert, r, { status: 400, code: 'invalid_argument', key: 'common.unknown_field' });
    assert.equal(e.details.field, 'colour');
    assert.ok(e.message.includes('colour'), e.message);
  });

  test('wrong type: 400 common.field_type', async () => {
    const r = await post(JSON.stringify({ name: 12345, code: uniq('W'), kind: 'team' }));
    const e = expectError(assert, r, { status: 400, code: 'invalid_argument', key: 'common.field_type' });
    assert.equal(e.details.field, 'name');
    const r2 = await post(JSON.stringify({ name: MARKER, code: uniq('W'), kind: 'team', sort_order: 'first' }));
    const e2 = expectError(assert, r2, { status: 400, code: 'invalid_argument', key: 'common.field_type' });
    assert.equal(e2.details.field, 'sort_order');
  });

  test('body that is not an object is rejected', async () => {
    const r = await post(JSON.stringify([MARKER]));
    expectError(assert, r, { status: 400, code: 'invalid_argument' });
  });

  test('missing required field: 400 common.field_required', async () => {
    const r = await post(JSON.stringify({ name: MARKER, kind: 'team' }));
    const e = expectError(assert, r, { status: 400, code: 'invalid_argument', key: 'common.field_required' });
    assert.equal(e.details.field, 'code');
  });

  test('over-long name: 400 common.field_too_long with details.max', async () => {
    const r = await post(JSON.stringify({ name: MARKER + 'n'.repeat(65), code: uniq('L'), kind: 'team' }));
    const e = expectError(assert, r, { status: 400, code: 'invalid_argument', key: 'common.field_too_long' });
    assert.equal(e.details.field, 'name');
    assert.equal(e.details.max, 64);
    // Length is counted in characters: 65 Chinese characters must fail as well.
    const r2 = await post(JSON.stringify({ name: '部'.repeat(65), code: uniq('L'), kind: 'team' }));
    expectError(assert, r2, { status: 400, key: 'common.field_too_long' });
  });

  test('value outside the enum: 400 common.field_enum', async () => {
    const r = await post(JSON.stringify({ name: MARKER, code: uniq('E'), kind: 'galaxy' }));
    const e = expectError(assert, r, { status: 400, code: 'invalid_argument', key: 'common.field_enum' });
    assert.equal(e.details.field, 'kind');
  });

  test('code with characters outside [A-Za-z0-9_-] is rejected', async () => {
    const r = await post(JSON.stringify({ name: MARKER, code: 'bad code!', kind: 'team' }));
    expectError(assert, r, { status: 400, code: 'invalid_argument' });
  });

  test('page_size over 200: 400 common.page_size_invalid', async () => {
    const r = await admin.get('/api/v1/departments?page_size=201');
    expectError(assert, r, { status: 400, code: 'invalid_argument', key: 'common.page_size_invalid' });
  });

  test('request ids: a safe incoming X-Request-Id is echoed, otherwise one is generated', async () => {
    const id = `it-${Date.now()}-abc`;
    const r = await request(srv.base, 'GET', '/api/v1/no-such-thing', { headers: { 'X-Request-Id': id } });
    const e = expectError(assert, r, { status: 404 });
    assert.equal(r.headers.get('x-request-id'), id);
    assert.equal(e.request_id, id);

    const ok = await request(srv.base, 'GET', '/healthz', { headers: { 'X-Request-Id': id } });
    assert.equal(ok.headers.get('x-request-id'), id, 'successful responses echo the id too');

    // Unsafe ids (spaces, too long) are replaced, not echoed.
    const bad = 'has space';
    const r2 = await request(srv.base, 'GET', '/api/v1/no-such-thing', { headers: { 'X-Request-Id': bad } });
    const e2 = expectError(assert, r2, { status: 404 });
    assert.notEqual(e2.request_id, bad);
    const long = 'x'.repeat(500);
    const r3 = await request(srv.base, 'GET', '/healthz', { headers: { 'X-Request-Id': long } });
    assert.notEqual(r3.headers.get('x-request-id'), long);
    assert.ok(r3.headers.get('x-request-id'));

    // Generated ids differ between requests.
    const a = await c.get('/healthz');
    const b = await c.get('/healthz');
    assert.ok(a.headers.get('x-request-id'));
    assert.notEqual(a.headers.get('x-request-id'), b.headers.get('x-request-id'));
  });

  test('messages: Chinese by default, English with Accept-Language en-US', async () => {
    const cases = [
      () => request(srv.base, 'GET', '/api/v1/no-such-thing', { headers: {} }),
      () => post(JSON.stringify({ name: 'n', code: uniq('F'), kind: 'team', colour: 1 })),
      () => post('{'),
    ];
    const enCases = [
      () => request(srv.base, 'GET', '/api/v1/no-such-thing', { headers: EN }),
      () => post(JSON.stringify({ name: 'n', code: uniq('F'), kind: 'team', colour: 1 }), EN),
      () => post('{', EN),
    ];
    for (let i = 0; i < cases.length; i += 1) {
      const zh = expectError(assert, await cases[i]());
      const en = expectError(assert, await enCases[i]());
      assert.equal(zh.key, en.key);
      assert.equal(zh.code, en.code);
      assert.notEqual(zh.message, en.message);
      assert.match(zh.message, HAN, `default message should be Chinese: ${zh.message}`);
      assert.doesNotMatch(en.message, HAN, `en-US message should not be Chinese: ${en.message}`);
      assert.match(en.message, /[A-Za-z]{3,}/);
    }
    // Explicit zh-CN behaves like the default.
    const zh2 = expectError(
      assert,
      await request(srv.base, 'GET', '/nope', { headers: { 'Accept-Language': 'zh-CN,zh;q=0.9' } }),
    );
    assert.match(zh2.message, HAN);
  });

  test('an accepted request works (sanity) and its name does not reach the logs', async () => {
    const r = await admin.post('/api/v1/departments', { name: `${MARKER} 部门`, code: uniq('OK'), kind: 'company' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.name, `${MARKER} 部门`);
    // Clean up so the "nothing written" total below only counts the rejected requests.
    const d = await admin.del(`/api/v1/departments/${r.json.id}`);
    assert.equal(d.status, 204, d.text);
  });

  test('after all rejected requests nothing was written', async () => {
    assert.equal(await departmentTotal(admin), totalBefore);
  });

  test('logs: one http.request line per request with the route pattern, and no body text', async () => {
    const marked = `log-check-${Date.now()}`;
    const r = await admin.get('/api/v1/departments/987654321', { headers: { 'X-Request-Id': marked } });
    assert.equal(r.status, 404, r.text);
    await srv.stop(); // drains stderr completely
    const logs = srv.logs();
    assert.equal(logs.includes(MARKER), false, 'a request body leaked into the logs');
    // Every stderr line is one JSON object with the common fields.
    for (const raw of logs.split('\n').filter((x) => x.trim() !== '')) {
      let obj;
      assert.doesNotThrow(() => (obj = JSON.parse(raw)), `log line is not JSON: ${raw}`);
      assert.equal(typeof obj.event, 'string', raw);
      assert.equal(typeof obj.level, 'string', raw);
      assert.equal(typeof obj.ts, 'string', raw);
    }
    const lines = srv.logLines();
    const mine = lines.filter((l) => l.event === 'http.request' && l.request_id === marked);
    assert.equal(mine.length, 1, `expected one http.request line for ${marked}`);
    const l = mine[0];
    assert.equal(l.method, 'GET');
    assert.equal(l.route, '/api/v1/departments/{id}');
    assert.equal(l.status, 404);
    assert.equal(typeof l.latency_ms, 'number');
    // Unmatched paths are not logged as routes (they could carry anything).
    assert.ok(lines.filter((x) => x.event === 'http.request').every((x) => x.route !== '/definitely/not/here'));
  });
});
