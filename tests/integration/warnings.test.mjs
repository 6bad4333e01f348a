// Early warnings over HTTP: a safety manager issues a warning for a site, escalates and lifts it; the site's
// worker sees it in the in-app inbox and may read but not change it; the checklist is ticked; the CAP document
// and the CAP feed are served as XML (checked with xmllint against the test CAP 1.2 schema when it is installed).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import fs from 'node:fs';

import { SOURCE_DIR, createUser, expectError, recordSeeds, startServer, uniq, uniqUsername } from './harness.mjs';
import { waitFor } from './emergency_support.mjs';

const CAP_XSD = path.join(SOURCE_DIR, 'src/modules/warnings/testdata/cap-1.2.xsd');
const CAP_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

/** The text of the first <name> element of an XML document (enough for these flat checks). */
function element(xml, name) {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return m ? m[1] : null;
}

/** xmllint's verdict on a CAP document, or null when xmllint is not installed. */
function xmllint(xml) {
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', CAP_XSD, '-'], { input: xml, encoding: 'utf8' });
  if (r.error?.code === 'ENOENT') return null;
  return { ok: r.status === 0, output: r.stderr };
}

describe('warnings', () => {
  let srv;
  let admin;
  let site;
  let safety;
  let worker;
  let warning;

  before(async () => {
    srv = await startServer({ admin: true });
    admin = srv.admin;
    const rootId = admin.me.user.department_id;
    const d = await admin.post('/api/v1/departments', { name: `朝阳服务站${uniq('')}`, code: uniq('WS'), kind: 'site', parent_id: rootId });
    assert.equal(d.status, 201, d.text);
    site = d.json;
    safety = await createUser(admin, { username: uniqUsername('safe'), roles: ['safety_manager'], department_id: rootId });
    worker = await createUser(admin, { username: uniqUsername('wkr'), roles: ['worker'], department_id: site.id });
  });
  after(async () => {
    await srv?.stop();
  });

  test('issue: version 1, the response checklist and the site worker notified', async () => {
    const expected = new Date(Date.now() + 6 * 3600_000).toISOString();
    const r = await safety.client.post('/api/v1/warnings', {
      level: 'yellow',
      category: 'weather',
      title: '暴雨黄色预警',
      areas: [{ department_id: site.id }, { text: '北京市朝阳区' }],
      expected_at: expected,
      measures: '暂停户外作业；出发前确认路况。',
      description: '预计未来6小时降雨50毫米以上。',
    });
    assert.equal(r.status, 201, r.text);
    warning = r.json;
    assert.equal(warning.version, 1);
    assert.equal(warning.status, 'active');
    assert.equal(warning.level, 'yellow');
    assert.equal(warning.level_roman, 'III');
    assert.deepEqual(warning.areas, [
      { department_id: site.id, name: site.name },
      { department_id: null, name: '北京市朝阳区' },
    ]);
    assert.equal(warning.measures, '暂停户外作业；出发前确认路况。');
    assert.equal(warning.issued_by, safety.user.id);

    const list = await worker.client.get('/api/v1/warnings?status=active&level=yellow');
    assert.equal(list.status, 200, list.text);
    assert.ok(list.json.items.some((w) => w.id === warning.id));
    expectError(assert, await worker.client.get('/api/v1/warnings?level=purple'), { status: 400, key: 'common.query_invalid' });

    const checklist = await worker.client.get(`/api/v1/warnings/${warning.id}/checklist`);
    assert.equal(checklist.status, 200, checklist.text);
    assert.deepEqual(checklist.json.groups.map((g) => g.group), ['rescue', 'logistics', 'liaison']);
    const codes = checklist.json.groups.flatMap((g) => g.items.map((i) => i.code));
    for (const c of ['rescue.standby', 'logistics.supplies', 'liaison.monitor']) assert.ok(codes.includes(c), c);
    assert.ok(!codes.includes('rescue.duty_24h'));

    const inbox = await worker.client.get('/api/v1/auth/notifications');
    assert.equal(inbox.status, 200, inbox.text);
    const note = inbox.json.items.find((n) => n.event === 'warning.issued');
    assert.ok(note, inbox.text);
    assert.equal(note.title, '【黄色预警】暴雨黄色预警');
    assert.ok(note.body.includes('暂停户外作业'), note.body);
    assert.equal(note.entity, 'warning');
    assert.equal(note.entity_id, warning.id);
  });

  test('who may do what', async () => {
    expectError(assert, await worker.client.post('/api/v1/warnings', {}), { status: 403, code: 'forbidden' });
    expectError(assert, await worker.client.post(`/api/v1/warnings/${warning.id}/lift`, { version: 1, reason: 'x' }), {
      status: 403,
    });
    const item = (await worker.client.get(`/api/v1/warnings/${warning.id}/checklist`)).json.groups[0].items[0];
    expectError(assert, await worker.client.patch(`/api/v1/warnings/${warning.id}/checklist/${item.id}`, { done: true }), {
      status: 403,
    });
    expectError(assert, await admin.get('/api/v1/warnings'), { status: 403 });
    expectError(
      assert,
      await safety.client.post('/api/v1/warnings', {
        level: 'red',
        title: 't',
        areas: [{ text: '北京市' }],
        expected_at: new Date().toISOString(),
        measures: 'm',
        extra: 1,
      }),
      { status: 400, key: 'common.unknown_field' },
    );
    expectError(assert, await safety.client.get('/api/v1/warnings/987654321'), { status: 404, key: 'warnings.warning_not_found' });
  });

  test('issuers pick among the enabled group robots without seeing their URLs', async () => {
    const make = async (body) => {
      const r = await admin.post('/api/v1/notify/channels', body);
      assert.equal(r.status, 201, r.text);
      return r.json;
    };
    const robot = await make({ kind: 'wecom', name: '应急值班群', endpoint: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=pick-secret-1' });
    await make({ kind: 'feishu', name: '停用的飞书群', endpoint: 'https://open.feishu.cn/open-apis/bot/v2/hook/pick-secret-2', enabled: false });
    await make({ kind: 'email', name: '邮件服务器', endpoint: 'smtps://smtp.example.com:465', sender: 'anxin@example.com' });
    const r = await safety.client.get('/api/v1/warnings/channels');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items, [{ id: robot.id, kind: 'wecom', name: '应急值班群' }]);
    assert.ok(!r.text.includes('pick-secret'), 'no URL or token is answered');
    expectError(assert, await worker.client.get('/api/v1/warnings/channels'), { status: 403, code: 'forbidden' });
  });

  test('checklist items are ticked with who and when', async () => {
    const item = (await safety.client.get(`/api/v1/warnings/${warning.id}/checklist`)).json.groups[0].items[0];
    const r = await safety.client.patch(`/api/v1/warnings/${warning.id}/checklist/${item.id}`, {
      done: true,
      owner_id: worker.user.id,
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.done, true);
    assert.equal(r.json.done_by, safety.user.id);
    assert.equal(r.json.owner_id, worker.user.id);
    assert.ok(r.json.done_at);
  });

  test('escalate, refused transitions, lift and the history', async () => {
    const up = await safety.client.post(`/api/v1/warnings/${warning.id}/escalate`, { version: 1, level: 'orange', reason: '雨势加强' });
    assert.equal(up.status, 200, up.text);
    assert.equal(up.json.version, 2);
    assert.equal(up.json.level, 'orange');
    const codes = (await safety.client.get(`/api/v1/warnings/${warning.id}/checklist`)).json.groups.flatMap((g) =>
      g.items.map((i) => i.code),
    );
    assert.ok(codes.includes('rescue.duty_24h'), 'orange adds round-the-clock duty');

    expectError(
      assert,
      await safety.client.post(`/api/v1/warnings/${warning.id}/escalate`, { version: 2, level: 'yellow', reason: 'x' }),
      { status: 409, key: 'warnings.not_higher' },
    );
    expectError(
      assert,
      await safety.client.post(`/api/v1/warnings/${warning.id}/escalate`, { version: 1, level: 'red', reason: 'x' }),
      { status: 409, key: 'common.version_conflict' },
    );
    expectError(assert, await safety.client.patch(`/api/v1/warnings/${warning.id}`, { version: 2, reason: '无变化' }), {
      status: 409,
      key: 'warnings.no_change',
    });

    const lifted = await safety.client.post(`/api/v1/warnings/${warning.id}/lift`, { version: 2, reason: '预警信号解除' });
    assert.equal(lifted.status, 200, lifted.text);
    assert.equal(lifted.json.status, 'lifted');
    assert.equal(lifted.json.version, 3);
    expectError(
      assert,
      await safety.client.post(`/api/v1/warnings/${warning.id}/downgrade`, { version: 3, level: 'blue', reason: 'x' }),
      { status: 409, key: 'warnings.not_active' },
    );

    const history = await worker.client.get(`/api/v1/warnings/${warning.id}/history`);
    assert.equal(history.status, 200, history.text);
    assert.deepEqual(
      history.json.items.map((v) => [v.version, v.action, v.snapshot.level, v.snapshot.status]),
      [
        [1, 'issue', 'yellow', 'active'],
        [2, 'escalate', 'orange', 'active'],
        [3, 'lift', 'orange', 'lifted'],
      ],
    );
    assert.equal(history.json.items[1].reason, '雨势加强');
    assert.equal(history.json.items[1].changed_by, safety.user.id);
  });

  test('CAP 1.2 documents and the CAP feed', async () => {
    const cap = await worker.client.get(`/api/v1/warnings/${warning.id}/cap`);
    assert.equal(cap.status, 200, cap.text);
    assert.match(cap.headers.get('content-type'), /^application\/cap\+xml/);
    assert.ok(cap.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>'));
    assert.ok(cap.text.includes('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">'));
    assert.equal(element(cap.text, 'identifier'), `anxin-warning-${warning.id}-v3`);
    assert.equal(element(cap.text, 'msgType'), 'Cancel');
    assert.match(element(cap.text, 'sent'), CAP_TIME);
    assert.ok(!element(cap.text, 'sent').endsWith('Z'));
    const refs = element(cap.text, 'references').split(' ');
    assert.equal(refs.length, 2);
    assert.match(refs[0], new RegExp(`^[^,\\s]+,anxin-warning-${warning.id}-v1,\\d{4}-.+[+-]\\d{2}:\\d{2}$`));
    assert.equal(element(cap.text, 'severity'), 'Severe');
    assert.equal(element(cap.text, 'urgency'), 'Expected');
    assert.equal(element(cap.text, 'instruction'), '暂停户外作业；出发前确认路况。');
    assert.ok(!cap.text.includes(safety.user.display_name), 'no names of people in CAP');

    const first = await worker.client.get(`/api/v1/warnings/${warning.id}/cap?version=1`, { headers: { Accept: 'text/xml' } });
    assert.equal(first.status, 200, first.text);
    assert.match(first.headers.get('content-type'), /^text\/xml/);
    assert.equal(element(first.text, 'msgType'), 'Alert');
    assert.equal(element(first.text, 'severity'), 'Moderate');
    expectError(assert, await worker.client.get(`/api/v1/warnings/${warning.id}/cap?version=9`), {
      status: 404,
      key: 'warnings.version_not_found',
    });

    for (const doc of [cap.text, first.text]) {
      const lint = xmllint(doc);
      if (lint) assert.ok(lint.ok, `xmllint: ${lint.output}\n${doc}`);
    }

    // A second, active warning; the feed lists it and the lifted one (as its Cancel).
    const other = await safety.client.post('/api/v1/warnings', {
      level: 'red',
      category: 'fire',
      title: '高温火险红色预警',
      areas: [{ text: '北京市' }],
      expected_at: new Date(Date.now() + 3600_000).toISOString(),
      measures: '停止室外明火作业。',
      scope: 'restricted',
    });
    assert.equal(other.status, 201, other.text);
    const feed = await worker.client.get('/api/v1/warnings/cap-feed');
    assert.equal(feed.status, 200, feed.text);
    assert.match(feed.headers.get('content-type'), /^application\/atom\+xml/);
    assert.ok(feed.text.includes('<feed xmlns="http://www.w3.org/2005/Atom">'));
    assert.ok(feed.text.includes(`href="/api/v1/warnings/${other.json.id}/cap"`), feed.text);
    assert.ok(feed.text.includes(`href="/api/v1/warnings/${warning.id}/cap"`), feed.text);
    assert.ok(feed.text.includes(`<identifier>anxin-warning-${other.json.id}-v1</identifier>`));
    assert.ok(feed.text.includes('<scope>Restricted</scope>'));
    assert.ok(feed.text.includes('<category>Fire</category>'));
  });
});

describe('customers affected by a warning', () => {
  let srv;
  let gateway;
  const messages = [];
  const gatewayToken = 'gw-url-token-7f3a9c';

  before(async () => {
    // A local SMS gateway: records every message it is asked to send.
    gateway = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        messages.push({ url: req.url, signature: req.headers['x-anxin-signature'], body: JSON.parse(body) });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"ok":true}');
      });
    });
    await new Promise((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    recordSeeds('warnings', ['13912345678']);
    srv = await startServer({ admin: true, env: { ANXIN_JOBS_POLL_MS: '200' } });
    const ch = await srv.admin.post('/api/v1/notify/channels', {
      kind: 'sms',
      name: '短信网关',
      endpoint: `http://127.0.0.1:${gateway.address().port}/sms?token=${gatewayToken}`,
      secret: 'gateway-key',
    });
    assert.equal(ch.status, 201, ch.text);
    assert.ok(!ch.text.includes(gatewayToken), 'the access token in the gateway URL is not answered');
  });
  after(async () => {
    await srv?.stop();
    gateway?.close();
  });

  test('are told by SMS at the numbers given, again when it is lifted; the numbers are never shown', async () => {
    const rootId = srv.admin.me.user.department_id;
    const safety = await createUser(srv.admin, { username: uniqUsername('safe'), roles: ['safety_manager'], department_id: rootId });
    const body = {
      level: 'orange',
      category: 'weather',
      title: '大风橙色预警',
      areas: [{ text: '北京市海淀区' }],
      expected_at: new Date(Date.now() + 3600_000).toISOString(),
      measures: '请收好阳台物品。',
    };
    const bad = await safety.client.post('/api/v1/warnings', { ...body, customer_contacts: ['13912345678', '1234'] });
    expectError(assert, bad, { status: 400, code: 'invalid_argument', key: 'warnings.customer_contact_invalid' });
    assert.equal(bad.json.error.details.index, 2);
    assert.ok(!bad.text.includes('1234'), 'the rejected value is not echoed');

    const r = await safety.client.post('/api/v1/warnings', { ...body, customer_contacts: ['+86 139-1234-5678'] });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.customer_count, 1);
    assert.ok(!r.text.includes('13912345678') && !r.text.includes('1234-5678'), 'the number is not returned');
    const first = await waitFor(() => messages.find((m) => m.body.to === '13912345678'), { what: 'the SMS to the customer' });
    assert.equal(first.body.template, 'warning.customer_notice');
    assert.equal(first.url, `/sms?token=${gatewayToken}`, 'the gateway is called at its whole URL');
    assert.ok(first.body.text.startsWith('【橙色预警发布】大风橙色预警'), first.body.text);
    assert.ok(first.body.text.includes('尊敬的客户') && first.body.text.includes('请收好阳台物品。'), first.body.text);

    const lifted = await safety.client.post(`/api/v1/warnings/${r.json.id}/lift`, { version: 1, reason: '大风已减弱' });
    assert.equal(lifted.status, 200, lifted.text);
    const second = await waitFor(
      () => messages.find((m) => m.body.to === '13912345678' && m.body.text.includes('解除')),
      { what: 'the SMS telling the customer it was lifted' },
    );
    assert.ok(!second.body.text.includes('大风已减弱'), 'internal reasons stay internal');
    // Stored encrypted: neither the number nor the gateway's token is anywhere in the database files.
    for (const name of fs.readdirSync(srv.dir).filter((n) => n.startsWith('anxin.db'))) {
      const bytes = fs.readFileSync(`${srv.dir}/${name}`);
      assert.ok(!bytes.includes('13912345678'), `${name} holds the number in plain text`);
      assert.ok(!bytes.includes(gatewayToken), `${name} holds the gateway token in plain text`);
    }
  });
});
