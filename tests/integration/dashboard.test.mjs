// Dashboard figures and indicator series (dashboard module over the registry's extension points):
// the incidents module's contributions answer with counts of real incidents, only to callers with
// the permission and only within their data scope; bad queries get stable error keys.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { createUser, expectError, startServer, uniqUsername } from './harness.mjs';
import { buildOrganisation } from './emergency_support.mjs';

const DAY = 24 * 60 * 60 * 1000;

describe('dashboard figures and indicators', () => {
  let srv;
  let org;

  let safety; // a safety manager: incidents readable, the whole company in scope

  before(async () => {
    srv = await startServer({ admin: true });
    org = await buildOrganisation(srv.admin);
    safety = org.leader.client;
  });
  after(async () => {
    await srv?.stop();
  });

  const figure = async (c, key) => {
    const r = await c.get('/api/v1/dashboard/figures');
    assert.equal(r.status, 200, r.text);
    return r.json.items.find((f) => f.key === key);
  };
  const report = async (level) => {
    const r = await org.agent.client.post('/api/v1/incidents', {
      type: 'customer_injury',
      title: `客户在家中滑倒 ${level}`,
      department_id: org.site.id,
      occurred_at: new Date(Date.now() - 60_000).toISOString(),
      place: '望京西园三区',
      nature: '意外伤害',
      scope: '一名客户',
      injuries: 1,
      measures: '已拨打120，服务人员陪同',
      level,
      people: [{ role: 'customer', name: '王女士', injured: true }],
    });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  const series = (c, key, query) => c.get(`/api/v1/indicators/${key}?${new URLSearchParams(query)}`);

  test('incidents by level this month counts each new report under its level', async () => {
    const before4 = (await figure(safety, 'incidents.by_level_month')).value;
    await report(4);
    await report(4);
    await report(3);
    const f = await figure(safety, 'incidents.by_level_month');
    assert.equal(f.label_key, 'figures.incidents_by_level_month');
    assert.ok(f.drill_down.startsWith('/'), f.drill_down);
    assert.equal(f.value['4'], (before4['4'] ?? 0) + 2);
    assert.equal(f.value['3'], (before4['3'] ?? 0) + 1);
    assert.equal(f.met, false, 'a month with incidents does not meet the zero target');
  });

  test('the open-incidents series has the reports in the site, and nothing outside a department', async () => {
    const from = new Date(Date.now() - 2 * DAY).toISOString();
    const to = new Date(Date.now() + DAY).toISOString();
    const list = await safety.get('/api/v1/indicators');
    assert.equal(list.status, 200, list.text);
    const keys = list.json.items.map((s) => s.key);
    assert.ok(keys.includes('incidents.open') && keys.includes('incidents.overdue_steps'), keys.join());

    const site = await series(safety, 'incidents.open', { from, to, period: 'day', department_id: org.site.id });
    assert.equal(site.status, 200, site.text);
    assert.equal(site.json.period, 'day');
    const total = site.json.points.reduce((n, p) => n + p.value, 0);
    assert.ok(total >= 3, `three open incidents reported at the site, got ${JSON.stringify(site.json.points)}`);
    for (const p of site.json.points) assert.equal(p.department_id, org.site.id);

    const other = await series(safety, 'incidents.open', { from, to, period: 'day', department_id: org.safetyDept.id });
    assert.equal(other.status, 200, other.text);
    assert.equal(other.json.points.reduce((n, p) => n + p.value, 0), 0);
  });

  test('callers without the permission see neither the figure nor the series', async () => {
    const auditor = await createUser(srv.admin, {
      username: uniqUsername('aud'),
      roles: ['auditor'],
      department_id: org.safetyDept.id,
    });
    assert.equal(await figure(auditor.client, 'incidents.by_level_month'), undefined);
    const from = new Date(Date.now() - DAY).toISOString();
    const to = new Date(Date.now() + DAY).toISOString();
    expectError(assert, await series(auditor.client, 'incidents.open', { from, to }), {
      status: 404,
      key: 'dashboard.indicator_not_found',
    });
  });

  test('a department outside the data scope is refused; bad queries get their keys', async () => {
    const from = new Date(Date.now() - DAY).toISOString();
    const to = new Date(Date.now() + DAY).toISOString();
    expectError(assert, await series(org.agent.client, 'incidents.open', { from, to, department_id: org.safetyDept.id }), {
      status: 403,
      key: 'dashboard.department_out_of_scope',
    });
    expectError(assert, await series(safety, 'no.such.indicator', { from, to }), {
      status: 404,
      key: 'dashboard.indicator_not_found',
    });
    expectError(assert, await series(safety, 'incidents.open', { from: to, to: from }), {
      status: 400,
      key: 'common.range_invalid',
    });
    expectError(assert, await series(safety, 'incidents.open', { to }), { status: 400, key: 'common.field_required' });
    expectError(assert, await series(safety, 'incidents.open', { from, to, period: 'hour' }), { status: 400 });
  });
});
