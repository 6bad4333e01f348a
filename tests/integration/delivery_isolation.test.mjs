// Sending notifications waits on servers outside anxin. A group robot that accepts the connection
// and never answers must not hold up the escalation of an overdue reporting step: delivery runs
// apart from the durable jobs.

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';

import { removeDir, startServer, tempDir } from './harness.mjs';
import { buildOrganisation, testClock, waitFor } from './emergency_support.mjs';

const MINUTE = 60_000;

describe('notification delivery and escalation', () => {
  let dir;
  let clock;
  let srv;
  let org;
  let robot;
  const held = [];

  before(async () => {
    // Accepts every connection, reads the request and never answers (the transport waits 15 s).
    robot = net.createServer((sock) => {
      held.push(sock);
      sock.on('error', () => {});
    });
    await new Promise((resolve) => robot.listen(0, '127.0.0.1', resolve));
    dir = await tempDir('anxin-delivery-');
    clock = testClock(dir);
    srv = await startServer({ dir, keepDir: true, admin: true, env: clock.env });
    org = await buildOrganisation(srv.admin);
  });
  after(async () => {
    // Let the hanging send fail first, so stopping the server does not wait out the transport timeout.
    for (const s of held) s.destroy();
    robot?.close();
    await srv?.stop();
    await removeDir(dir);
  });

  test('a robot that never answers does not delay an overdue step', async () => {
    const channel = await srv.admin.post('/api/v1/notify/channels', {
      kind: 'wecom',
      name: '应急值班群',
      endpoint: `http://127.0.0.1:${robot.address().port}/cgi-bin/webhook/send?key=delivery-test`,
    });
    assert.equal(channel.status, 201, channel.text);
    const warning = await org.leader.client.post('/api/v1/warnings', {
      level: 'yellow',
      category: 'weather',
      title: '大风黄色预警',
      areas: [{ department_id: org.site.id }],
      expected_at: new Date(clock.now() + 3 * 3600_000).toISOString(),
      measures: '高空作业暂停。',
      channels: [channel.json.id],
    });
    assert.equal(warning.status, 201, warning.text);
    // The robot message is being sent and hangs.
    await waitFor(() => held.length > 0, { what: 'the robot connection' });

    const reported = await org.agent.client.post('/api/v1/incidents', {
      type: 'customer_injury',
      title: '客户在家中滑倒',
      department_id: org.site.id,
      level: 4,
      description: '保洁服务中客户滑倒。',
    });
    assert.equal(reported.status, 201, reported.text);
    clock.advance(61 * MINUTE); // the department head's step (60 minutes at level IV) is overdue
    const started = Date.now();
    await waitFor(
      async () => {
        const t = await org.leader.client.get(`/api/v1/incidents/${reported.json.id}/timeline`);
        assert.equal(t.status, 200, t.text);
        return (t.json.items ?? t.json).some((e) => e.kind === 'escalation');
      },
      { ms: 8000, what: 'the escalation while the robot hangs' },
    );
    const seconds = (Date.now() - started) / 1000;
    console.log(`  escalated after ${seconds.toFixed(1)} s with the robot delivery still hanging`);
    assert.ok(held.some((s) => !s.destroyed), 'the robot connection is still open');
  });
});
