// Two anxin processes on one PostgreSQL database: an incident reported through one, its overdue
// reporting step is escalated exactly once although both processes run the escalation jobs, and the
// commander connected to the other process sees the report on the live inbox stream. Needs the
// `postgres` CTest fixture (ANXIN_TEST_PG_URL_FILE).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { removeDir, startServer, stopAll, tempDir } from './harness.mjs';
import { buildOrganisation, inboxEvents, openInboxStream, testClock, waitFor } from './emergency_support.mjs';

const URL_FILE = process.env.ANXIN_TEST_PG_URL_FILE;
const skip = URL_FILE ? false : 'ANXIN_TEST_PG_URL_FILE is not set (run through ctest with the postgres fixture)';
const MINUTE = 60_000;

function psql(url, sql) {
  const r = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-X', '-q', '-At', '-c', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  return r.stdout.trim();
}

describe('two processes on one PostgreSQL', { skip }, () => {
  let baseUrl;
  let schema;
  let dbUrl;
  let dirA;
  let dirB;
  let clock;
  let a;
  let b;
  let org;

  before(async () => {
    baseUrl = fs.readFileSync(URL_FILE, 'utf8').split('\n')[0].trim();
    schema = `em_${process.pid}_${Date.now().toString(36)}`.toLowerCase();
    psql(baseUrl, `CREATE SCHEMA ${schema}`);
    dbUrl = `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}options=-csearch_path%3D${schema}`;
    dirA = await tempDir('anxin-pg-a-');
    dirB = await tempDir('anxin-pg-b-');
    clock = testClock(dirA);
    a = await startServer({ dir: dirA, keepDir: true, admin: true, args: ['--database', dbUrl], env: clock.env });
    // The second process shares the database and therefore the keys (master key and audit signing key).
    fs.cpSync(path.join(dirA, 'keys'), path.join(dirB, 'keys'), { recursive: true });
    b = await startServer({ dir: dirB, keepDir: true, args: ['--database', dbUrl], env: clock.env });
    org = await buildOrganisation(a.admin);
  });
  after(async () => {
    await stopAll([a, b]);
    await removeDir(dirA);
    await removeDir(dirB);
    if (schema) {
      try {
        psql(baseUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } catch {
        // best effort
      }
    }
  });

  test('reported on A, seen live on B, escalated exactly once by A and B together', async () => {
    const headOnB = org.siteHead.client.rebase(b.base);
    const stream = await openInboxStream(b.base, headOnB);
    let incident;
    try {
      await stream.waitFor((e) => e.event === 'unread');
      const r = await org.agent.client.post('/api/v1/incidents', {
        type: 'worker_injury',
        title: '保洁员搬运时扭伤',
        department_id: org.site.id,
        nature: '意外伤害',
        scope: '一名员工',
        injuries: 1,
        level: 4,
      });
      assert.equal(r.status, 201, r.text);
      incident = r.json;
      await stream.waitFor((e) => e.event === 'notification' && e.data.event === 'incident.reported');
    } finally {
      await stream.close();
    }

    clock.advance(61 * MINUTE);
    const leaderOnB = org.leader.client.rebase(b.base);
    await waitFor(
      async () => {
        const d = await leaderOnB.get(`/api/v1/incidents/${incident.id}`);
        return d.json.steps.find((s) => s.stage === 'department_head')?.status === 'escalated';
      },
      { what: 'the escalation' },
    );
    // Several more polling rounds of both processes.
    await new Promise((r) => setTimeout(r, 1500));
    const t = await leaderOnB.get(`/api/v1/incidents/${incident.id}/timeline`);
    const escalations = (t.json.items ?? t.json).filter((e) => e.kind === 'escalation');
    assert.equal(escalations.length, 1, JSON.stringify(escalations));
    assert.equal((await inboxEvents(org.leader.client, 'incident.step_overdue')).length, 1);
    const d = await leaderOnB.get(`/api/v1/incidents/${incident.id}`);
    const step = d.json.steps.find((s) => s.stage === 'department_head');
    // One job, run once (one attempt), by one of the two processes.
    const job = psql(baseUrl, `SELECT status || ':' || attempts FROM ${schema}.jobs WHERE dedupe_key = 'incident-step:${step.id}'`);
    assert.equal(job, 'done:1');
  });
});
