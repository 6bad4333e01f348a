// Authentication: TOTP codes, session clients, administrators and users with a role.

import crypto from 'node:crypto';
import path from 'node:path';
import { strongPassword, uniqUsername } from './fixtures.mjs';
import { parseSetCookies, request } from './http.mjs';
import { delay, runCli } from './process.mjs';

export const SESSION_COOKIE = 'anxin_session';
export const CSRF_COOKIE = 'anxin_csrf';
export const TOTP_STEP_MS = 30_000;

/** Decodes RFC 4648 base32 (case-insensitive; spaces, dashes and padding ignored). */
export function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${JSON.stringify(text)}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The TOTP time step (30 s) that `timeMs` falls in. */
export function totpStep(timeMs = Date.now()) {
  return Math.floor(timeMs / TOTP_STEP_MS);
}

/** The RFC 6238 code (HMAC-SHA1, 6 digits) of time step `step`. */
export function totpAtStep(secretBase32, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = crypto.createHmac('sha1', base32Decode(secretBase32)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(binary).padStart(6, '0');
}

/** The RFC 6238 code at `timeMs`. */
export function totp(secretBase32, timeMs = Date.now()) {
  return totpAtStep(secretBase32, totpStep(timeMs));
}

/**
 * A code the server has not seen yet for `account` ({totpSecret, lastStep}): the server accepts
 * the steps now-1..now+1 and only steps newer than the last one it accepted. Waits for the next
 * step when the window holds no unused one. Records the step as used.
 */
export async function nextTotpCode(account) {
  for (;;) {
    const now = Date.now();
    const current = totpStep(now);
    const step = Math.max(current, (account.lastStep ?? -Infinity) + 1);
    if (step <= current + 1) {
      account.lastStep = step;
      return totpAtStep(account.totpSecret, step);
    }
    await delay((step - 1) * TOTP_STEP_MS - now + 100);
  }
}

/**
 * A client that sends the session cookie on every request and the CSRF header on every
 * state-changing one. Per-request options: headers, body (raw), json, csrf (false: leave the
 * header out; a string: send that instead), cookie (a Cookie header to send instead).
 * `adopt(response)` takes over a new session from a login/TOTP response.
 */
export function sessionClient(base, { token, csrf } = {}) {
  const c = {
    base,
    token,
    csrf,
    /** The Cookie header this client sends. */
    get cookie() {
      return `${SESSION_COOKIE}=${c.token}; ${CSRF_COOKIE}=${c.csrf}`;
    },
    raw(method, p, { headers = {}, csrf: csrfOpt, cookie, ...rest } = {}) {
      const h = { Cookie: cookie ?? c.cookie, ...headers };
      if (method !== 'GET' && method !== 'HEAD' && csrfOpt !== false) h['X-CSRF-Token'] = csrfOpt ?? c.csrf;
      return request(c.base, method, p, { ...rest, headers: h });
    },
    get: (p, o) => c.raw('GET', p, o),
    post: (p, json = {}, o = {}) => c.raw('POST', p, { ...o, json }),
    patch: (p, json = {}, o = {}) => c.raw('PATCH', p, { ...o, json }),
    put: (p, json = {}, o = {}) => c.raw('PUT', p, { ...o, json }),
    del: (p, o) => c.raw('DELETE', p, o),
    delete: (p, o) => c.raw('DELETE', p, o),
    /** Takes the session cookie and CSRF token from a 200 login or TOTP response. */
    adopt(res) {
      const cookies = parseSetCookies(res.headers);
      if (!cookies[SESSION_COOKIE]) throw new Error(`no session cookie in ${res.status} ${res.text}`);
      c.token = cookies[SESSION_COOKIE].value;
      c.csrf = res.json?.csrf_token ?? cookies[CSRF_COOKIE]?.value;
      c.me = res.json;
      return c;
    },
    /** The same session against another server address (e.g. after a restart). */
    rebase(newBase) {
      const other = sessionClient(newBase, { token: c.token, csrf: c.csrf });
      other.me = c.me;
      other.account = c.account;
      return other;
    },
  };
  return c;
}

/** A client authenticating with an API token (Authorization: Bearer; no CSRF needed). */
export function tokenClient(base, token) {
  const raw = (method, p, { headers = {}, ...rest } = {}) =>
    request(base, method, p, { ...rest, headers: { Authorization: `Bearer ${token}`, ...headers } });
  return {
    raw,
    get: (p, o) => raw('GET', p, o),
    post: (p, json = {}, o = {}) => raw('POST', p, { ...o, json }),
    patch: (p, json = {}, o = {}) => raw('PATCH', p, { ...o, json }),
    put: (p, json = {}, o = {}) => raw('PUT', p, { ...o, json }),
    del: (p, o) => raw('DELETE', p, o),
  };
}

/** POST /api/v1/auth/login; the raw response (with `cookies` parsed). `cookie`: a Cookie header to send. */
export async function tryLogin(base, username, password, { cookie, headers = {} } = {}) {
  const h = { ...headers };
  if (cookie) h.Cookie = cookie;
  const r = await request(base, 'POST', '/api/v1/auth/login', { json: { username, password }, headers: h });
  r.cookies = parseSetCookies(r.headers);
  return r;
}

/** Logs in with a password; a session client (possibly with a step pending: see client.me.pending). */
export async function login(base, username, password, options = {}) {
  const r = await tryLogin(base, username, password, options);
  if (r.status !== 200) throw new Error(`login of ${username} failed: ${r.status} ${r.text}`);
  return sessionClient(base).adopt(r);
}

/**
 * Completes every pending step of `client`'s session for `account` ({username, password,
 * totpSecret?, lastStep?}): a forced password change (account.password becomes a new one), TOTP
 * enrolment (account.totpSecret and account.recoveryCodes are set) and the second factor (the
 * client adopts the new session). Returns the client, now active.
 */
export async function completePending(client, account) {
  for (let i = 0; i < 6; i += 1) {
    const pending = client.me?.pending ?? null;
    if (pending === null) return client;
    if (pending === 'password_change') {
      const next = strongPassword();
      const r = await client.post('/api/v1/auth/password', { current_password: account.password, new_password: next });
      if (r.status !== 204) throw new Error(`password change of ${account.username} failed: ${r.status} ${r.text}`);
      account.password = next;
    } else if (pending === 'totp_enrollment') {
      const e = await client.post('/api/v1/auth/totp/enroll', {});
      if (e.status !== 200) throw new Error(`TOTP enrolment of ${account.username} failed: ${e.status} ${e.text}`);
      account.totpSecret = e.json.secret;
      account.lastStep = undefined;
      const a = await client.post('/api/v1/auth/totp/activate', { code: await nextTotpCode(account) });
      if (a.status !== 200) throw new Error(`TOTP activation of ${account.username} failed: ${a.status} ${a.text}`);
      account.recoveryCodes = a.json.recovery_codes;
    } else if (pending === 'totp') {
      if (!account.totpSecret) throw new Error(`${account.username} needs a TOTP code but no secret is known`);
      const r = await client.post('/api/v1/auth/totp', { code: await nextTotpCode(account) });
      if (r.status !== 200) throw new Error(`second factor of ${account.username} failed: ${r.status} ${r.text}`);
      client.adopt(r);
      continue;
    } else {
      throw new Error(`unknown pending step ${pending}`);
    }
    const me = await client.get('/api/v1/auth/me');
    if (me.status !== 200) throw new Error(`GET /api/v1/auth/me failed: ${me.status} ${me.text}`);
    client.me = { ...me.json, csrf_token: client.csrf };
  }
  throw new Error(`${account.username}: pending steps did not finish (${client.me?.pending})`);
}

/** Logs `account` in and completes every pending step; an active session client. */
export async function signIn(base, account) {
  const c = await login(base, account.username, account.password);
  c.account = account;
  return completePending(c, account);
}

// Administrators created per data directory, so a restarted server signs the same one in again.
const accounts = new Map();
const accountKey = (dataDir, username) => `${path.resolve(dataDir)}\u0000${username}`;

export function forgetAccounts(dataDir) {
  const prefix = `${path.resolve(dataDir)}\u0000`;
  for (const k of [...accounts.keys()]) if (k.startsWith(prefix)) accounts.delete(k);
}

export const DEFAULT_ADMIN = 'itadmin';

/**
 * `anxin admin create --username NAME --password-stdin --role ... --data-dir DIR [--database URL]`.
 * Returns the account {username, password, roles}; throws when the command fails.
 */
export async function createAdmin(
  dataDir,
  { username = DEFAULT_ADMIN, password = strongPassword(), roles = ['sysadmin', 'secadmin'], database } = {},
) {
  const args = ['admin', 'create', '--username', username, '--password-stdin', '--data-dir', dataDir];
  for (const r of roles) args.push('--role', r);
  if (database) args.push('--database', database);
  const r = await runCli(args, { input: `${password}\n` });
  if (r.code !== 0) throw new Error(`anxin admin create failed (${r.code}):\n${r.stderr}\n${r.stdout}`);
  const account = { username, password, roles };
  accounts.set(accountKey(dataDir, username), account);
  return account;
}

/** The administrator account of `dataDir`, created first when this run has not made it yet. */
export async function ensureAdmin(dataDir, options = {}) {
  const username = options.username ?? DEFAULT_ADMIN;
  return accounts.get(accountKey(dataDir, username)) ?? createAdmin(dataDir, options);
}

/**
 * An active administrator session on a running server: the account made for its data directory
 * (created now with `anxin admin create` when there is none; SQLite shares the file with the
 * running server), or the first administrator `serve` printed on an empty database.
 */
export async function loginAdmin(server, options = {}) {
  const username = options.username ?? DEFAULT_ADMIN;
  let account = accounts.get(accountKey(server.dir, username));
  if (!account && !options.username) {
    const m = /user name:\s*(\S+)[\s\S]*?one-time password:\s*(\S+)/.exec(server.stdout());
    if (m) {
      account = accounts.get(accountKey(server.dir, m[1])) ?? { username: m[1], password: m[2], roles: [] };
      accounts.set(accountKey(server.dir, m[1]), account);
    }
  }
  account ??= await createAdmin(server.dir, options);
  return signIn(server.base, account);
}

/** Role code → id, read through a client holding identity:role:read. */
export async function roleIds(c) {
  const r = await c.get('/api/v1/roles?page_size=200');
  if (r.status !== 200) throw new Error(`GET /api/v1/roles failed: ${r.status} ${r.text}`);
  return Object.fromEntries(r.json.items.map((x) => [x.code, x.id]));
}

/**
 * Creates a user through `admin` (which must hold identity:user:create, and
 * identity:user:assign_roles when roles are given) and signs it in: the one-time password is
 * changed, TOTP enrolled when the roles demand it. `roles` are role codes (or ids). Returns
 * {user (the 201 body), account, client (active)}; with signIn: false, no sign-in happens.
 */
export async function createUser(admin, { username = uniqUsername('u'), roles = [], signIn: doSignIn = true, ...fields } = {}) {
  let role_ids;
  if (roles.length > 0) {
    const ids = roles.some((r) => typeof r === 'string') ? await roleIds(admin) : {};
    role_ids = roles.map((r) => (typeof r === 'string' ? ids[r] : r));
    if (role_ids.some((x) => x === undefined)) throw new Error(`unknown role in ${roles.join(', ')}`);
  }
  const body = { username, display_name: fields.display_name ?? username, ...fields };
  if (role_ids) body.role_ids = role_ids;
  const r = await admin.post('/api/v1/users', body);
  if (r.status !== 201) throw new Error(`creating user ${username} failed: ${r.status} ${r.text}`);
  const account = { username, password: r.json.initial_password, roles };
  const out = { user: r.json, account, client: null };
  if (doSignIn && !body.is_service_account) out.client = await signIn(admin.base, account);
  return out;
}
