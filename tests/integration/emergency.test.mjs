// A whole emergency over HTTP on one anxin process whose clock the test moves (clock.offset_file):
// a warning is issued, an agent reports an incident and its commander sees it arrive on the live inbox
// stream, an overdue reporting step is escalated by the background job exactly once, the server is
// killed with a step about to fall due and the restarted server escalates it (once), the level is
// raised with a new commander by rule, working-group tasks are done, the leadership group ends the
// emergency, and the investigation closes it and publishes a case without personal data.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { recordSeeds, removeDir, startServer, tempDir } from './harness.mjs';
import { buildOrganisation, inboxEvents, openInboxStream, testClock, waitFor } from './emergency_support.mjs';

const MINUTE = 60_000;
const CUSTOMER = '刘美华';
const PLACE = '北京市朝阳区望京西园三区 312 号楼 1801';

describe('a whole emergency', () => {
  let dir;
  let clock;
  let srv;
  let org;
  let incident;

  const detail = async (c = org.leader.client) => {
    const r = await c.get(`/api/v1/incidents/${incident.id}`);
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  const timeline = async (c = org.leader.client) => {
    const r = await c.get(`/api/v1/incidents/${incident.id}/timeline`);
    assert.equal(r.status, 200, r.text);
    return r.json.items ?? r.json;
  };
  const restartWith = async () => {
    srv = await startServer({ dir, keepDir: true, env: clock.env });
    for (const k of Object.keys(org)) {
      if (org[k]?.client) org[k].client = org[k].client.rebase(srv.base);
    }
  };

  before(async () => {
    dir = await tempDir('anxin-emergency-');
    clock = testClock(dir);
    srv = await startServer({ dir, keepDir: true, admin: true, env: clock.env });
    org = await buildOrganisation(srv.admin);
    recordSeeds('emergency', [CUSTOMER, PLACE]);
  });
  after(async () => {
    await srv?.stop();
    await removeDir(dir);
  });

  test('a warning is issued with its response checklist', async () => {
    const r = await org.leader.client.post('/api/v1/warnings', {
      level: 'orange',
      category: 'weather',
      title: '暴雨橙色预警',
      areas: [{ department_id: org.site.id }],
      expected_at: new Date(clock.now() + 3 * 3600_000).toISOString(),
      measures: '暂停户外作业；服务人员出发前确认路况。',
    });
    assert.equal(r.status, 201, r.text);
    const list = await org.siteHead.client.get(`/api/v1/warnings/${r.json.id}/checklist`);
    assert.equal(list.status, 200, list.text);
    assert.ok(list.json.groups.some((g) => g.group === 'rescue' && g.items.length > 0), list.text);
  });

  test('an agent reports; the commander (site head, level IV) sees it live', async () => {
    const stream = await openInboxStream(srv.base, org.siteHead.client);
    try {
      await stream.waitFor((e) => e.event === 'unread');
      const r = await org.agent.client.post('/api/v1/incidents', {
        type: 'customer_injury',
        title: '客户在家中滑倒',
        department_id: org.site.id,
        occurred_at: new Date(clock.now() - 10 * MINUTE).toISOString(),
        place: PLACE,
        nature: '意外伤害',
        scope: '一名客户',
        injuries: 1,
        measures: '已拨打120，服务人员陪同',
        level: 4,
        people: [{ role: 'customer', name: CUSTOMER, injured: true, order_ref: 'SO-2026-1121-001' }],
      });
      assert.equal(r.status, 201, r.text);
      incident = r.json;
      assert.equal(incident.commander_id, org.siteHead.user.id);
      const pushed = await stream.waitFor((e) => e.event === 'notification' && e.data.event === 'incident.reported');
      assert.ok(pushed.data.id > 0);
      // The item names the incident, so the bell opens its war room.
      assert.equal(pushed.data.entity, 'incident');
      assert.equal(pushed.data.entity_id, incident.id);
      await stream.waitFor((e) => e.event === 'unread' && e.data.unread >= 1);
    } finally {
      await stream.close();
    }
    const d = await detail();
    const stages = d.steps.map((s) => s.stage);
    assert.deepEqual(stages, ['onsite', 'department_head', 'leadership']);
    assert.equal(d.steps[1].assignee_id, org.siteHead.user.id);
    assert.equal(d.steps[1].status, 'pending');
  });

  test('an overdue step is escalated once by the job, moved by the clock', async () => {
    clock.advance(61 * MINUTE); // level IV: the department head has 60 minutes
    const d = await waitFor(
      async () => {
        const x = await detail();
        return x.steps[1].status === 'escalated' ? x : null;
      },
      { what: 'the department-head step to be escalated' },
    );
    assert.equal(d.steps[1].escalated_to, org.leader.user.id);
    assert.equal(d.steps[2].status, 'pending');
    // Give the job runner a few more rounds: nothing is escalated twice.
    await new Promise((r) => setTimeout(r, 1000));
    const escalations = (await timeline()).filter((e) => e.kind === 'escalation');
    assert.equal(escalations.length, 1, JSON.stringify(escalations));
    const overdue = await waitFor(async () => {
      const items = await inboxEvents(org.leader.client, 'incident.step_overdue');
      return items.length > 0 ? items : null;
    });
    assert.equal(overdue.length, 1);
  });

  test('killed with the leadership step due: the restarted server escalates it exactly once', async () => {
    await srv.kill9();
    clock.advance(4 * 60 * MINUTE); // past the leadership step's 240 minutes while nobody runs
    await restartWith();
    const d = await waitFor(
      async () => {
        const x = await detail();
        return x.steps[2].status === 'escalated' ? x : null;
      },
      { what: 'the leadership step to be escalated after the restart' },
    );
    assert.equal(d.steps[2].stage, 'leadership');
    await new Promise((r) => setTimeout(r, 1000));
    const escalations = (await timeline()).filter((e) => e.kind === 'escalation');
    assert.equal(escalations.length, 2, JSON.stringify(escalations));
  });

  test('raising the level to II assigns the deputy leader and adds the report to the authorities', async () => {
    let d = await detail();
    const bad = await org.leader.client.post(`/api/v1/incidents/${incident.id}/level`, { version: d.version, level: 2, reason: '' });
    assert.equal(bad.status, 400, bad.text);
    const r = await org.leader.client.post(`/api/v1/incidents/${incident.id}/level`, {
      version: d.version,
      level: 2,
      reason: '伤者转入ICU，舆情关注',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.level, 2);
    assert.equal(r.json.commander_id, org.deputy.user.id);
    const stale = await org.leader.client.post(`/api/v1/incidents/${incident.id}/level`, {
      version: d.version,
      level: 1,
      reason: '重复提交',
    });
    assert.equal(stale.status, 409, stale.text);
    d = await detail();
    assert.ok(d.steps.some((s) => s.stage === 'authorities'), JSON.stringify(d.steps));
    assert.equal(d.levels.length ?? d.levels.items.length, 2);
  });

  test('working-group tasks and on-site records go on the timeline', async () => {
    const t = await org.deputy.client.post(`/api/v1/incidents/${incident.id}/tasks`, {
      group_code: 'rescue',
      title: '联系医院跟进伤情',
      owner_id: org.siteHead.user.id,
      due_at: new Date(clock.now() + 2 * 3600_000).toISOString(),
    });
    assert.equal(t.status, 201, t.text);
    const done = await org.deputy.client.patch(`/api/v1/incidents/${incident.id}/tasks/${t.json.id}`, {
      version: t.json.version,
      status: 'done',
    });
    assert.equal(done.status, 200, done.text);
    const rec = await org.siteHead.client.post(`/api/v1/incidents/${incident.id}/records`, {
      kind: 'customer_reassurance',
      note: '已安抚家属并说明后续安排',
    });
    assert.ok([200, 201, 204].includes(rec.status), rec.text);
    const kinds = new Set((await timeline()).map((e) => e.kind));
    for (const k of ['report', 'escalation', 'level', 'task', 'customer_reassurance']) {
      assert.ok([...kinds].some((x) => x.startsWith(k)), `no ${k} in ${[...kinds].join(', ')}`);
    }
  });

  test('only the leadership group ends the emergency', async () => {
    let d = await detail();
    const refused = await org.siteHead.client.post(`/api/v1/incidents/${incident.id}/end`, { version: d.version });
    assert.equal(refused.status, 403, refused.text);
    const r = await org.leader.client.post(`/api/v1/incidents/${incident.id}/end`, {
      version: d.version,
      loss_fen: 1_250_000,
      loss_assessment: '医疗费用约一万二千五百元',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'ended');
    assert.equal(r.json.loss_fen, 1_250_000);
    d = await detail();
    assert.equal(d.status, 'ended');
  });
  test('aftermath: the injured, compensation in fen, a follow-up visit', async () => {
    const d = await detail();
    const person = d.people.find((p) => p.injured);
    const inj = await org.siteHead.client.post(`/api/v1/incidents/${incident.id}/aftermath/injured`, {
      person_id: person.id,
      status: 'hospitalised',
      hospital: '望京医院',
    });
    assert.equal(inj.status, 201, inj.text);
    for (const [kind, amount_fen] of [
      ['medical', 123_456],
      ['nutrition', 50_000],
    ]) {
      const c = await org.leader.client.post(`/api/v1/incidents/${incident.id}/aftermath/compensations`, {
        kind,
        amount_fen,
        payee: CUSTOMER,
        injured_id: inj.json.id,
      });
      assert.equal(c.status, 201, c.text);
    }
    const visit = await org.agent.client.post(`/api/v1/incidents/${incident.id}/aftermath/visits`, {
      method: 'phone',
      satisfaction: 4,
      note: '家属对处理结果基本满意',
    });
    assert.equal(visit.status, 201, visit.text);
    const a = await org.leader.client.get(`/api/v1/incidents/${incident.id}/aftermath`);
    assert.equal(a.status, 200, a.text);
    assert.equal(a.json.totals?.total_fen ?? a.json.total_fen, 123_456 + 50_000, a.text);
  });

  test('the investigation closes the incident; its case carries no personal data', async () => {
    const inv = await org.leader.client.post(`/api/v1/incidents/${incident.id}/investigation`, {
      facts: `${CUSTOMER}在${PLACE}卫生间滑倒`,
      direct_causes: '卫生间地面湿滑，未放置防滑垫',
      root_causes: '入户风险检查未覆盖卫生间防滑',
      responsibility: '服务站未落实入户检查',
      grade: 'general',
      summary_review: '响应及时，入户检查需补充防滑项',
    });
    assert.equal(inv.status, 201, inv.text);
    const action = await org.leader.client.post(`/api/v1/incidents/${incident.id}/investigation/actions`, {
      title: '入户检查表增加卫生间防滑项',
      owner_id: org.siteHead.user.id,
      due_at: new Date(clock.now() + 7 * 24 * 3600_000).toISOString(),
    });
    assert.equal(action.status, 201, action.text);
    const getInv = async () => (await org.leader.client.get(`/api/v1/incidents/${incident.id}/investigation`)).json;
    let current = await getInv();
    const submit = await org.leader.client.post(`/api/v1/incidents/${incident.id}/investigation/submit`, {
      version: current.version,
    });
    assert.equal(submit.status, 200, submit.text);
    current = await getInv();
    // Not closable while the corrective action is not verified.
    const early = await org.leader.client.post(`/api/v1/incidents/${incident.id}/investigation/close`, {
      version: current.version,
    });
    assert.equal(early.status, 409, early.text);
    assert.equal(early.json.error.key, 'incidents.actions_not_verified');
    let act = action.json;
    for (const status of ['done', 'verified']) {
      const r = await org.leader.client.patch(`/api/v1/incidents/${incident.id}/investigation/actions/${act.id}`, {
        version: act.version,
        status,
      });
      assert.equal(r.status, 200, r.text);
      act = r.json;
    }
    current = await getInv();
    const closed = await org.leader.client.post(`/api/v1/incidents/${incident.id}/investigation/close`, {
      version: current.version,
    });
    assert.equal(closed.status, 200, closed.text);
    assert.equal((await detail()).status, 'closed');

    const leaky = await org.leader.client.post(`/api/v1/incidents/${incident.id}/case`, {
      title: '客户滑倒案例',
      lessons: `回访${CUSTOMER}时发现防滑垫缺失`,
    });
    assert.equal(leaky.status, 400, leaky.text);
    const published = await org.leader.client.post(`/api/v1/incidents/${incident.id}/case`, {
      title: '客户卫生间滑倒案例',
      lessons: '入户前检查卫生间防滑措施，发现隐患及时提醒客户。',
    });
    assert.equal(published.status, 201, published.text);
    // A service worker reads it as training material; nothing personal is in it.
    const reader = org.agent.client;
    const c = await reader.get(`/api/v1/cases/${published.json.id}`);
    assert.equal(c.status, 200, c.text);
    for (const secret of [CUSTOMER, PLACE, '望京西园', 'SO-2026-1121-001']) {
      assert.ok(!c.text.includes(secret), `case leaks ${secret}: ${c.text}`);
    }
    assert.equal(c.json.grade, 'general');
  });
});
