// Departments (identity module): create, read, list/paging/search, tree, update with optimistic
// locking, moves and cycles, delete rules, 404s and duplicate codes.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { client, expectError, listAllDepartments, startServer, stopAll, uniq, uniqUsername } from './harness.mjs';

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const FIELDS = [
  'active',
  'code',
  'created_at',
  'id',
  'kind',
  'name',
  'parent_id',
  'path',
  'phone',
  'sort_order',
  'updated_at',
  'version',
];

function checkDepartmentShape(d) {
  const ctx = JSON.stringify(d);
  for (const f of FIELDS) assert.ok(Object.hasOwn(d, f), `missing field ${f}: ${ctx}`);
  assert.ok(Number.isInteger(d.id) && d.id > 0, ctx);
  assert.ok(d.parent_id === null || Number.isInteger(d.parent_id), ctx);
  assert.equal(typeof d.name, 'string', ctx);
  assert.equal(typeof d.code, 'string', ctx);
  assert.ok(['company', 'department', 'team', 'site'].includes(d.kind), ctx);
  assert.match(d.path, /^\/(\d+\/)+$/, ctx);
  assert.ok(d.path.endsWith(`/${d.id}/`), `path must end with the id: ${ctx}`);
  assert.ok(Number.isInteger(d.sort_order), ctx);
  assert.ok(d.phone === null || typeof d.phone === 'string', ctx);
  assert.equal(typeof d.active, 'boolean', ctx);
  assert.match(d.created_at, RFC3339_UTC, ctx);
  assert.match(d.updated_at, RFC3339_UTC, ctx);
  assert.ok(Number.isInteger(d.version), ctx);
}

describe('departments', () => {
  let srv;
  let c;

  before(async () => {
    srv = await startServer({ admin: true });
    c = srv.admin;
  });
  after(async () => {
    await srv?.stop();
  });

  async function create(body, expectStatus = 201) {
    const r = await c.post('/api/v1/departments', body);
    assert.equal(r.status, expectStatus, r.text);
    if (expectStatus === 201) checkDepartmentShape(r.json);
    return r.json;
  }

  async function get(id) {
    const r = await c.get(`/api/v1/departments/${id}`);
    assert.equal(r.status, 200, r.text);
    checkDepartmentShape(r.json);
    return r.json;
  }

  test('create a root and children; read them back', async () => {
    const rootCode = uniq('HQ');
    const root = await create({ name: '安心家政总公司', code: rootCode, kind: 'company' });
    assert.equal(root.name, '安心家政总公司');
    assert.equal(root.code, rootCode);
    assert.equal(root.kind, 'company');
    assert.equal(root.parent_id, null);
    assert.equal(root.path, `/${root.id}/`);
    assert.equal(root.active, true);
    assert.equal(root.phone, null);
    assert.equal(root.sort_order, 0);

    const child = await create({
      name: '保洁部',
      code: uniq('CL'),
      kind: 'department',
      parent_id: root.id,
      sort_order: 3,
      phone: '+86 21 5555 0101',
    });
    assert.equal(child.parent_id, root.id);
    assert.equal(child.path, `/${root.id}/${child.id}/`);
    assert.equal(child.sort_order, 3);
    assert.equal(child.phone, '+86 21 5555 0101');

    const team = await create({ name: '一组', code: uniq('T1'), kind: 'team', parent_id: child.id });
    assert.equal(team.path, `/${root.id}/${child.id}/${team.id}/`);

    assert.deepEqual(await get(root.id), root);
    assert.deepEqual(await get(child.id), child);
    assert.deepEqual(await get(team.id), team);
  });

  test('create: unknown parent is 400 identity.department_parent_invalid', async () => {
    const r = await c.post('/api/v1/departments', { name: 'x', code: uniq('P'), kind: 'team', parent_id: 987654321 });
    expectError(assert, r, { status: 400, code: 'invalid_argument', key: 'identity.department_parent_invalid' });
  });

  test('create: duplicate code is 409', async () => {
    const code = uniq('DUP');
    await create({ name: '重复一', code, kind: 'company' });
    const r = await c.post('/api/v1/departments', { name: '重复二', code, kind: 'company' });
    expectError(assert, r, {
      status: 409,
      code: 'conflict',
      key: ['identity.department_code_taken', 'common.duplicate'],
    });
    const found = await listAllDepartments(c, `q=${code}`);
    assert.equal(found.items.filter((d) => d.code === code).length, 1);
  });

  test('create: boundary lengths (name 64 chars, code 32 chars) are accepted', async () => {
    const name = '名'.repeat(64);
    const code = uniq('B').padEnd(32, 'x');
    const d = await create({ name, code, kind: 'site' });
    assert.equal(d.name, name);
    assert.equal(d.code, code);
    const r = await c.post('/api/v1/departments', { name: 'x', code: code + 'y', kind: 'site' });
    expectError(assert, r, { status: 400, key: 'common.field_too_long' });
    const r2 = await c.post('/api/v1/departments', { name: '', code: uniq('E'), kind: 'site' });
    expectError(assert, r2, { status: 400, code: 'invalid_argument' });
  });

  test('get: 404 for a missing id and for a non-numeric id', async () => {
    const r = await c.get('/api/v1/departments/987654321');
    expectError(assert, r, { status: 404, code: 'not_found', key: 'identity.department_not_found' });
    for (const bad of ['abc', '0', '-1', '1.5', '99999999999999999999999']) {
      const r2 = await c.get(`/api/v1/departments/${bad}`);
      expectError(assert, r2, { status: 404, code: 'not_found' });
    }
  });

  test('list: paging, parent filter and search', async () => {
    const parent = await create({ name: '分页测试', code: uniq('PG'), kind: 'company' });
    const kids = [];
    for (let i = 0; i < 5; i += 1) {
      kids.push(await create({ name: `分页子部门${i}`, code: uniq(`K${i}`), kind: 'team', parent_id: parent.id, sort_order: i }));
    }
    const seen = [];
    for (const page of [1, 2, 3]) {
      const r = await c.get(`/api/v1/departments?parent_id=${parent.id}&page=${page}&page_size=2`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.total, 5);
      assert.equal(r.json.page, page);
      assert.equal(r.json.page_size, 2);
      assert.equal(r.json.items.length, page === 3 ? 1 : 2);
      for (const d of r.json.items) {
        checkDepartmentShape(d);
        assert.equal(d.parent_id, parent.id);
      }
      seen.push(...r.json.items.map((d) => d.id));
    }
    assert.deepEqual([...new Set(seen)].sort(), kids.map((k) => k.id).sort(), 'pages must cover every child exactly once');
    assert.equal(seen.length, 5);

    const beyond = await c.get(`/api/v1/departments?parent_id=${parent.id}&page=4&page_size=2`);
    assert.equal(beyond.status, 200);
    assert.deepEqual(beyond.json.items, []);
    assert.equal(beyond.json.total, 5);

    // Defaults.
    const def = await c.get('/api/v1/departments');
    assert.equal(def.status, 200);
    assert.equal(def.json.page, 1);
    assert.equal(def.json.page_size, 20);
    assert.ok(def.json.total >= 6);

    // Search by a token that only one department carries.
    const token = uniq('Qz');
    const target = await create({ name: `搜索${token}`, code: token, kind: 'team', parent_id: parent.id });
    const q = await c.get(`/api/v1/departments?q=${encodeURIComponent(token)}`);
    assert.equal(q.status, 200, q.text);
    assert.equal(q.json.total, 1, q.text);
    assert.equal(q.json.items[0].id, target.id);

    // Invalid paging parameters.
    for (const bad of ['page_size=201', 'page_size=0', 'page_size=abc']) {
      const r = await c.get(`/api/v1/departments?${bad}`);
      expectError(assert, r, { status: 400, code: 'invalid_argument', key: 'common.page_size_invalid' });
    }
    for (const bad of ['page=0', 'page=-1', 'page=x']) {
      const r = await c.get(`/api/v1/departments?${bad}`);
      expectError(assert, r, { status: 400, code: 'invalid_argument' });
    }
  });

  test('tree: nested children', async () => {
    const root = await create({ name: '树根', code: uniq('TR'), kind: 'company' });
    const a = await create({ name: '树枝A', code: uniq('TA'), kind: 'department', parent_id: root.id, sort_order: 2 });
    const b = await create({ name: '树枝B', code: uniq('TB'), kind: 'department', parent_id: root.id, sort_order: 1 });
    const leaf = await create({ name: '树叶', code: uniq('TL'), kind: 'team', parent_id: a.id });

    const r = await c.get('/api/v1/departments/tree');
    assert.equal(r.status, 200, r.text);
    assert.ok(Array.isArray(r.json.items));
    // Every top-level node is a root.
    for (const n of r.json.items) assert.equal(n.parent_id, null, JSON.stringify(n));
    const node = r.json.items.find((n) => n.id === root.id);
    assert.ok(node, 'root must be a top-level node');
    assert.ok(Array.isArray(node.children));
    assert.deepEqual(node.children.map((x) => x.id).sort(), [a.id, b.id].sort());
    const nodeA = node.children.find((x) => x.id === a.id);
    const nodeB = node.children.find((x) => x.id === b.id);
    assert.deepEqual(nodeA.children.map((x) => x.id), [leaf.id]);
    assert.deepEqual(nodeB.children, []);
    assert.deepEqual(nodeA.children[0].children, []);
    const { children, ...plainLeaf } = nodeA.children[0];
    assert.deepEqual(plainLeaf, leaf);

    // The tree holds every department exactly once.
    const all = await listAllDepartments(c);
    const ids = [];
    const walk = (nodes) => {
      for (const n of nodes) {
        ids.push(n.id);
        walk(n.children);
      }
    };
    walk(r.json.items);
    assert.equal(ids.length, all.total);
    assert.equal(new Set(ids).size, ids.length);
  });

  test('update: fields change, version increments, stale version is 409', async () => {
    const d = await create({ name: '待更新', code: uniq('UP'), kind: 'department' });
    const r = await c.patch(`/api/v1/departments/${d.id}`, {
      version: d.version,
      name: '已更新',
      phone: '021-5555-0199',
      sort_order: 7,
      active: false,
    });
    assert.equal(r.status, 200, r.text);
    checkDepartmentShape(r.json);
    assert.equal(r.json.version, d.version + 1);
    assert.equal(r.json.name, '已更新');
    assert.equal(r.json.phone, '021-5555-0199');
    assert.equal(r.json.sort_order, 7);
    assert.equal(r.json.active, false);
    assert.equal(r.json.code, d.code, 'unchanged fields stay');
    assert.equal(r.json.created_at, d.created_at);
    assert.ok(r.json.updated_at >= d.updated_at);
    assert.deepEqual(await get(d.id), r.json);

    // The old version is stale now.
    const stale = await c.patch(`/api/v1/departments/${d.id}`, { version: d.version, name: '丢失的更新' });
    expectError(assert, stale, { status: 409, code: 'conflict', key: 'common.version_conflict' });
    assert.equal((await get(d.id)).name, '已更新');

    // phone can be cleared with null.
    const cleared = await c.patch(`/api/v1/departments/${d.id}`, { version: r.json.version, phone: null });
    assert.equal(cleared.status, 200, cleared.text);
    assert.equal(cleared.json.phone, null);
    assert.equal(cleared.json.version, d.version + 2);

    // version is required; unknown fields are rejected.
    const noVersion = await c.patch(`/api/v1/departments/${d.id}`, { name: 'x' });
    const e = expectError(assert, noVersion, { status: 400, key: 'common.field_required' });
    assert.equal(e.details.field, 'version');
    const unknown = await c.patch(`/api/v1/departments/${d.id}`, { version: cleared.json.version, path: '/1/' });
    const e2 = expectError(assert, unknown, { status: 400, key: 'common.unknown_field' });
    assert.equal(e2.details.field, 'path');

    // Missing department.
    const missing = await c.patch('/api/v1/departments/987654321', { version: 1, name: 'x' });
    expectError(assert, missing, { status: 404, code: 'not_found' });
  });

  test('update: changing the code to a taken one is 409', async () => {
    const a = await create({ name: '编码A', code: uniq('CA'), kind: 'team' });
    const b = await create({ name: '编码B', code: uniq('CB'), kind: 'team' });
    const r = await c.patch(`/api/v1/departments/${b.id}`, { version: b.version, code: a.code });
    expectError(assert, r, {
      status: 409,
      code: 'conflict',
      key: ['identity.department_code_taken', 'common.duplicate'],
    });
    assert.equal((await get(b.id)).code, b.code);
  });

  test('move: paths of the subtree follow; cycles are refused', async () => {
    const r1 = await create({ name: '移动根1', code: uniq('M1'), kind: 'company' });
    const r2 = await create({ name: '移动根2', code: uniq('M2'), kind: 'company' });
    const mid = await create({ name: '中间', code: uniq('MM'), kind: 'department', parent_id: r1.id });
    const low = await create({ name: '底层', code: uniq('ML'), kind: 'team', parent_id: mid.id });

    const moved = await c.patch(`/api/v1/departments/${mid.id}`, { version: mid.version, parent_id: r2.id });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.json.parent_id, r2.id);
    assert.equal(moved.json.path, `/${r2.id}/${mid.id}/`);
    const lowNow = await get(low.id);
    assert.equal(lowNow.path, `/${r2.id}/${mid.id}/${low.id}/`, 'descendant paths must follow a move');

    // Under itself.
    const self = await c.patch(`/api/v1/departments/${mid.id}`, { version: moved.json.version, parent_id: mid.id });
    expectError(assert, self, { status: 400, code: 'invalid_argument', key: 'identity.department_cycle' });
    // Under its own descendant.
    const r2Now = await get(r2.id);
    const cyc = await c.patch(`/api/v1/departments/${r2.id}`, { version: r2Now.version, parent_id: low.id });
    expectError(assert, cyc, { status: 400, code: 'invalid_argument', key: 'identity.department_cycle' });
    assert.equal((await get(r2.id)).parent_id, null, 'a refused move changes nothing');

    // Under a missing parent.
    const bad = await c.patch(`/api/v1/departments/${low.id}`, { version: lowNow.version, parent_id: 987654321 });
    expectError(assert, bad, { status: 400, key: 'identity.department_parent_invalid' });

    // Back to the top level.
    const top = await c.patch(`/api/v1/departments/${mid.id}`, { version: moved.json.version, parent_id: null });
    assert.equal(top.status, 200, top.text);
    assert.equal(top.json.parent_id, null);
    assert.equal(top.json.path, `/${mid.id}/`);
    assert.equal((await get(low.id)).path, `/${mid.id}/${low.id}/`);
  });

  test('delete: refused with children, then leaf first; 404 afterwards', async () => {
    const p = await create({ name: '删除父', code: uniq('DP'), kind: 'department' });
    const k = await create({ name: '删除子', code: uniq('DK'), kind: 'team', parent_id: p.id });

    const refused = await c.del(`/api/v1/departments/${p.id}`);
    expectError(assert, refused, { status: 409, code: 'conflict', key: 'identity.department_has_children' });
    await get(p.id);

    const delKid = await c.del(`/api/v1/departments/${k.id}`);
    assert.equal(delKid.status, 204, delKid.text);
    assert.equal(delKid.text, '');
    const goneKid = await c.get(`/api/v1/departments/${k.id}`);
    expectError(assert, goneKid, { status: 404, key: 'identity.department_not_found' });

    const delParent = await c.del(`/api/v1/departments/${p.id}`);
    assert.equal(delParent.status, 204, delParent.text);
    const again = await c.del(`/api/v1/departments/${p.id}`);
    expectError(assert, again, { status: 404, code: 'not_found' });
    const nonNumeric = await c.del('/api/v1/departments/abc');
    expectError(assert, nonNumeric, { status: 404, code: 'not_found' });

  });

  test('a department with users cannot be deleted: 409 identity.department_in_use', async () => {
    const d = await create({ name: '有人的部门', code: uniq('DU'), kind: 'department' });
    const u = await c.post('/api/v1/users', { username: uniqUsername('du'), display_name: '部门成员', department_id: d.id });
    assert.equal(u.status, 201, u.text);
    const r = await c.del(`/api/v1/departments/${d.id}`);
    expectError(assert, r, { status: 409, code: 'conflict', key: 'identity.department_in_use' });
    await get(d.id);
  });

  test('without a session every department route answers 401', async () => {
    const anon = client(srv.base);
    const d = await create({ name: '匿名', code: uniq('AN'), kind: 'team' });
    const calls = [
      () => anon.get('/api/v1/departments'),
      () => anon.get('/api/v1/departments/tree'),
      () => anon.get(`/api/v1/departments/${d.id}`),
      () => anon.post('/api/v1/departments', { name: 'x', code: uniq('AX'), kind: 'team' }),
      () => anon.patch(`/api/v1/departments/${d.id}`, { version: d.version, name: 'y' }),
      () => anon.del(`/api/v1/departments/${d.id}`),
    ];
    for (const call of calls) expectError(assert, await call(), { status: 401, code: 'unauthenticated' });
    assert.deepEqual(await get(d.id), d, 'nothing changed');
  });

  test('data survives a restart', async () => {
    const d = await create({ name: '重启前', code: uniq('RS'), kind: 'company' });
    const old = srv;
    await old.kill9(); // keeps the data directory
    // The same administrator signs in again (with the next TOTP code).
    srv = await startServer({ dir: old.dir, keepDir: true, admin: true });
    c = srv.admin;
    try {
      assert.deepEqual(await get(d.id), d);
    } finally {
      // The old (killed) server created the directory and removes it.
      await stopAll([srv, old]);
    }
  });
});
