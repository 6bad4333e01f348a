// Personal data: masking by clearance, full values only on an audited detail read or a reveal
// with a stated purpose, exact search through blind indexes, and no plaintext in the data
// directory or the logs.

import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  createUser,
  expectError,
  removeDir,
  residentId,
  startServer,
  tempDir,
  uniq,
  uniqUsername,
  withLuhn, recordSeeds } from './harness.mjs';

/** The first sequence number ≥ n whose check character is X (to cover that case too). */
function idWithX(area, birth) {
  for (let n = 0; n < 1000; n += 1) {
    const id = residentId(n, { area, birth });
    if (id.endsWith('X')) return id;
  }
  throw new Error('no ID number with check character X');
}

// Five people, each value distinct. `phoneInput` is how it is typed; `phone` the stored form.
const PEOPLE = [
  {
    phoneInput: '+86 138 0013 8000',
    phone: '13800138000',
    id: idWithX('110105', '19800101'),
    bank: withLuhn('622202123456789'),
    address: '北京市朝阳区建国路88号院3号楼2单元501',
  },
  {
    phoneInput: '13912345678',
    phone: '13912345678',
    id: residentId(123, { area: '310104', birth: '19920229' }),
    bank: withLuhn('621700987654321012'),
    address: '上海市徐汇区漕溪北路201号',
  },
  {
    phoneInput: '150-9876-5432',
    phone: '15098765432',
    id: residentId(456, { area: '440305', birth: '19751231' }),
    bank: withLuhn('62284812345678901'),
    address: '广东省深圳市南山区科技园南区8栋',
  },
  {
    phoneInput: '0086 186 1111 2222',
    phone: '18611112222',
    id: residentId(789, { area: '330106', birth: '20000615' }),
    bank: withLuhn('62148312345'),
    address: '浙江省杭州市西湖区文三路90号',
  },
  {
    phoneInput: '17700001111',
    phone: '17700001111',
    id: residentId(42, { area: '510107', birth: '19681008' }),
    bank: withLuhn('625588123456789012'),
    address: '四川省成都市武侯区人民南路四段1号',
  },
];

const maskId = (id) => `${id.slice(0, 3)}***********${id.slice(-4)}`;
const maskPhone = (p) => `${p.slice(0, 3)}****${p.slice(-4)}`;
const maskBank = (b) => `${b.slice(0, 6)}${'*'.repeat(b.length - 10)}${b.slice(-4)}`;

/** Every string that would give away a seeded value: the stored form and the typed form. */
function secretsOf(p) {
  return [...new Set([p.phone, p.phoneInput, p.id, p.bank, p.address])];
}

/**
 * The seeded values found in a response `text`: as stored or typed, and (digits: true) also the
 * digit runs of the numbers in the text with every non-digit removed, so that no separators or
 * markup can hide a full number.
 */
function leaks(text, { digits = true } = {}) {
  const found = PEOPLE.flatMap((p) => secretsOf(p).filter((s) => text.includes(s)));
  if (digits) {
    const onlyDigits = text.replace(/\D/g, '');
    for (const p of PEOPLE) {
      for (const n of [p.phone, p.bank, p.id.replace(/\D/g, '')]) if (onlyDigits.includes(n)) found.push(`${n} (digits only)`);
    }
  }
  return found;
}

describe('personal data', () => {
  let srv;
  let dataDir;
  let admin;
  let deptA;
  let seeded; // [{...person, user}]
  let agent;
  let head;
  let safety;
  let auditor;

  before(async () => {
    // Our own directory: it must outlive the server for the at-rest check.
    dataDir = await tempDir('anxin-pii-');
    srv = await startServer({ dir: dataDir, admin: true });
    admin = srv.admin;
    const rootId = admin.me.user.department_id;
    const d = await admin.post('/api/v1/departments', { name: '客服部', code: uniq('PII'), kind: 'department', parent_id: rootId });
    assert.equal(d.status, 201, d.text);
    deptA = d.json;

    seeded = [];
    for (const [i, p] of PEOPLE.entries()) {
      const r = await admin.post('/api/v1/users', {
        username: uniqUsername(`p${i}`),
        display_name: `员工${i}`,
        department_id: deptA.id,
        phone: p.phoneInput,
        id_number: p.id,
        bank_account: p.bank,
        address: p.address,
      });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.warnings, undefined, `valid Luhn numbers carry no warning: ${r.text}`);
      // The administrator (clearance 2) gets masked values back, even on create.
      assert.deepEqual(leaks(r.text), [], `create response leaks: ${r.text}`);
      seeded.push({ ...p, user: r.json });
    }
    recordSeeds('pii', PEOPLE.flatMap((p) => [p.phone, p.id, p.bank]));
    agent = (await createUser(admin, { username: uniqUsername('agent'), roles: ['agent'], department_id: deptA.id })).client;
    head = (await createUser(admin, { username: uniqUsername('head'), roles: ['dept_head'], department_id: deptA.id })).client;
    safety = (await createUser(admin, { username: uniqUsername('safe'), roles: ['safety_manager'], department_id: rootId })).client;
    auditor = (await createUser(admin, { username: uniqUsername('aud'), roles: ['auditor'], department_id: rootId })).client;
  });
  after(async () => {
    await srv?.stop();
    await removeDir(dataDir);
  });

  test('input validation: ID check digit and birth date, phone format, bank length and Luhn', async () => {
    const base = { display_name: '校验', department_id: deptA.id };
    const bad = async (fields, key) => {
      const r = await admin.post('/api/v1/users', { ...base, username: uniqUsername('bad'), ...fields });
      const e = expectError(assert, r, { status: 400, key });
      assert.deepEqual(leaks(JSON.stringify(e)), []);
    };
    const id = PEOPLE[1].id;
    const wrongCheck = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    await bad({ id_number: wrongCheck }, 'identity.id_number_invalid');
    // Right check digit for 17 digits whose birth date (2023-02-30) does not exist.
    await bad({ id_number: residentId(1, { birth: '20230230' }) }, 'identity.id_number_invalid');
    // A birth date in the future.
    await bad({ id_number: residentId(1, { birth: '20990101' }) }, 'identity.id_number_invalid');
    await bad({ phone: '12345' }, 'identity.phone_invalid');
    await bad({ bank_account: '12345678901' }, 'identity.bank_account_invalid');
    await bad({ bank_account: '12345678901234567890' }, 'identity.bank_account_invalid');
    // A Luhn failure is only a warning.
    const good = withLuhn('622202123456780');
    const luhnBad = good.slice(0, -1) + String((Number(good.at(-1)) + 1) % 10);
    const r = await admin.post('/api/v1/users', { ...base, username: uniqUsername('lu'), bank_account: luhnBad });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.json.warnings, ['identity.bank_account_luhn']);
    // A lower-case x is the same check character; it is stored upper-case.
    const lower = `${PEOPLE[0].id.slice(0, 17)}x`;
    const lx = await admin.post('/api/v1/users', { ...base, username: uniqUsername('lx'), id_number: lower });
    assert.equal(lx.status, 201, lx.text);
    const full = await safety.get(`/api/v1/users/${lx.json.id}`);
    assert.equal(full.json.id_number, PEOPLE[0].id);
    const both = await admin.get(`/api/v1/users?id_number=${lower}`);
    assert.deepEqual(both.json.items.map((u) => u.id).sort((a, b) => a - b), [seeded[0].user.id, lx.json.id]);
  });

  test('agent (clearance 2): lists and details show masked values only', async () => {
    const texts = [];
    const list = await agent.get(`/api/v1/users?department_id=${deptA.id}&page_size=200`);
    assert.equal(list.status, 200, list.text);
    texts.push(list.text);
    for (const s of seeded) {
      const item = list.json.items.find((u) => u.id === s.user.id);
      assert.ok(item, `user ${s.user.id} missing from the list`);
      const detail = await agent.get(`/api/v1/users/${s.user.id}`);
      assert.equal(detail.status, 200, detail.text);
      texts.push(detail.text);
      for (const u of [item, detail.json]) {
        assert.equal(u.id_number, maskId(s.id));
        assert.equal(u.phone, maskPhone(s.phone));
        assert.equal(u.bank_account, maskBank(s.bank));
        assert.ok(u.address.endsWith('****') && s.address.startsWith(u.address.slice(0, -4)), u.address);
        assert.ok(u.address.length < s.address.length);
        assert.deepEqual([...u.masked_fields].sort(), ['address', 'bank_account', 'id_number', 'phone']);
      }
    }
    for (const t of texts) assert.deepEqual(leaks(t), [], `agent response leaks personal data: ${t.slice(0, 300)}`);
    // Reveal is not for agents.
    const r = await agent.post(`/api/v1/users/${seeded[0].user.id}/reveal`, { field: 'phone', reason: '回访客户' });
    expectError(assert, r, { status: 403, code: 'forbidden' });
  });

  test('dept_head (clearance 3): phone and address in full on the detail, ID and bank number masked', async () => {
    const s = seeded[2];
    const d = await head.get(`/api/v1/users/${s.user.id}`);
    assert.equal(d.status, 200, d.text);
    assert.equal(d.json.phone, s.phone);
    assert.equal(d.json.address, s.address);
    assert.equal(d.json.id_number, maskId(s.id));
    assert.equal(d.json.bank_account, maskBank(s.bank));
    assert.deepEqual([...d.json.masked_fields].sort(), ['bank_account', 'id_number']);
    // The list still masks everything.
    const list = await head.get(`/api/v1/users?department_id=${deptA.id}&page_size=200`);
    assert.deepEqual(leaks(list.text), []);
  });

  test('safety_manager (clearance 4): full values on the detail, and the read is audited', async () => {
    const s = seeded[0];
    const d = await safety.get(`/api/v1/users/${s.user.id}`);
    assert.equal(d.status, 200, d.text);
    assert.equal(d.json.phone, s.phone, 'the phone is stored normalised');
    assert.equal(d.json.id_number, s.id);
    assert.equal(d.json.bank_account, s.bank);
    assert.equal(d.json.address, s.address);
    assert.deepEqual(d.json.masked_fields, []);
    // Lists mask for everyone.
    const list = await safety.get(`/api/v1/users?department_id=${deptA.id}&page_size=200`);
    assert.equal(list.status, 200);
    assert.deepEqual(leaks(list.text), [], 'lists always mask');

    const logs = await auditor.get(
      `/api/v1/audit/logs?action=read_sensitive&entity=user&entity_id=${s.user.id}&actor_user_id=${safety.me.user.id}`,
    );
    assert.equal(logs.status, 200, logs.text);
    assert.ok(logs.json.total >= 1, `no read_sensitive record: ${logs.text}`);
    const rec = logs.json.items[0];
    assert.equal(rec.action, 'read_sensitive');
    assert.equal(rec.entity, 'user');
    assert.equal(rec.entity_id, String(s.user.id));
    assert.equal(rec.actor.user_id, safety.me.user.id);
    assert.equal(rec.actor.username, safety.me.user.username);
    assert.equal(rec.outcome, 'success');
    assert.match(rec.hash, /^[0-9a-f]{64}$/);
    assert.deepEqual(leaks(logs.text), [], 'the audit log holds no full values');
  });

  test('reveal: full value for a stated purpose, audited with that purpose; no purpose, no value', async () => {
    const s = seeded[1];
    const reason = `核实工资卡 ${uniq('R')}`;
    const r = await safety.post(`/api/v1/users/${s.user.id}/reveal`, { field: 'bank_account', reason });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { field: 'bank_account', value: s.bank });
    const idr = await safety.post(`/api/v1/users/${s.user.id}/reveal`, { field: 'id_number', reason });
    assert.equal(idr.json.value, s.id);

    const logs = await auditor.get(`/api/v1/audit/logs?action=reveal&entity=user&entity_id=${s.user.id}`);
    assert.equal(logs.status, 200, logs.text);
    const mine = logs.json.items.filter((x) => x.reason === reason);
    assert.equal(mine.length, 2, logs.text);
    assert.equal(mine.find((x) => x.after?.field === 'bank_account')?.actor.user_id, safety.me.user.id);
    assert.deepEqual(leaks(logs.text), [], 'the audit record must not hold the revealed value');

    const noReason = await safety.post(`/api/v1/users/${s.user.id}/reveal`, { field: 'phone' });
    expectError(assert, noReason, { status: 400, key: 'common.field_required' });
    const shortReason = await safety.post(`/api/v1/users/${s.user.id}/reveal`, { field: 'phone', reason: 'abc' });
    expectError(assert, shortReason, { status: 400, code: 'invalid_argument' });
    const badField = await safety.post(`/api/v1/users/${s.user.id}/reveal`, { field: 'password_hash', reason });
    expectError(assert, badField, { status: 400, code: 'invalid_argument' });
    // The administrator holds no reveal permission (and clearance 2 only).
    expectError(assert, await admin.post(`/api/v1/users/${s.user.id}/reveal`, { field: 'phone', reason }), {
      status: 403,
    });
  });

  test('exact search through the blind index: phone and ID number in any typed form', async () => {
    const s = seeded[0];
    for (const q of ['+8613800138000', '+86 138 0013 8000', '13800138000', '138-0013-8000']) {
      const r = await admin.get(`/api/v1/users?phone=${encodeURIComponent(q)}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.total, 1, `phone=${q}: ${r.text}`);
      assert.equal(r.json.items[0].id, s.user.id);
      assert.deepEqual(leaks(r.text), []);
    }
    const byId = await admin.get(`/api/v1/users?id_number=${encodeURIComponent(seeded[3].id)}`);
    assert.equal(byId.status, 200, byId.text);
    assert.deepEqual(byId.json.items.map((u) => u.id), [seeded[3].user.id]);
    // A prefix is not a match (exact only).
    const prefix = await admin.get(`/api/v1/users?phone=${encodeURIComponent('1380013800')}`);
    assert.ok(prefix.status === 400 || prefix.json.total === 0, prefix.text);
    const none = await admin.get(`/api/v1/users?phone=13000000000`);
    assert.equal(none.json.total, 0);
  });

  test('at rest: no seeded value in any file of the data directory or in the logs', async () => {
    await srv.stop(); // drains the logs; the directory stays (it is ours)
    const files = [];
    const walk = async (dir) => {
      for (const e of await fsp.readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) await walk(full);
        else if (e.isFile()) files.push(full);
      }
    };
    await walk(dataDir);
    assert.ok(files.some((f) => f.endsWith('anxin.db')), `anxin.db expected among ${files.join(', ')}`);
    const hits = [];
    let controlFound = false;
    for (const f of files) {
      const bytes = await fsp.readFile(f);
      // Control: plain columns (the user name) are found, so the search does see the data.
      if (bytes.includes(Buffer.from(seeded[0].user.username))) controlFound = true;
      for (const p of PEOPLE) {
        for (const secret of secretsOf(p)) {
          if (bytes.includes(Buffer.from(secret, 'utf8'))) hits.push(`${path.relative(dataDir, f)}: ${secret}`);
        }
      }
    }
    assert.ok(controlFound, 'the search must find a plain user name somewhere in the data directory');
    assert.deepEqual(hits, [], 'personal values stored in plain text');
    assert.deepEqual(leaks(srv.logs(), { digits: false }), [], 'personal values in the server log');
    assert.deepEqual(leaks(srv.stdout(), { digits: false }), [], 'personal values on the server stdout');
  });
});
