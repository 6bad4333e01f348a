// Browser tests of the web UI against a real `anxin serve` (fresh data directory, the built web/dist
// as its web root), driven by playwright-core in Debian's Chromium.
//
// One story, step by step (each step needs the ones before it): the first administrator signs in
// and enrols TOTP; creates a department, a role and users; a new user changes the one-time
// password, sees only the menus their role allows, is refused a forbidden page, switches to
// English; a safety manager reveals a masked phone number for a stated purpose; an auditor enrols
// TOTP and finds that reveal in the audit log with the chain verified; a session that ends sends
// the user to the login page and back; repeated wrong passwords lock the account with the
// remaining time shown; the administrator adds a group robot (its URL masked) and puts a dead
// letter back in the queue. Then the emergency story: with an emergency organisation set up through
// the API, a commander watches the incidents list on a desktop while an agent reports an incident
// on a phone; the commander's bell and list update live (Server-Sent Events), without a reload;
// the commander acknowledges the reporting step in the war room. Then an HR officer registers a
// service worker and the dispatch gate refuses a nanny job with every reason listed; the officer
// issues the worker's 安心码, which a customer opens on a phone without signing in (red), and the
// import dialog refuses a CSV with a wrong ID number row by row. Last, on a second server loaded
// with the demo company, the dispatcher sees the gate refuse a suspended worker for an order with
// every reason on the page, and a customer confirms the worker's arrival through the order's link
// on a phone; on another, a safety manager reports an incident picking a demo order for the
// customer, and the incident page links the order; on a third, a safety manager finds the overdue and
// the suspended partners in the partner register and records a failing evaluation that suspends one.
// Accessibility (axe: no serious or critical violations) is checked on the login page, the layout, a
// table page, the phone report form, the public 安心码 page, the customer's order page and the
// partner register.
// Any browser console error or CSP violation fails the run. Screenshots of the main pages at
// 1366×768 and 390×844 go to build/test-artifacts/screenshots/.
//
// Environment: ANXIN_BIN (the anxin executable; default build/dev/src/cli/anxin),
// ANXIN_E2E_CHROMIUM (default /usr/bin/chromium). Run from anywhere: node tests/e2e/run.mjs
// Prints "N passed, N failed" and exits non-zero when anything failed.
//
// This file launches the server, the local group robot and the browser, runs the story in order
// and prints the summary. The step runner and shared helpers are in common.mjs, the accounts and
// data in fixtures.mjs, the steps by area in scenarios/ (system, security, notify, emergency,
// incidents, warnings, workforce, safety-code, orders, partners).

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  BIN,
  CHROMIUM,
  DESKTOP,
  REPO,
  SHOTS,
  TIMEOUT,
  WEB_ROOT,
  assert,
  chromium,
  consoleProblems,
  page,
  results,
  setBase,
  step,
  trackRequests,
  usePage,
  watchConsole,
} from './common.mjs';
import { ROBOT, admin } from './fixtures.mjs';
import { closeEmergencyBrowser, commanderAndAgentSignIn, organisationThroughApi } from './scenarios/emergency.mjs';
import { reportAndLiveUpdate, reportPickingAnOrder, warRoom } from './scenarios/incidents.mjs';
import { groupRobotAndDeadLetters } from './scenarios/notify.mjs';
import { closeOrdersStory, dispatchGateAndCustomerLink } from './scenarios/orders.mjs';
import { partnerRegisterAndEvaluation } from './scenarios/partners.mjs';
import { safetyCodeAndImport } from './scenarios/safety-code.mjs';
import { lockout, revealAndAudit } from './scenarios/security.mjs';
import { administratorSetsUp, usersAndSessions } from './scenarios/system.mjs';
import { warningsOrganisationDashboard } from './scenarios/warnings.mjs';
import { closeWorkforceBrowser, workerRegistrationAndGate, workforceOfficerThroughApi } from './scenarios/workforce.mjs';
import { startServer } from './server.mjs';

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const f of fs.readdirSync(SHOTS)) if (f.startsWith('failure-')) fs.rmSync(path.join(SHOTS, f));
  assert(fs.existsSync(path.join(WEB_ROOT, 'index.html')), `${WEB_ROOT}/index.html exists (run make web first)`);
  assert(fs.existsSync(BIN), `the anxin binary exists at ${BIN}`);

  const robotCalls = [];
  const robot = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      robotCalls.push({ url: req.url, body });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise((resolve) => robot.listen(0, '127.0.0.1', resolve));
  const robotUrl = `http://127.0.0.1:${robot.address().port}/cgi-bin/webhook/send?key=${ROBOT.key}`;
  const server = await startServer({ bin: BIN, webRoot: WEB_ROOT, admin });
  setBase(server.base);
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: DESKTOP,
    locale: 'zh-CN',
  });
  context.setDefaultTimeout(TIMEOUT);
  usePage(context.pages()[0] ?? (await context.newPage()));
  watchConsole(page);
  trackRequests(page);

  try {
    // The steps depend on the ones before them: keep this order.
    await administratorSetsUp();
    await organisationThroughApi();
    await workforceOfficerThroughApi();
    await usersAndSessions(context);
    await revealAndAudit();
    await groupRobotAndDeadLetters({ robot, robotUrl });
    await lockout();
    await commanderAndAgentSignIn();
    await reportAndLiveUpdate();
    await warRoom();
    await warningsOrganisationDashboard({ robotCalls });
    await workerRegistrationAndGate();
    await safetyCodeAndImport();
    await dispatchGateAndCustomerLink();
    await reportPickingAnOrder();
    await partnerRegisterAndEvaluation();

    await step('no browser console errors or CSP violations', async () => {
      assert(consoleProblems.length === 0, `console errors:\n  ${consoleProblems.join('\n  ')}`);
    });
  } finally {
    robot.close();
    await closeEmergencyBrowser();
    await closeWorkforceBrowser();
    await closeOrdersStory();
    await context.close().catch(() => undefined);
    fs.rmSync(profileDir, { recursive: true, force: true });
    const serverLog = server.log();
    await server.stop();
    if (/ERROR: \w+Sanitizer|runtime error:/.test(serverLog)) {
      results.push({ name: 'server sanitizer report', status: 'failed' });
      console.log(serverLog.slice(-4000));
    }
  }
}

try {
  await main();
} catch (e) {
  results.push({ name: 'setup', status: 'failed', error: e });
  console.log(`✖ setup\n  ${(e && e.stack) || e}`);
}

const passed = results.filter((r) => r.status === 'passed').length;
const failed = results.filter((r) => r.status === 'failed').length;
const skipped = results.filter((r) => r.status === 'skipped').length;
console.log(`\nscreenshots: ${path.relative(REPO, SHOTS)}/`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || skipped > 0 ? 1 : 0);
