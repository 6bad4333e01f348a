// Authorization, generated from the route table: every operation of GET /api/openapi.json is
// called without a session and as a user of every built-in role, and the answer must match the
// operation's declared rule (public, x-permission, x-authenticated-only). Then object-level checks
// (IDOR): users and departments outside a caller's data scope do not exist for that caller.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { client, createUser, expectError, signIn, startServer, uniq, uniqUsername } from './harness.mjs';

const BUILTIN_ROLES = ['sysadmin', 'secadmin', 'auditor', 'safety_manager', 'dept_head', 'agent', 'worker'];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
// A number no record has: path parameters of kinds this test does not know get it.
const MISSING_ID = 987654321;

/** All operations of the document: [{method, path, op}]. */
function operations(doc) {
  const out = [];
  for (const [p, item] of Object.entries(doc.paths ?? {})) {
    for (const m of METHODS) if (item[m]) out.push({ method: m.toUpperCase(), path: p, op: item[m] });
  }
  return out;
}

/** Status and error body of a GET on an event stream; the stream itself is closed at once. */
async function streamStatus(base, p, cookie) {
  const controller = new AbortController();
  const res = await fetch(base + p, { headers: cookie ? { Cookie: cookie } : {}, signal: controller.signal });
  let text = '';
  if (res.status !== 200) text = await res.text();
  controller.abort();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

const isPublic = (op) => Array.isArray(op.security) && op.security.length === 0;

/**
 * The order the matrix runs in: reads first, then writes, deletions after that and logout last
 * (it ends the caller's session).
 */
function runOrder({ method, path }) {
  if (path === '/api/v1/auth/logout') return 9;
  return { GET: 0, POST: 1, PUT: 2, PATCH: 3, DELETE: 4 }[method] ?? 5;
}

/** Reads every page of a list. */
async function listAll(c, p) {
  const items = [];
  for (let page = 1; page < 1000; page += 1) {
    const sep = p.includes('?') ? '&' : '?';
    const r = await c.get(`${p}${sep}page=${page}&page_size=200`);
    assert.equal(r.status, 200, `${p}: ${r.status} ${r.text}`);
    items.push(...r.json.items);
    if (r.json.items.length === 0 || items.length >= r.json.total) break;
  }
  return items;
}

describe('authorization', () => {
  let srv;
  let admin;
  let doc;
  let deptA;
  let deptB;
  let deptA1; // a sub-unit of A
  const users = {}; // role code -> {user, account, client}
  let rolePermissions; // role code -> permissions
  let victimA;
  let victimA1;
  let victimB;
  let customRole;
  let tokenId;
  let postId = MISSING_ID;

  before(async () => {
    srv = await startServer({ admin: true });
    admin = srv.admin;
    const rootId = admin.me.user.department_id;
    doc = (await client(srv.base).get('/api/openapi.json')).json;
    assert.ok(doc?.paths, 'the OpenAPI document is needed');

    const dept = async (name, parent) => {
      const r = await admin.post('/api/v1/departments', { name, code: uniq('AZ'), kind: 'department', parent_id: parent });
      assert.equal(r.status, 201, r.text);
      return r.json;
    };
    deptA = await dept('甲部门', rootId);
    deptB = await dept('乙部门', rootId);
    deptA1 = await dept('甲部门一组', deptA.id);

    const roles = (await admin.get('/api/v1/roles?page_size=200')).json.items;
    rolePermissions = Object.fromEntries(roles.map((r) => [r.code, r.permissions]));
    for (const code of BUILTIN_ROLES) assert.ok(rolePermissions[code], `built-in role ${code} missing`);

    // One signed-in user per built-in role, all in department A.
    for (const code of BUILTIN_ROLES) {
      users[code] = await createUser(admin, { username: uniqUsername(code.slice(0, 6)), roles: [code], department_id: deptA.id });
    }
    // Records to aim at: users nobody signs in as, in A, in A's sub-unit and in B.
    const person = (d, n) =>
      createUser(admin, {
        username: uniqUsername('v'),
        department_id: d.id,
        signIn: false,
        phone: `1390000${String(1000 + n)}`,
        address: '北京市朝阳区建国路1号',
      });
    victimA = (await person(deptA, 1)).user;
    victimA1 = (await person(deptA1, 2)).user;
    victimB = (await person(deptB, 3)).user;

    const role = await admin.post('/api/v1/roles', {
      code: uniq('r').toLowerCase().replace(/[^a-z0-9_]/g, '_'),
      name: '临时角色',
      data_scope: 'department',
      clearance: 2,
      permissions: ['identity:department:read'],
    });
    assert.equal(role.status, 201, role.text);
    customRole = role.json;

    // Posts, when the server has them.
    if (doc.paths['/api/v1/posts']?.post) {
      const post = await admin.post('/api/v1/posts', { code: uniq('PO'), name: '保洁员' });
      assert.equal(post.status, 201, post.text);
      postId = post.json.id;
    }

    const svc = await createUser(admin, {
      username: uniqUsername('svc'),
      department_id: deptA.id,
      roles: ['agent'],
      is_service_account: true,
    });
    const token = await admin.post('/api/v1/api-tokens', {
      user_id: svc.user.id,
      name: 'matrix',
      scopes: ['identity:department:read'],
    });
    assert.equal(token.status, 201, token.text);
    tokenId = token.json.id;
  });
  after(async () => {
    await srv?.stop();
  });

  /** The path with every {param} replaced by an existing record of the right kind. */
  function concretePath(p) {
    return p.replace(/\{([^}]+)\}/g, (_, name, offset) => {
      const prefix = p.slice(0, offset);
      if (prefix.endsWith('/api/v1/users/')) return String(victimA.id);
      if (prefix.endsWith('/api/v1/departments/')) return String(deptA.id);
      if (prefix.endsWith('/api/v1/roles/')) return String(customRole.id);
      if (prefix.endsWith('/api/v1/api-tokens/')) return String(tokenId);
      if (prefix.endsWith('/api/v1/posts/')) return String(postId);
      return String(MISSING_ID);
    });
  }

  test('every operation is public, names a permission or is for any signed-in caller', () => {
    const undeclared = operations(doc)
      .filter(({ op }) => !isPublic(op) && !op['x-permission'] && op['x-authenticated-only'] !== true)
      .map(({ method, path }) => `${method} ${path}`);
    assert.deepEqual(undeclared, [], 'operations without security: [], x-permission or x-authenticated-only');
    // Public operations are few and known.
    const pub = operations(doc)
      .filter(({ op }) => isPublic(op))
      .map(({ method, path }) => `${method} ${path}`)
      .sort();
    assert.deepEqual(pub, [
      'GET /api/openapi.json',
      'GET /api/v1/public/order-links/{token}',
      'GET /api/v1/public/safety-codes/{token}',
      'GET /healthz',
      'GET /metrics',
      'GET /readyz',
      'POST /api/v1/auth/login',
      'POST /api/v1/public/order-links/{token}/arrival',
      'POST /api/v1/public/order-links/{token}/signoff',
    ]);
    // Nothing under /api/v1 other than sign-in and the customer's public pages is reachable without a session.
    for (const { path, op } of operations(doc)) {
      if (path.startsWith('/api/v1/') && path !== '/api/v1/auth/login' && !path.startsWith('/api/v1/public/')) {
        assert.ok(!isPublic(op), path);
      }
    }
  });

  test('every x-permission is in the permission catalogue', async () => {
    const r = await admin.get('/api/v1/permissions');
    assert.equal(r.status, 200, r.text);
    const codes = new Set(r.json.items.map((p) => p.code));
    const unknown = operations(doc)
      .filter(({ op }) => op['x-permission'] && !codes.has(op['x-permission']))
      .map(({ method, path, op }) => `${method} ${path}: ${op['x-permission']}`);
    assert.deepEqual(unknown, []);
    // And every role only holds catalogue permissions.
    for (const [code, perms] of Object.entries(rolePermissions)) {
      for (const p of perms) assert.ok(codes.has(p), `role ${code} holds unknown permission ${p}`);
    }
  });

  test('the sessions carry exactly their role\'s permissions', () => {
    for (const code of BUILTIN_ROLES) {
      const me = users[code].client.me;
      assert.equal(me.pending, null, `${code} must be fully signed in`);
      assert.deepEqual(me.permissions, [...rolePermissions[code]].sort(), code);
    }
  });

  test('matrix: every operation × no session and every built-in role', async () => {
    const ops = operations(doc).sort((a, b) => runOrder(a) - runOrder(b));
    const columns = ['anon', ...BUILTIN_ROLES];
    const table = new Map(); // "METHOD path" -> {column: cell}
    const problems = [];

    for (const entry of ops) {
      const { method, path, op } = entry;
      const p = concretePath(path);
      const row = {};
      table.set(`${method} ${path}`, row);
      // JSON bodies get an empty object; binary uploads an empty file of their first media type.
      const uploadType = op.requestBody && !op.requestBody.content['application/json'] && Object.keys(op.requestBody.content)[0];
      const opts = uploadType ? { body: '', headers: { 'Content-Type': uploadType } } : op.requestBody ? { json: {} } : {};
      const perm = op['x-permission'];
      const anyone = op['x-authenticated-only'] === true || (!perm && !isPublic(op));

      // An event stream never ends: take its status and hang up.
      const streaming = Boolean(op.responses?.['200']?.content?.['text/event-stream']);
      const call = (c) => (streaming ? streamStatus(srv.base, p, c?.cookie) : (c ?? client(srv.base)).raw(method, p, opts));

      // No session.
      const anon = await call(null);
      row.anon = String(anon.status);
      if (isPublic(op)) {
        if (anon.status === 401 || anon.status === 403) {
          problems.push(`${method} ${p} (public) without a session: ${anon.status} ${anon.text}`);
        }
      } else if (anon.status !== 401) {
        problems.push(`${method} ${p} without a session: expected 401, got ${anon.status} ${anon.text}`);
        row.anon += '!';
      }

      for (const code of BUILTIN_ROLES) {
        const c = users[code].client;
        const r = await call(c);
        const holds = isPublic(op) || anyone || rolePermissions[code].includes(perm);
        let cell = String(r.status);
        if (holds) {
          const allowed = (r.status >= 200 && r.status < 300) || [400, 404, 409].includes(r.status);
          if (!allowed) {
            problems.push(`${method} ${p} as ${code} (allowed by ${perm ?? 'any session'}): got ${r.status} ${r.text}`);
            cell += '!';
          }
        } else {
          cell = `${r.status}`;
          if (r.status !== 403 || r.json?.error?.code !== 'forbidden') {
            problems.push(`${method} ${p} as ${code} (lacks ${perm}): expected 403, got ${r.status} ${r.text}`);
            cell += '!';
          }
        }
        row[code] = cell;
      }
    }

    // A compact summary: status per operation and caller ('!' marks a wrong answer).
    const width = Math.max(...[...table.keys()].map((k) => k.length));
    const short = {
      anon: 'anon',
      sysadmin: 'sysadm',
      secadmin: 'secadm',
      auditor: 'audit',
      safety_manager: 'safety',
      dept_head: 'head',
      agent: 'agent',
      worker: 'worker',
    };
    const lines = [`${'operation'.padEnd(width)}  ${columns.map((c) => short[c].padStart(6)).join(' ')}`];
    for (const [k, row] of table) lines.push(`${k.padEnd(width)}  ${columns.map((c) => (row[c] ?? '').padStart(6)).join(' ')}`);
    console.log(`authorization matrix (${table.size} operations × ${columns.length} callers):\n${lines.join('\n')}`);

    assert.deepEqual(problems, [], `${problems.length} wrong answers`);
  });

  test('IDOR: users outside the data scope do not exist for department-scoped roles', async () => {
    // Re-sign in: the matrix ended with logout.
    const relog = (code) => signIn(srv.base, users[code].account);
    for (const code of ['agent', 'dept_head']) {
      const c = await relog(code);
      const perms = rolePermissions[code];
      const expectHidden = (r, perm, what) => {
        const expected = perms.includes(perm) ? 404 : 403;
        assert.equal(r.status, expected, `${code} ${what} of a department-B user: ${r.status} ${r.text}`);
      };
      expectHidden(await c.get(`/api/v1/users/${victimB.id}`), 'identity:user:read', 'GET');
      const patch = await c.patch(`/api/v1/users/${victimB.id}`, { version: victimB.version, display_name: 'x' });
      expectHidden(patch, 'identity:user:update', 'PATCH');
      const reveal = await c.post(`/api/v1/users/${victimB.id}/reveal`, { field: 'phone', reason: '核实身份' });
      expectHidden(reveal, 'identity:user:reveal', 'reveal');
      expectHidden(await c.post(`/api/v1/users/${victimB.id}/disable`, {}), 'identity:user:disable', 'disable');
      // The own department's user is visible: the 404 above is about scope.
      const own = await c.get(`/api/v1/users/${victimA.id}`);
      assert.equal(own.status, 200, `${code} GET own-department user: ${own.text}`);

      const listed = await listAll(c, '/api/v1/users');
      assert.ok(listed.some((u) => u.id === victimA.id), `${code} must list the department-A user`);
      assert.ok(!listed.some((u) => u.department_id === deptB.id), `${code} listed a department-B user`);
      const filtered = await c.get(`/api/v1/users?department_id=${deptB.id}`);
      assert.equal(filtered.status, 200, filtered.text);
      assert.equal(filtered.json.total, 0, `${code} filtering by department B: ${filtered.text}`);
      // Searching by the exact phone number of a department-B user finds nothing either.
      const byPhone = await c.get(`/api/v1/users?phone=13900001003`);
      assert.equal(byPhone.status, 200, byPhone.text);
      assert.equal(byPhone.json.total, 0, byPhone.text);
    }

    // Department tree scope reaches sub-units; department scope does not.
    const head = await relog('dept_head');
    const agent = await relog('agent');
    assert.equal((await head.get(`/api/v1/users/${victimA1.id}`)).status, 200, 'dept_head sees the sub-unit');
    assert.equal((await agent.get(`/api/v1/users/${victimA1.id}`)).status, 404, 'agent does not see the sub-unit');

    // Scope all sees both departments.
    const safety = await relog('safety_manager');
    const all = await listAll(safety, '/api/v1/users');
    assert.ok(all.some((u) => u.id === victimA.id) && all.some((u) => u.id === victimB.id), 'safety_manager lists A and B');
    assert.equal((await safety.get(`/api/v1/users/${victimB.id}`)).status, 200);
  });

  test('IDOR: a department-scoped role holding write permissions gets 404 outside its department', async () => {
    // A custom role with department scope and the write permissions the built-in scoped roles lack.
    const role = await admin.post('/api/v1/roles', {
      code: `officer_${uniq('').toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 32),
      name: '部门专员',
      data_scope: 'department',
      clearance: 4,
      permissions: [
        'identity:department:read',
        'identity:department:update',
        'identity:department:delete',
        'identity:user:read',
        'identity:user:update',
        'identity:user:disable',
        'identity:user:reveal',
      ],
    });
    assert.equal(role.status, 201, role.text);
    const officer = (await createUser(admin, { username: uniqUsername('off'), roles: [role.json.id], department_id: deptA.id })).client;
    assert.equal(officer.me.data_scope, 1);

    const b = (await admin.get(`/api/v1/users/${victimB.id}`)).json;
    const notFound = (r) => expectError(assert, r, { status: 404, code: 'not_found' });
    notFound(await officer.get(`/api/v1/users/${b.id}`));
    notFound(await officer.patch(`/api/v1/users/${b.id}`, { version: b.version, display_name: '越权' }));
    notFound(await officer.post(`/api/v1/users/${b.id}/reveal`, { field: 'phone', reason: '核实身份' }));
    notFound(await officer.post(`/api/v1/users/${b.id}/disable`, {}));
    const dB = (await admin.get(`/api/v1/departments/${deptB.id}`)).json;
    notFound(await officer.patch(`/api/v1/departments/${dB.id}`, { version: dB.version, name: '越权' }));
    notFound(await officer.del(`/api/v1/departments/${dB.id}`));
    // Nothing changed in B.
    const bAfter = (await admin.get(`/api/v1/users/${b.id}`)).json;
    assert.equal(bAfter.display_name, b.display_name);
    assert.equal(bAfter.status, 'active');
    assert.equal(bAfter.version, b.version);
    assert.equal((await admin.get(`/api/v1/departments/${dB.id}`)).json.name, dB.name);

    // The same calls inside department A succeed.
    const a = (await admin.get(`/api/v1/users/${victimA.id}`)).json;
    const patched = await officer.patch(`/api/v1/users/${a.id}`, { version: a.version, display_name: '本部门' });
    assert.equal(patched.status, 200, patched.text);
    const revealed = await officer.post(`/api/v1/users/${a.id}/reveal`, { field: 'phone', reason: '核实身份' });
    assert.equal(revealed.status, 200, revealed.text);
    assert.equal(revealed.json.value, '13900001001');
    const dA = (await admin.get(`/api/v1/departments/${deptA.id}`)).json;
    const renamed = await officer.patch(`/api/v1/departments/${dA.id}`, { version: dA.version, name: '甲部门（改）' });
    assert.equal(renamed.status, 200, renamed.text);
  });
});
