// Authentication: session cookies, credential errors that reveal nothing, lockout, TOTP (enrolment,
// replay, recovery codes), session fixation, CSRF, logout, forced password change and the password
// policy, API tokens, the login log, and disabling a signed-in user.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  CSRF_COOKIE,
  SESSION_COOKIE,
  client,
  createUser,
  expectError,
  login,
  nextTotpCode,
  request,
  sessionClient,
  startServer,
  strongPassword,
  tokenClient,
  totpAtStep,
  totpStep,
  tryLogin,
  uniq,
  uniqUsername,
} from './harness.mjs';

const EN = { 'Accept-Language': 'en-US' };

/** The attributes of a Set-Cookie value, e.g. ['Path=/', 'SameSite=Strict', 'HttpOnly']. */
function attributes(cookie) {
  return cookie.attributes;
}

/** A six-digit code that is valid in none of the steps around now. */
function notACode(secret) {
  const now = totpStep();
  const valid = new Set([-2, -1, 0, 1, 2].map((d) => totpAtStep(secret, now + d)));
  for (let n = 0; ; n += 1) {
    const code = String(n * 7919 % 1_000_000).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

/** GET /api/v1/auth/me with just a session token. */
function meWithToken(base, token) {
  return request(base, 'GET', '/api/v1/auth/me', { headers: { Cookie: `${SESSION_COOKIE}=${token}` } });
}

describe('authentication', () => {
  let srv;
  let admin;
  let rootId;
  let auditor;

  before(async () => {
    srv = await startServer({ admin: true });
    admin = srv.admin;
    rootId = admin.me.user.department_id;
    auditor = await createUser(admin, { username: uniqUsername('aud'), roles: ['auditor'], department_id: rootId });
  });
  after(async () => {
    await srv?.stop();
  });

  /** A signed-in user with the worker role (no second factor required). */
  const worker = (prefix = 'w') =>
    createUser(admin, { username: uniqUsername(prefix), roles: ['worker'], department_id: rootId });

  /** Login-log entries of one user (as the auditor). */
  async function loginLog(userId) {
    const r = await auditor.client.get(`/api/v1/audit/login-logs?user_id=${userId}&page_size=200`);
    assert.equal(r.status, 200, r.text);
    return r.json.items;
  }

  test('login: the response names the user and sets HttpOnly/SameSite=Strict cookies (no Secure on http)', async () => {
    const { account, user } = await worker('ck');
    const r = await tryLogin(srv.base, account.username, account.password);
    assert.equal(r.status, 200, r.text);
    const s = r.cookies[SESSION_COOKIE];
    const c = r.cookies[CSRF_COOKIE];
    assert.ok(s && c, `both cookies expected: ${JSON.stringify(r.headers.getSetCookie())}`);
    assert.ok(s.value.length >= 32, 'the session token must be long and random');
    assert.ok(attributes(s).includes('HttpOnly'), s.raw);
    assert.ok(attributes(s).includes('SameSite=Strict'), s.raw);
    assert.ok(attributes(s).includes('Path=/'), s.raw);
    assert.ok(!attributes(s).some((a) => a.toLowerCase() === 'secure'), `no Secure over plain http: ${s.raw}`);
    assert.ok(attributes(c).includes('SameSite=Strict'), c.raw);
    assert.ok(!attributes(c).includes('HttpOnly'), 'the page must be able to read the CSRF cookie');
    assert.ok(!attributes(c).some((a) => a.toLowerCase() === 'secure'), c.raw);

    const b = r.json;
    assert.equal(b.csrf_token, c.value, 'the body carries the CSRF token of the cookie');
    assert.deepEqual(Object.keys(b.user).sort(), ['department_id', 'display_name', 'id', 'username']);
    assert.equal(b.user.id, user.id);
    assert.equal(b.user.username, account.username);
    assert.equal(b.user.department_id, rootId);
    assert.deepEqual(b.permissions, [...b.permissions].sort(), 'permissions are sorted');
    // Exactly the permissions of the built-in worker role.
    const roles = await admin.get('/api/v1/roles?page_size=200');
    assert.equal(roles.status, 200, roles.text);
    const workerRole = roles.json.items.find((x) => x.code === 'worker');
    assert.deepEqual(b.permissions, [...workerRole.permissions].sort());
    assert.ok(b.permissions.includes('identity:department:read'));
    assert.ok(!b.permissions.some((p) => p.startsWith('identity:user:')), 'a worker reads no user records');
    assert.equal(b.data_scope, 0, 'worker: own records');
    assert.equal(b.clearance, 2);
    assert.equal(b.pending, null);
    assert.ok(!r.text.includes(account.password));
  });

  test('unknown user and wrong password get the identical answer', async () => {
    const { account } = await worker('wp');
    const ghost = `ghost_${uniq().toLowerCase()}`;
    for (const headers of [{}, EN]) {
      const unknown = await tryLogin(srv.base, ghost, 'Some#Password123', { headers });
      const wrong = await tryLogin(srv.base, account.username, 'Some#Password123', { headers });
      const eu = expectError(assert, unknown, { status: 401, code: 'unauthenticated', key: 'auth.invalid_credentials' });
      const ew = expectError(assert, wrong, { status: 401, code: 'unauthenticated', key: 'auth.invalid_credentials' });
      assert.equal(eu.message, ew.message);
      assert.deepEqual(eu.details, ew.details);
      assert.deepEqual(unknown.cookies, {}, 'no cookie for a failed login');
      assert.deepEqual(wrong.cookies, {});
    }
    // The typed unknown name is not stored anywhere the auditor can read.
    const r = await auditor.client.get('/api/v1/audit/login-logs?outcome=failure&page_size=200');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text.includes(ghost), false, 'a typed unknown user name must not be logged');
  });

  test('five failures in a row lock the account for 15 minutes', async () => {
    const { account, user } = await worker('lk');
    const statuses = [];
    for (let i = 1; i <= 5; i += 1) {
      const r = await tryLogin(srv.base, account.username, `Wrong#Password${i}x`);
      const e = expectError(assert, r, { status: 401, code: 'unauthenticated' });
      statuses.push(e.key);
      if (i < 5) assert.equal(e.key, 'auth.invalid_credentials', `attempt ${i}`);
    }
    // The 6th attempt, with the right password, is refused: the account is locked.
    const r = await tryLogin(srv.base, account.username, account.password);
    const e = expectError(assert, r, { status: 401, code: 'unauthenticated', key: 'auth.account_locked' });
    const wait = e.details.retry_after_seconds;
    assert.ok(Number.isInteger(wait) && wait > 850 && wait <= 900, `retry_after_seconds ≈ 900, got ${wait}`);
    assert.deepEqual(r.cookies, {});
    // The user record shows the lock to administrators.
    const u = await admin.get(`/api/v1/users/${user.id}`);
    assert.equal(u.status, 200, u.text);
    assert.ok(u.json.locked_until, `locked_until expected: ${u.text}`);
    assert.ok(Date.parse(u.json.locked_until) > Date.now() + 800_000);
    // Other accounts are unaffected.
    const other = await worker('lk2');
    assert.equal((await tryLogin(srv.base, other.account.username, other.account.password)).status, 200);
    console.log(`lockout: keys of the 5 failures: ${statuses.join(', ')}`);
  });

  test('TOTP: enrolment, second factor, old and replayed codes refused, recovery codes single-use', async () => {
    const { account, client: c, user } = await worker('tp');
    // A worker may enrol voluntarily.
    const e = await c.post('/api/v1/auth/totp/enroll', {});
    assert.equal(e.status, 200, e.text);
    assert.match(e.json.secret, /^[A-Z2-7]{32}$/, 'a 160-bit base32 secret');
    assert.ok(e.json.otpauth_uri.startsWith('otpauth://totp/'), e.json.otpauth_uri);
    assert.ok(e.json.otpauth_uri.includes(`secret=${e.json.secret}`), e.json.otpauth_uri);
    assert.match(e.json.qr_svg, /<svg[\s\S]*<\/svg>\s*$/);
    account.totpSecret = e.json.secret;

    const wrong = await c.post('/api/v1/auth/totp/activate', { code: notACode(e.json.secret) });
    expectError(assert, wrong, { status: 400, key: 'auth.totp_invalid' });
    const act = await c.post('/api/v1/auth/totp/activate', { code: await nextTotpCode(account) });
    assert.equal(act.status, 200, act.text);
    const codes = act.json.recovery_codes;
    assert.equal(codes.length, 10);
    for (const rc of codes) assert.match(rc, /^[a-hj-km-np-z2-9]{4}-[a-hj-km-np-z2-9]{4}-[a-hj-km-np-z2-9]{4}$/, rc);
    assert.equal(new Set(codes).size, 10);
    const again = await c.post('/api/v1/auth/totp/enroll', {});
    expectError(assert, again, { status: 409, key: 'auth.totp_already_enabled' });
    assert.equal((await c.get('/api/v1/auth/me')).json.pending, null, 'the enrolling session stays active');

    // Next login: the second factor is due; nothing else is allowed meanwhile.
    const pre = await login(srv.base, account.username, account.password);
    assert.equal(pre.me.pending, 'totp');
    const blocked = await pre.get('/api/v1/departments');
    const be = expectError(assert, blocked, { status: 403, code: 'forbidden', key: 'auth.step_required' });
    assert.equal(be.details.pending, 'totp');
    assert.equal((await pre.get('/api/v1/auth/me')).json.pending, 'totp');

    // A code two steps old is outside the ±1 window.
    const old = await pre.post('/api/v1/auth/totp', { code: totpAtStep(account.totpSecret, totpStep() - 2) });
    expectError(assert, old, { status: 401, key: 'auth.totp_invalid' });

    const code = await nextTotpCode(account);
    const ok = await pre.post('/api/v1/auth/totp', { code });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.pending, null);
    const full = sessionClient(srv.base).adopt(ok);
    assert.notEqual(full.token, pre.token, 'the second factor issues a new session token');
    expectError(assert, await meWithToken(srv.base, pre.token), { status: 401, key: 'auth.session_expired' });
    assert.equal((await full.get('/api/v1/departments')).status, 200);

    // The same code on the next login is a replay.
    const pre2 = await login(srv.base, account.username, account.password);
    const replay = await pre2.post('/api/v1/auth/totp', { code });
    expectError(assert, replay, { status: 401, key: 'auth.totp_invalid' });

    // A recovery code works once (typed in upper case it is the same code).
    const rc = await pre2.post('/api/v1/auth/totp', { code: codes[0].toUpperCase() });
    assert.equal(rc.status, 200, rc.text);
    const pre3 = await login(srv.base, account.username, account.password);
    const rcAgain = await pre3.post('/api/v1/auth/totp', { code: codes[0] });
    expectError(assert, rcAgain, { status: 401, key: 'auth.totp_invalid' });
    const rc2 = await pre3.post('/api/v1/auth/totp', { code: codes[1] });
    assert.equal(rc2.status, 200, rc2.text);

    const events = (await loginLog(user.id)).map((x) => `${x.event}:${x.outcome}`);
    for (const ev of ['totp_enrolled:success', 'second_factor:success', 'second_factor:failure']) {
      assert.ok(events.includes(ev), `login log lacks ${ev}: ${events.join(' ')}`);
    }
  });

  test('roles with administrative or audit permissions must enrol TOTP first; the same session then works', async () => {
    const { user, account } = await createUser(admin, {
      username: uniqUsername('sa'),
      roles: ['sysadmin'],
      department_id: rootId,
      signIn: false,
    });
    const c = await login(srv.base, account.username, account.password);
    assert.equal(c.me.pending, 'password_change', 'a one-time password is changed first');
    const next = strongPassword();
    assert.equal((await c.post('/api/v1/auth/password', { current_password: account.password, new_password: next })).status, 204);
    account.password = next;
    const me = await c.get('/api/v1/auth/me');
    assert.equal(me.json.pending, 'totp_enrollment');
    for (const call of [() => c.get('/api/v1/users'), () => c.post('/api/v1/departments', { name: 'x', code: uniq('X'), kind: 'team' })]) {
      const r = await call();
      const e = expectError(assert, r, { status: 403, key: 'auth.step_required' });
      assert.equal(e.details.pending, 'totp_enrollment');
    }
    const enr = await c.post('/api/v1/auth/totp/enroll', {});
    assert.equal(enr.status, 200, enr.text);
    account.totpSecret = enr.json.secret;
    const act = await c.post('/api/v1/auth/totp/activate', { code: await nextTotpCode(account) });
    assert.equal(act.status, 200, act.text);
    const after = await c.get('/api/v1/auth/me');
    assert.equal(after.json.pending, null, after.text);
    assert.equal((await c.get(`/api/v1/users/${user.id}`)).status, 200);
  });

  test('session fixation: login never keeps a cookie the browser already had', async () => {
    const { account } = await worker('fx');
    // A value planted by an attacker.
    const planted = 'planted-by-attacker-0123456789abcdef';
    const r1 = await tryLogin(srv.base, account.username, account.password, { cookie: `${SESSION_COOKIE}=${planted}` });
    assert.equal(r1.status, 200, r1.text);
    assert.notEqual(r1.cookies[SESSION_COOKIE].value, planted);
    expectError(assert, await meWithToken(srv.base, planted), { status: 401 });

    // A real session the browser still holds is ended, not upgraded.
    const first = r1.cookies[SESSION_COOKIE].value;
    assert.equal((await meWithToken(srv.base, first)).status, 200);
    const r2 = await tryLogin(srv.base, account.username, account.password, { cookie: `${SESSION_COOKIE}=${first}` });
    assert.equal(r2.status, 200, r2.text);
    const second = r2.cookies[SESSION_COOKIE].value;
    assert.notEqual(second, first);
    expectError(assert, await meWithToken(srv.base, first), { status: 401, key: 'auth.session_expired' });
    assert.equal((await meWithToken(srv.base, second)).status, 200);
  });

  test('CSRF: state-changing requests need the session\'s token in X-CSRF-Token', async () => {
    const body = () => ({ name: 'CSRF', code: uniq('CS'), kind: 'team' });
    const missing = await admin.post('/api/v1/departments', body(), { csrf: false });
    expectError(assert, missing, { status: 403, code: 'forbidden', key: 'auth.csrf_invalid' });
    const wrongBody = body();
    const wrong = await admin.post('/api/v1/departments', wrongBody, { csrf: 'x'.repeat(admin.csrf.length) });
    expectError(assert, wrong, { status: 403, code: 'forbidden', key: 'auth.csrf_invalid' });
    // The token of another session does not do either.
    const other = (await worker('cs')).client;
    const foreign = await admin.post('/api/v1/departments', body(), { csrf: other.csrf });
    expectError(assert, foreign, { status: 403, key: 'auth.csrf_invalid' });
    const ok = await admin.post('/api/v1/departments', wrongBody);
    assert.equal(ok.status, 201, ok.text);
    // PATCH and DELETE as well; GET needs no token.
    const patch = await admin.patch(`/api/v1/departments/${ok.json.id}`, { version: ok.json.version, name: 'y' }, { csrf: false });
    expectError(assert, patch, { status: 403, key: 'auth.csrf_invalid' });
    const del = await admin.del(`/api/v1/departments/${ok.json.id}`, { csrf: false });
    expectError(assert, del, { status: 403, key: 'auth.csrf_invalid' });
    const get = await admin.get(`/api/v1/departments/${ok.json.id}`);
    assert.equal(get.status, 200);
    assert.equal(get.json.name, 'CSRF', 'refused requests changed nothing');
    // Logout is state-changing too.
    expectError(assert, await other.post('/api/v1/auth/logout', {}, { csrf: false }), { status: 403, key: 'auth.csrf_invalid' });
  });

  test('API tokens: Bearer needs no CSRF, is limited to its scopes, and dies when revoked', async () => {
    const svc = await createUser(admin, {
      username: uniqUsername('svc'),
      roles: ['sysadmin'],
      department_id: rootId,
      is_service_account: true,
    });
    assert.equal(svc.user.is_service_account, true);
    assert.equal(svc.account.password, undefined, 'service accounts get no password');
    // Service accounts cannot sign in with a password at all.
    expectError(assert, await tryLogin(srv.base, svc.user.username, 'Any#Password123'), { status: 401, key: 'auth.invalid_credentials' });

    const human = await worker('hm');
    const notSvc = await admin.post('/api/v1/api-tokens', { user_id: human.user.id, name: 'x', scopes: [] });
    expectError(assert, notSvc, { status: 400, key: 'identity.not_service_account' });

    const made = await admin.post('/api/v1/api-tokens', {
      user_id: svc.user.id,
      name: 'integration',
      scopes: ['identity:department:read', 'identity:department:create'],
      expires_in_days: 1,
    });
    assert.equal(made.status, 201, made.text);
    assert.match(made.json.token, /^anx_/);
    const list = await admin.get('/api/v1/api-tokens');
    assert.equal(list.status, 200);
    assert.equal(list.text.includes(made.json.token), false, 'the secret is shown once only');

    const bearer = tokenClient(srv.base, made.json.token);
    const created = await bearer.post('/api/v1/departments', { name: '令牌', code: uniq('TK'), kind: 'team' });
    assert.equal(created.status, 201, created.text);
    // Outside its scopes (though the account's role has it): forbidden.
    const users = await bearer.get('/api/v1/users');
    expectError(assert, users, { status: 403, code: 'forbidden' });

    const revoked = await admin.del(`/api/v1/api-tokens/${made.json.id}`);
    assert.equal(revoked.status, 204, revoked.text);
    expectError(assert, await bearer.get('/api/v1/departments'), { status: 401, key: 'auth.token_invalid' });
    expectError(assert, await tokenClient(srv.base, 'anx_madeup').get('/api/v1/departments'), { status: 401, key: 'auth.token_invalid' });
  });

  test('logout ends the session', async () => {
    const { client: c, user } = await worker('lo');
    assert.equal((await c.get('/api/v1/departments')).status, 200);
    const r = await c.post('/api/v1/auth/logout', {});
    assert.equal(r.status, 204, r.text);
    const cleared = r.headers.getSetCookie().find((x) => x.startsWith(`${SESSION_COOKIE}=`));
    assert.ok(cleared && /Max-Age=0/i.test(cleared), `the session cookie is cleared: ${cleared}`);
    expectError(assert, await c.get('/api/v1/departments'), { status: 401, key: 'auth.session_expired' });
    expectError(assert, await c.get('/api/v1/auth/me'), { status: 401, key: 'auth.session_expired' });
    const events = (await loginLog(user.id)).map((x) => `${x.event}:${x.outcome}`);
    assert.ok(events.includes('logout:success'), events.join(' '));
  });

  test('a user created by an administrator must change the one-time password; the policy applies', async () => {
    const username = uniqUsername('pw');
    const workerRole = (await admin.get('/api/v1/roles?page_size=200')).json.items.find((x) => x.code === 'worker');
    const made = await admin.post('/api/v1/users', {
      username,
      display_name: '新员工',
      department_id: rootId,
      role_ids: [workerRole.id],
    });
    assert.equal(made.status, 201, made.text);
    const initial = made.json.initial_password;
    assert.equal(typeof initial, 'string');
    assert.ok(initial.length >= 12);
    assert.equal(made.json.must_change_password, true);
    // Shown once: the user record does not carry it afterwards.
    const read = await admin.get(`/api/v1/users/${made.json.id}`);
    assert.equal(read.text.includes(initial), false);

    const c = await login(srv.base, username, initial);
    assert.equal(c.me.pending, 'password_change');
    const blocked = await c.get('/api/v1/departments');
    const be = expectError(assert, blocked, { status: 403, key: 'auth.step_required' });
    assert.equal(be.details.pending, 'password_change');
    expectError(assert, await c.post('/api/v1/auth/totp/enroll', {}), { status: 403, key: 'auth.step_required' });

    const change = (current, next) => c.post('/api/v1/auth/password', { current_password: current, new_password: next });
    expectError(assert, await change('Not#TheCurrent1', 'Fresh#Passw0rd!x'), { status: 400, key: 'auth.password_wrong' });
    expectError(assert, await change(initial, 'Ab1#short'), { status: 400, key: 'auth.password_too_short' });
    expectError(assert, await change(initial, 'alllowercaseletters'), { status: 400, key: 'auth.password_composition' });
    expectError(assert, await change(initial, 'NoSymbols12345abc'), { status: 400, key: 'auth.password_composition' });
    expectError(assert, await change(initial, 'P@ssw0rd1234'), { status: 400, key: 'auth.password_breached' });
    expectError(assert, await change(initial, `X#1${username}Yz`), { status: 400, key: 'auth.password_contains_username' });
    expectError(assert, await change(initial, initial), { status: 400, key: 'auth.password_reused' });
    assert.equal((await c.get('/api/v1/auth/me')).json.pending, 'password_change', 'refused changes change nothing');

    // A second session of the same user, to see that a change ends the other sessions only.
    const second = await login(srv.base, username, initial);
    const next = strongPassword();
    const ok = await change(initial, next);
    assert.equal(ok.status, 204, ok.text);
    assert.equal((await c.get('/api/v1/auth/me')).json.pending, null, 'the changing session stays and is active');
    assert.equal((await c.get('/api/v1/departments')).status, 200);
    expectError(assert, await second.get('/api/v1/auth/me'), { status: 401, key: 'auth.session_expired' });
    expectError(assert, await tryLogin(srv.base, username, initial), { status: 401, key: 'auth.invalid_credentials' });
    assert.equal((await tryLogin(srv.base, username, next)).status, 200);
    // The previous password cannot come back either.
    const back = await c.post('/api/v1/auth/password', { current_password: next, new_password: initial });
    expectError(assert, back, { status: 400, key: 'auth.password_reused' });
  });

  test('disabling a user ends their live session at once', async () => {
    const { client: c, user, account } = await worker('dis');
    assert.equal((await c.get('/api/v1/departments')).status, 200);
    const d = await admin.post(`/api/v1/users/${user.id}/disable`, {});
    assert.equal(d.status, 200, d.text);
    assert.equal(d.json.status, 'disabled');
    expectError(assert, await c.get('/api/v1/departments'), { status: 401 });
    expectError(assert, await tryLogin(srv.base, account.username, account.password), {
      status: 401,
      key: 'auth.invalid_credentials',
    });
    // Disabling oneself is refused.
    expectError(assert, await admin.post(`/api/v1/users/${admin.me.user.id}/disable`, {}), { status: 409 });
    const en = await admin.post(`/api/v1/users/${user.id}/enable`, {});
    assert.equal(en.status, 200, en.text);
    assert.equal(en.json.status, 'active');
    assert.equal((await tryLogin(srv.base, account.username, account.password)).status, 200);
  });

  test('the login log shows successes, failures, lockouts, logouts and password changes', async () => {
    // One account walks through every event.
    const { account, client: c, user } = await worker('lg');
    const next = strongPassword();
    assert.equal((await c.post('/api/v1/auth/password', { current_password: account.password, new_password: next })).status, 204);
    account.password = next;
    assert.equal((await c.post('/api/v1/auth/logout', {})).status, 204);
    for (let i = 0; i < 5; i += 1) await tryLogin(srv.base, account.username, `Wrong#Password${i}x`);

    const items = await loginLog(user.id);
    for (const x of items) {
      assert.equal(x.user_id, user.id);
      assert.equal(x.username, account.username);
      assert.equal(x.ip, '127.0.0.1');
      assert.ok(['success', 'failure'].includes(x.outcome), JSON.stringify(x));
      assert.ok(!Number.isNaN(Date.parse(x.at)), JSON.stringify(x));
    }
    const events = items.map((x) => `${x.event}:${x.outcome}`);
    for (const ev of ['login:success', 'login:failure', 'lockout:failure', 'logout:success', 'password_change:success']) {
      assert.ok(events.includes(ev), `login log lacks ${ev}: ${events.join(' ')}`);
    }
    assert.equal(JSON.stringify(items).includes(next), false, 'passwords never reach the log');
    // Filters work.
    const failures = await auditor.client.get(`/api/v1/audit/login-logs?user_id=${user.id}&event=login&outcome=failure`);
    assert.equal(failures.status, 200, failures.text);
    assert.equal(failures.json.total, 5, failures.text);
    // The security administrator may read it as well; a worker may not.
    assert.equal((await admin.get(`/api/v1/audit/login-logs?user_id=${user.id}`)).status, 200);
    const w = (await worker('lg2')).client;
    expectError(assert, await w.get('/api/v1/audit/login-logs'), { status: 403, code: 'forbidden' });
  });
});

describe('authentication: throttling by address', () => {
  let srv;
  before(async () => {
    srv = await startServer({ admin: true });
  });
  after(async () => {
    await srv?.stop();
  });

  test('20 failed logins from one address within 15 minutes: 429 auth.too_many_attempts', async () => {
    const { username, password } = srv.adminAccount;
    for (let i = 0; i < 20; i += 1) {
      // Unknown names, so no account gets locked: this is the address limit.
      const r = await tryLogin(srv.base, `nobody${i}`, 'Wrong#Password1');
      expectError(assert, r, { status: 401, key: 'auth.invalid_credentials' });
    }
    const r = await tryLogin(srv.base, username, password);
    const e = expectError(assert, r, { status: 429, key: 'auth.too_many_attempts' });
    assert.ok(e.details.retry_after_seconds > 0 && e.details.retry_after_seconds <= 900, JSON.stringify(e.details));
    // Existing sessions keep working.
    assert.equal((await srv.admin.get('/api/v1/departments')).status, 200);
    assert.equal((await client(srv.base).get('/healthz')).status, 200);
  });
});
