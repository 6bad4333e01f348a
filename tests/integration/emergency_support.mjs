// Shared by the emergency suites: an organisation built through the API, a clock the test moves
// (the server's clock.offset_file), the live inbox stream, and polling helpers.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { SESSION_COOKIE, createUser, uniq, uniqUsername } from './harness.mjs';

/** The server's clock offset file under `dir`; `advance(ms)` moves every server using it forward. */
export function testClock(dir) {
  const file = path.join(dir, 'clock-offset');
  let offset = 0;
  fs.writeFileSync(file, '0\n');
  return {
    file,
    // Sessions outlive the hours the clock jumps (the idle limit would end them otherwise).
    env: { ANXIN_CLOCK_OFFSET_FILE: file, ANXIN_JOBS_POLL_MS: '200', ANXIN_SECURITY_SESSION_IDLE_MINUTES: '1440' },
    get offsetMs() {
      return offset;
    },
    now: () => Date.now() + offset,
    advance(ms) {
      offset += ms;
      fs.writeFileSync(file, `${offset}\n`);
    },
  };
}

/** Polls `fn` (async, returns a truthy value when done) every 100 ms for up to `ms`. */
export async function waitFor(fn, { ms = 15_000, what = 'condition' } = {}) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Builds a company: a site (where incidents happen) and a safety department under the root; a leader and
 * a deputy leader, the safety department's head, the site's head (dept_head) and a customer-service agent
 * at the site. Returns {site, safetyDept, leader, deputy, safetyHead, siteHead, agent} (createUser results).
 */
export async function buildOrganisation(admin) {
  const rootId = admin.me.user.department_id;
  const dept = async (name, kind) => {
    const r = await admin.post('/api/v1/departments', { name: `${name}${uniq('')}`, code: uniq('EM'), kind, parent_id: rootId });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  const site = await dept('望京服务站', 'site');
  const safetyDept = await dept('安全管理部', 'department');
  const user = (prefix, roles, department_id, display_name) =>
    createUser(admin, { username: uniqUsername(prefix), roles, department_id, display_name });
  const leader = await user('lead', ['safety_manager'], rootId, '陈总');
  const deputy = await user('dep', ['safety_manager'], rootId, '周副总');
  const safetyHead = await user('safe', ['safety_manager'], safetyDept.id, '王安全');
  const siteHead = await user('head', ['dept_head'], site.id, '李站长');
  const agent = await user('agt', ['agent'], site.id, '赵客服');

  const org = leader.client;
  let r = await org.put('/api/v1/emergency/leaders', {
    leaders: [
      { user_id: leader.user.id, position: 'leader' },
      { user_id: deputy.user.id, position: 'deputy_leader' },
    ],
  });
  assert.ok([200, 204].includes(r.status), r.text);
  r = await org.put('/api/v1/emergency/settings', { safety_department_id: safetyDept.id });
  assert.ok([200, 204].includes(r.status), r.text);
  r = await org.put(`/api/v1/emergency/departments/${safetyDept.id}`, { head_user_id: safetyHead.user.id, duties: '安全监督' });
  assert.ok([200, 204].includes(r.status), r.text);
  r = await org.put(`/api/v1/emergency/departments/${site.id}`, { head_user_id: siteHead.user.id, duties: '现场处置' });
  assert.ok([200, 204].includes(r.status), r.text);
  return { site, safetyDept, leader, deputy, safetyHead, siteHead, agent };
}

/**
 * Opens GET /api/v1/auth/notifications/stream for a session client and parses the events.
 * Returns {events (array of {event, data}), waitFor(pred, ms), close()}.
 */
export async function openInboxStream(base, sessionClient) {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/v1/auth/notifications/stream`, {
    headers: { Cookie: `${SESSION_COOKIE}=${sessionClient.token}`, Accept: 'text/event-stream' },
    signal: controller.signal,
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/event-stream/);
  const events = [];
  let ended = false;
  const decoder = new TextDecoder();
  let buffer = '';
  const pump = (async () => {
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let event = 'message';
          const data = [];
          for (const line of frame.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length > 0) events.push({ event, data: JSON.parse(data.join('\n')) });
        }
      }
    } catch {
      // aborted
    }
    ended = true;
  })();
  return {
    events,
    get ended() {
      return ended;
    },
    waitFor: (pred, ms = 10_000) => waitFor(() => events.find(pred), { ms, what: 'a live inbox event' }),
    async close() {
      controller.abort();
      await pump;
    },
  };
}

/** The inbox items of a session client with `event`. */
export async function inboxEvents(c, event) {
  const r = await c.get('/api/v1/auth/notifications?page_size=200');
  assert.ok([200, 204].includes(r.status), r.text);
  return r.json.items.filter((i) => i.event === event);
}
