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
// the commander acknowledges the reporting step in the war room. Accessibility (axe: no serious or
// critical violations) is checked on the login page, the layout, a table page and the phone report
// form. Any browser console error or CSP
// violation fails the run. Screenshots of the main pages at 1366×768 and 390×844 go to
// build/test-artifacts/screenshots/.
//
// Environment: ANXIN_BIN (the anxin executable; default build/dev/src/cli/anxin),
// ANXIN_E2E_CHROMIUM (default /usr/bin/chromium). Run from anywhere: node tests/e2e/run.mjs
// Prints "N passed, N failed" and exits non-zero when anything failed.

import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { ApiSession } from './api.mjs';
import { startServer } from './server.mjs';
import { totpAt } from './totp.mjs';

const REPO = path.resolve(import.meta.dirname, '../..');
const WEB = path.join(REPO, 'web');
const require = createRequire(path.join(WEB, 'package.json'));
const { chromium } = require('playwright-core');
const { AxeBuilder } = require('@axe-core/playwright');

const BIN = path.resolve(process.env.ANXIN_BIN ?? path.join(REPO, 'build/dev/src/cli/anxin'));
const CHROMIUM = process.env.ANXIN_E2E_CHROMIUM ?? '/usr/bin/chromium';
const WEB_ROOT = path.join(WEB, 'dist');
const SHOTS = path.join(REPO, 'build/test-artifacts/screenshots');
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const TIMEOUT = 20_000;

const admin = { username: 'e2eadmin', password: 'E2e#Admin-Pass-2026' };
const viewer = { username: 'e2e.viewer', name: '测试查看员', newPassword: 'Viewer#Pass-2026x', phone: '13800138000' };
const safety = { username: 'e2e.safety', name: '测试安全经理', newPassword: 'Safety#Pass-2026x' };
const auditor = { username: 'e2e.auditor', name: '测试审计员', newPassword: 'Audit#Pass-2026xy' };
const dept = { name: '测试服务部', code: 'E2E-SVC' };
const role = { code: 'e2e_viewer', name: '测试查看角色', permissions: ['identity:department:read', 'identity:user:read'] };
const REVEAL_REASON = '核实理赔申请人身份（自动化测试）';
// A group robot the administrator sets up (a local receiver speaking WeCom's webhook protocol).
const ROBOT = { name: '应急值班群（测试）', key: 'e2e-robot-key-93c1' };
// The emergency story: a department head who commands level IV responses, and an agent who reports.
const em = {
  commander: { username: 'em.head', name: '测试部门负责人', newPassword: 'Head#Pass-2026-e2e' },
  agent: { username: 'em.agent', name: '测试客服专员', newPassword: 'Agent#Pass-2026-e2e' },
  commanderRole: {
    code: 'em_commander',
    name: '测试应急指挥',
    data_scope: 'department_tree',
    clearance: 3,
    permissions: [
      'identity:department:read',
      'identity:user:read',
      'emergency:organisation:read',
      'emergency:organisation:manage',
      'incidents:incident:read',
      'incidents:incident:report',
      'incidents:incident:manage',
      'warnings:warning:read',
      'warnings:warning:issue',
      'warnings:checklist:update',
      'incidents:investigation:manage',
      'incidents:case:read',
    ],
  },
  reporterRole: {
    code: 'em_reporter',
    name: '测试事件上报',
    data_scope: 'department',
    clearance: 2,
    permissions: [
      'identity:department:read',
      'emergency:organisation:read',
      'incidents:incident:read',
      'incidents:incident:report',
      'warnings:warning:read',
    ],
  },
  incident: {
    title: '顾客在服务中滑倒受伤',
    place: '北京市朝阳区望京西路 48 号院 3 号楼 502',
    measures: '已拨打 120，服务人员陪同，现场已拍照保护',
    customer: '王女士',
    order: 'SO-20260501-0042',
  },
};

// ---------------------------------------------------------------------------------------------
// A tiny sequential runner: steps depend on each other, so after a failure the rest are skipped.

const results = [];
let failedAlready = false;
let page;

async function step(name, fn) {
  if (failedAlready) {
    results.push({ name, status: 'skipped' });
    console.log(`- ${name} (skipped)`);
    return;
  }
  const started = Date.now();
  try {
    await fn();
    results.push({ name, status: 'passed' });
    console.log(`✔ ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failedAlready = true;
    results.push({ name, status: 'failed', error: e });
    console.log(`✖ ${name} (${Date.now() - started} ms)\n  ${(e && e.stack) || e}`);
    if (page) {
      await page
        .screenshot({ path: path.join(SHOTS, `failure-${name.replace(/[^a-z0-9]+/gi, '-')}.png`) })
        .catch(() => undefined);
    }
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(`assertion failed: ${message}`);
}

// ---------------------------------------------------------------------------------------------
// Console errors and CSP violations: every one fails the run, except HTTP errors a step provokes
// on purpose (inside allowHttpErrors()).

const consoleProblems = [];
let allowedStatus = null;

function watchConsole(p) {
  p.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    if (allowedStatus && new RegExp(`status of (${allowedStatus.join('|')})\\b`).test(text)) return;
    consoleProblems.push(`${p.url()}: ${text}`);
  });
  p.on('pageerror', (e) => consoleProblems.push(`${p.url()}: page error: ${e.message}`));
}

// Requests in flight per page, for waitIdle(): the live notification stream never finishes, so
// Playwright's networkidle (no request for 500 ms) cannot be used once a user is signed in.
const inflight = new WeakMap();

function trackRequests(p) {
  const pending = new Set();
  inflight.set(p, pending);
  p.on('request', (r) => {
    if (!r.url().includes('/notifications/stream')) pending.add(r);
  });
  p.on('requestfinished', (r) => pending.delete(r));
  p.on('requestfailed', (r) => pending.delete(r));
}

async function allowHttpErrors(statuses, fn) {
  allowedStatus = statuses.map(String);
  try {
    await fn();
  } finally {
    allowedStatus = null;
  }
}

// ---------------------------------------------------------------------------------------------
// UI helpers (Element Plus renders dropdowns, dialogs and message boxes into <body>).

let base;

async function go(pathname) {
  await page.goto(base + pathname);
}

async function waitIdle() {
  const pending = inflight.get(page);
  if (pending) {
    const deadline = Date.now() + TIMEOUT;
    let quietSince = Date.now();
    while (Date.now() < deadline) {
      if (pending.size > 0) quietSince = Date.now();
      else if (Date.now() - quietSince >= 500) break;
      await page.waitForTimeout(50);
    }
  } else {
    await page.waitForLoadState('networkidle').catch(() => undefined);
  }
  await page.waitForFunction(() => document.querySelectorAll('.el-loading-mask:not([style*="display: none"])').length === 0, null, {
    timeout: TIMEOUT,
  });
}

async function shoot(name) {
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(350);
    await waitIdle();
    await page.screenshot({ path: path.join(SHOTS, `${name}-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize(DESKTOP);
  await page.waitForTimeout(250);
}

async function axe(label) {
  const r = await new AxeBuilder({ page }).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)}`).join('\n    ')}`);
  assert(bad.length === 0, `accessibility of ${label}:\n  ${summary.join('\n  ')}`);
}

function dialog(testId) {
  return page.locator(`[data-testid=${testId}]`).locator('xpath=ancestor-or-self::div[contains(@class,"el-dialog")][1]');
}

async function confirmMessageBox() {
  const box = page.locator('.el-message-box');
  await box.waitFor({ state: 'visible', timeout: TIMEOUT });
  await box.locator('.el-button--primary').click();
  await box.waitFor({ state: 'hidden', timeout: TIMEOUT });
}

async function pickTreeSelect(trigger, label) {
  await trigger.click();
  const node = page.locator('.el-select-dropdown:visible .el-tree-node__content', { hasText: label }).last();
  await node.click();
  await page.keyboard.press('Escape').catch(() => undefined);
}

async function signInForm(username, password) {
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.locator('[data-testid=login-form] button[type=submit]').click();
}

/** A TOTP code of a time step not used before by this account (the server refuses replays). */
async function freshCode(account) {
  let step = Math.floor(Date.now() / 30_000);
  while (account.lastTotpStep !== undefined && step <= account.lastTotpStep) {
    await new Promise((r) => setTimeout(r, 1000));
    step = Math.floor(Date.now() / 30_000);
  }
  account.lastTotpStep = step;
  return totpAt(account.totpSecret, step);
}

/**
 * Completes whatever the sign-in still asks for (password change, TOTP enrolment with its recovery
 * codes, a TOTP code) until the layout shows. Returns what happened, e.g. ['password', 'enroll'].
 */
async function completeSignIn(account) {
  const seen = [];
  for (let i = 0; i < 6; i += 1) {
    const which = await Promise.race([
      page.waitForSelector('.app-wrapper', { timeout: TIMEOUT }).then(() => 'layout'),
      page.waitForSelector('[data-testid=password-form]', { timeout: TIMEOUT }).then(() => 'password'),
      page.waitForSelector('[data-testid=totp-secret]', { timeout: TIMEOUT }).then(() => 'enroll'),
      page.waitForSelector('[data-testid=recovery-codes]', { timeout: TIMEOUT }).then(() => 'recovery'),
      page.waitForSelector('input[name=totp]', { timeout: TIMEOUT }).then(() => 'totp'),
    ]);
    if (which === 'layout') return seen;
    seen.push(which);
    if (which === 'password') {
      await page.locator('input[name=new]').fill(account.newPassword);
      await page.locator('input[name=confirm]').fill(account.newPassword);
      await page.locator('[data-testid=password-form] button[type=submit]').click();
      await page.waitForSelector('[data-testid=password-form]', { state: 'detached', timeout: TIMEOUT });
    } else if (which === 'enroll') {
      const secret = (await page.locator('[data-testid=totp-secret]').innerText()).replace(/\s+/g, '');
      assert(/^[A-Z2-7]{16,}$/.test(secret), `a base32 secret is shown (got ${secret})`);
      const qr = await page.locator('[data-testid=totp-enroll] img').getAttribute('src');
      assert(qr && qr.startsWith('data:image/svg+xml;base64,'), 'the QR code is an SVG image');
      account.totpSecret = secret;
      await page.locator('input[name=totp-code]').fill(await freshCode(account));
      await page.locator('[data-testid=totp-enroll] button[type=submit]').click();
      await page.waitForSelector('[data-testid=recovery-codes]', { timeout: TIMEOUT });
    } else if (which === 'recovery') {
      const codes = await page.locator('[data-testid=recovery-codes] li').allInnerTexts();
      assert(codes.length === 10, `ten recovery codes are shown (got ${codes.length})`);
      account.recoveryCodes = codes;
      await page.locator('[data-testid=recovery-saved]').click();
      await page.locator('[data-testid=recovery-done]').click();
      await page.waitForSelector('[data-testid=recovery-codes]', { state: 'detached', timeout: TIMEOUT });
    } else if (which === 'totp') {
      await page.locator('input[name=totp]').fill(await freshCode(account));
      await page.locator('form button[type=submit]').click();
      await page.waitForSelector('input[name=totp]', { state: 'detached', timeout: TIMEOUT });
    }
  }
  throw new Error(`sign-in did not finish: ${seen.join(' -> ')}`);
}

async function signOut() {
  await page.locator('[data-testid=user-menu]').click();
  await page.locator('.el-dropdown-menu:visible [data-testid=logout]').click();
  await confirmMessageBox();
  await page.waitForSelector('[data-testid=login-form]', { timeout: TIMEOUT });
}

async function menuTexts() {
  return page.locator('.side-menu .el-menu-item, .side-menu .el-sub-menu__title').allInnerTexts();
}

/** Creates a user through the dialog and returns the one-time password it shows. */
async function createUser({ username, name, roleName, phone, idNumber, shot }) {
  await go('/system/users');
  await waitIdle();
  await page.locator('[data-testid=user-create]').click();
  const d = dialog('user-dialog');
  await d.waitFor({ state: 'visible' });
  await d.locator('input[name=username]').fill(username);
  await d.locator('input[name=display_name]').fill(name);
  await pickTreeSelect(d.locator('[data-testid=user-department]'), dept.name);
  if (phone) await d.locator('input[name=phone]').fill(phone);
  if (idNumber) await d.locator('input[name=id_number]').fill(idNumber);
  if (roleName) {
    await d.locator('.el-form-item', { hasText: '角色' }).locator('.el-select').click();
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: roleName }).first().click();
    await page.keyboard.press('Escape');
  }
  if (shot) await shoot(shot);
  await d.locator('[data-testid=user-submit]').click();
  const otp = page.locator('[data-testid=one-time-password]');
  await otp.waitFor({ state: 'visible', timeout: TIMEOUT });
  if (shot) await shoot(`${shot}-password`);
  const password = (await otp.innerText()).trim();
  assert(password.length >= 12, 'a one-time password is shown');
  await page.locator('[data-testid=otp-close]').click();
  await otp.waitFor({ state: 'hidden' });
  return password;
}


// ---------------------------------------------------------------------------------------------
// The emergency story.

/** A call to the API in the browser's session (its cookies and CSRF token). */
async function browserApi(method, pathname, body) {
  const cookies = await page.context().cookies(base);
  const csrf = cookies.find((c) => c.name === 'anxin_csrf')?.value ?? '';
  const r = await page.request.fetch(base + pathname, {
    method,
    headers: { 'X-CSRF-Token': csrf, 'Accept-Language': 'zh-CN' },
    data: body,
  });
  const text = await r.text();
  if (!r.ok()) throw new Error(`${method} ${pathname} -> ${r.status()}: ${text.slice(0, 400)}`);
  return text ? JSON.parse(text) : null;
}

function findDepartment(nodes, code) {
  for (const n of nodes) {
    if (n.code === code) return n;
    const found = findDepartment(n.children ?? [], code);
    if (found) return found;
  }
  return null;
}

/** Screenshots at both sizes, then back to the page's own size (a phone stays a phone). */
async function shootKeeping(name) {
  const size = page.viewportSize();
  await shoot(name);
  await page.setViewportSize(size);
  await page.waitForTimeout(250);
}

/** The unread count on the bell (0 when the badge is hidden). */
async function bellCount(p) {
  return p.evaluate(() => {
    const el = document.querySelector('[data-testid=inbox-count] .el-badge__content');
    if (!el || getComputedStyle(el).display === 'none') return 0;
    const n = Number((el.textContent ?? '').trim());
    return Number.isFinite(n) ? n : 0;
  });
}

// ---------------------------------------------------------------------------------------------

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
  base = server.base;
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
  page = context.pages()[0] ?? (await context.newPage());
  watchConsole(page);
  trackRequests(page);
  let emBrowser = null;

  try {
    await step('login page renders in Chinese and passes axe', async () => {
      await go('/');
      await page.waitForURL(/\/login/);
      await page.waitForSelector('[data-testid=login-form]');
      assert((await page.locator('[data-testid=login-step-title]').innerText()).includes('账号登录'), 'zh-CN title');
      assert((await page.locator('html').getAttribute('lang')) === 'zh-CN', 'html lang is zh-CN');
      await axe('the login page');
      await shoot('login');
    });

    await step('client-side validation shows the server messages', async () => {
      await page.locator('[data-testid=login-form] button[type=submit]').click();
      await page.waitForSelector('.el-form-item__error');
      const errors = await page.locator('.el-form-item__error').allInnerTexts();
      assert(errors.some((e) => e.includes('字段“用户名”为必填项')), `required message (got ${errors})`);
    });

    await step('administrator signs in and enrols TOTP (QR, secret, 10 recovery codes)', async () => {
      await signInForm(admin.username, admin.password);
      const seen = await completeSignIn(admin);
      assert(seen.includes('enroll') && seen.includes('recovery'), `enrolment happened (${seen})`);
      await page.waitForURL(/\/dashboard/);
      const menu = await menuTexts();
      for (const m of ['首页', '用户管理', '部门管理', '角色管理']) assert(menu.includes(m), `menu has ${m}: ${menu}`);
      assert(!menu.includes('审计日志'), 'the administrator has no audit menu');
    });

    await step('layout passes axe; on a phone the menu is a drawer', async () => {
      await waitIdle();
      await axe('the layout (dashboard)');
      await shoot('dashboard-admin');
      await page.setViewportSize(PHONE);
      await page.waitForTimeout(350);
      assert(!(await page.locator('aside.sidebar').isVisible()), 'no fixed side menu on a phone');
      await page.locator('button.hamburger').click();
      await page.locator('.menu-drawer .side-menu').waitFor({ state: 'visible' });
      await page.waitForTimeout(400);
      await page.screenshot({ path: path.join(SHOTS, `menu-drawer-${PHONE.width}x${PHONE.height}.png`) });
      await page.locator('.menu-drawer .el-menu-item', { hasText: '部门管理' }).click();
      await page.waitForURL(/\/system\/departments/);
      await page.locator('.menu-drawer .side-menu').waitFor({ state: 'hidden' });
      await page.setViewportSize(DESKTOP);
      await page.waitForTimeout(250);
    });

    await step('create a department (with a server field error for a taken code)', async () => {
      await go('/system/departments');
      await waitIdle();
      const root = page.locator('[data-testid=dept-table] tr', { hasText: 'ROOT' }).first();
      await root.getByRole('button', { name: '新增下级' }).click();
      const d = dialog('dept-dialog');
      await d.waitFor({ state: 'visible' });
      await d.locator('input[name=name]').fill(dept.name);
      await d.locator('input[name=code]').fill('bad code!');
      await d.locator('[data-testid=dept-submit]').click();
      await d.locator('.el-form-item__error', { hasText: '格式不正确' }).waitFor();
      await d.locator('input[name=code]').fill('ROOT');
      await allowHttpErrors([409], async () => {
        await d.locator('[data-testid=dept-submit]').click();
        await d.locator('.el-form-item__error', { hasText: '部门编码“ROOT”已被使用' }).waitFor();
      });
      await d.locator('input[name=code]').fill(dept.code);
      await d.locator('[data-testid=dept-submit]').click();
      await d.waitFor({ state: 'hidden' });
      await page.locator('[data-testid=dept-table] tr', { hasText: dept.code }).waitFor();
      await shoot('departments');
    });

    await step('create a role with a few permissions', async () => {
      await go('/system/roles');
      await waitIdle();
      await page.locator('[data-testid=role-create]').click();
      const d = dialog('role-dialog');
      await d.waitFor({ state: 'visible' });
      await d.locator('input[name=code]').fill(role.code);
      await d.locator('input[name=name]').fill(role.name);
      await d.locator('.el-radio-button', { hasText: '全部数据' }).click();
      for (const code of role.permissions) {
        await d
          .locator('.el-tree-node__content', { has: page.locator(`[data-code="${code}"]`) })
          .locator('.el-checkbox')
          .first()
          .click();
      }
      assert((await d.innerText()).includes(`已选 ${role.permissions.length} 项`), 'selected count');
      await shoot('role-dialog');
      await d.locator('[data-testid=role-submit]').click();
      await d.waitFor({ state: 'hidden' });
      const row = page.locator('[data-testid=role-table] tr', { hasText: role.code });
      await row.waitFor();
      assert((await row.innerText()).includes(`${role.permissions.length} 项`), 'the role lists its permissions');
      await shoot('roles');
    });

    await step('create users; the form checks mobile and ID numbers like the server', async () => {
      await go('/system/users');
      await waitIdle();
      await page.locator('[data-testid=user-create]').click();
      const d = dialog('user-dialog');
      await d.waitFor({ state: 'visible' });
      await d.locator('input[name=phone]').fill('12345');
      await d.locator('input[name=id_number]').fill('110105199001011234');
      await d.locator('input[name=username]').fill('Bad Name');
      await d.locator('[data-testid=user-submit]').click();
      await d.locator('.el-form-item__error', { hasText: '手机号码格式不正确' }).waitFor();
      await d.locator('.el-form-item__error', { hasText: '身份证号码无效' }).waitFor();
      await d.locator('.el-form-item__error', { hasText: '用户名须为 3–32 位' }).waitFor();
      await d.locator('.el-dialog__headerbtn').click();
      await d.waitFor({ state: 'hidden' });

      viewer.password = await createUser({
        username: viewer.username,
        name: viewer.name,
        roleName: role.name,
        phone: viewer.phone,
        idNumber: '11010519491231002X',
        shot: 'user-dialog',
      });
      safety.password = await createUser({ username: safety.username, name: safety.name, roleName: '安全管理部经理' });
      auditor.password = await createUser({ username: auditor.username, name: auditor.name, roleName: '审计员' });
      const table = await page.locator('[data-testid=user-table]').innerText();
      assert(table.includes(viewer.username) && table.includes('138****8000'), 'the list shows the masked phone');
    });

    await step('set up an emergency organisation through the API (roles, a commander, an agent)', async () => {
      const tree = await browserApi('GET', '/api/v1/departments/tree');
      const d = findDepartment(tree.items, dept.code);
      assert(d, `department ${dept.code} exists`);
      em.departmentId = d.id;
      const commanderRole = await browserApi('POST', '/api/v1/roles', em.commanderRole);
      const reporterRole = await browserApi('POST', '/api/v1/roles', em.reporterRole);
      const head = await browserApi('POST', '/api/v1/users', {
        username: em.commander.username,
        display_name: em.commander.name,
        department_id: d.id,
        role_ids: [commanderRole.id],
      });
      const agent = await browserApi('POST', '/api/v1/users', {
        username: em.agent.username,
        display_name: em.agent.name,
        department_id: d.id,
        role_ids: [reporterRole.id],
      });
      em.commander.id = head.id;
      em.agent.id = agent.id;
      const headApi = await ApiSession.firstSignIn(base, em.commander.username, head.initial_password, em.commander.newPassword);
      await ApiSession.firstSignIn(base, em.agent.username, agent.initial_password, em.agent.newPassword);
      // The commander heads the department (level IV) and leads the leadership group; the agent deputises.
      await headApi.put(`/api/v1/emergency/departments/${d.id}`, {
        head_user_id: head.id,
        duties: '服务现场处置，安抚顾客，保护现场。',
      });
      await headApi.put('/api/v1/emergency/leaders', {
        leaders: [
          { user_id: head.id, position: 'leader' },
          { user_id: agent.id, position: 'deputy_leader' },
        ],
      });
      const commander = await headApi.get(`/api/v1/emergency/commander?level=4&department_id=${d.id}`);
      assert(commander.user_id === head.id, `the department head commands level IV (${JSON.stringify(commander)})`);
      const expected = new Date(Date.now() + 2 * 3600 * 1000).toISOString();
      em.warning = await headApi.post('/api/v1/warnings', {
        level: 'yellow',
        category: 'weather',
        title: '暴雨黄色预警（自动化测试）',
        areas: [{ department_id: d.id }, { text: '北京市朝阳区' }],
        expected_at: expected,
        measures: '暂停户外服务，服务人员注意出行安全。',
      });
      await headApi.post('/api/v1/auth/logout');
    });

    await step('users page passes axe; filters live in the URL', async () => {
      await page.locator('input[name=q]').fill('e2e.');
      await page.locator('.search-form button[type=submit]').click();
      await page.waitForURL(/[?&]q=e2e\./);
      await waitIdle();
      const rows = await page.locator('[data-testid=user-table] tbody tr').count();
      assert(rows === 3, `three users match q=e2e. (got ${rows})`);
      await go('/system/users?q=e2e.safety');
      await waitIdle();
      assert((await page.locator('input[name=q]').inputValue()) === 'e2e.safety', 'the filter is read from the URL');
      assert((await page.locator('[data-testid=user-table] tbody tr').count()) === 1, 'one user matches');
      await go('/system/users');
      await waitIdle();
      await axe('the users table page');
      await shoot('users');
      await page.locator(`[data-testid="detail-${viewer.username}"]`).click();
      await page.locator('[data-testid=user-detail]').waitFor({ state: 'visible' });
      await shoot('user-detail-admin');
      await page.keyboard.press('Escape');
      await signOut();
    });

    await step('new user changes the one-time password and sees only the allowed menus', async () => {
      await signInForm(viewer.username, viewer.password);
      const seen = await completeSignIn(viewer);
      assert(seen.join() === 'password', `only a password change was asked (${seen})`);
      const menu = await menuTexts();
      for (const m of ['首页', '用户管理', '部门管理']) assert(menu.includes(m), `menu has ${m}: ${menu}`);
      for (const m of ['角色管理', '审计日志', '登录日志', '安全审计']) assert(!menu.includes(m), `menu lacks ${m}: ${menu}`);
      await go('/system/users');
      await waitIdle();
      assert(!(await page.locator('[data-testid=user-create]').isVisible()), 'no create button without identity:user:create');
    });

    await step('a forbidden route shows the 403 page', async () => {
      await go('/system/roles');
      await page.locator('[data-testid=forbidden]').waitFor();
      assert(page.url().endsWith('/system/roles'), 'the URL stays');
      await shoot('forbidden');
      await go('/audit/logs');
      await page.locator('[data-testid=forbidden]').waitFor();
    });

    await step('server field errors appear beside the field (wrong current password)', async () => {
      await go('/profile');
      await page.locator('input[name=current]').fill('Wrong#Password-123');
      await page.locator('input[name=new]').fill('Another#Pass-2026x');
      await page.locator('input[name=confirm]').fill('Another#Pass-2026x');
      await allowHttpErrors([400], async () => {
        await page.locator('[data-testid=password-form] button[type=submit]').click();
        await page.locator('.el-form-item', { hasText: '当前密码' }).locator('.el-form-item__error', { hasText: '当前密码不正确' }).waitFor();
      });
      await shoot('profile');
    });

    await step('switching to English is applied and remembered', async () => {
      await go('/dashboard');
      await page.locator('[data-testid=user-menu]').click();
      await page.locator('.el-dropdown-menu:visible [data-testid="lang-en-US"]').click();
      await page.waitForFunction(() => document.documentElement.lang === 'en-US');
      let menu = await menuTexts();
      assert(menu.includes('Users') && menu.includes('Home'), `English menu: ${menu}`);
      await page.reload();
      await page.waitForSelector('.app-wrapper');
      menu = await menuTexts();
      assert(menu.includes('Departments'), `still English after a reload: ${menu}`);
      await go('/system/users');
      await waitIdle();
      await shoot('users-en');
      await page.locator('[data-testid=user-menu]').click();
      await page.locator('.el-dropdown-menu:visible [data-testid="lang-zh-CN"]').click();
      await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    });

    await step('an ended session goes to the login page and back to the same view', async () => {
      await go('/system/users?q=e2e.');
      await waitIdle();
      await context.clearCookies({ name: 'anxin_session' });
      await allowHttpErrors([401], async () => {
        await page.locator('button[aria-label="刷新"]').click();
        await page.waitForURL(/\/login\?redirect=/);
      });
      await signInForm(viewer.username, viewer.newPassword);
      await completeSignIn(viewer);
      await page.waitForURL(/\/system\/users\?q=e2e\./);
      await signOut();
    });

    await step('a safety manager reveals a masked phone number for a stated purpose', async () => {
      await signInForm(safety.username, safety.password);
      await completeSignIn(safety);
      await go(`/system/users?q=${viewer.username}`);
      await waitIdle();
      await page.locator(`[data-testid="detail-${viewer.username}"]`).click();
      const detail = page.locator('[data-testid=user-detail]');
      await detail.waitFor({ state: 'visible' });
      assert((await detail.locator('[data-testid=value-phone]').innerText()).includes('****'), 'the phone is masked');
      await detail.locator('[data-testid=reveal-phone]').click();
      const d = dialog('reveal-dialog');
      await d.waitFor({ state: 'visible' });
      await d.locator('textarea[name=reason]').fill('abc');
      await d.locator('[data-testid=reveal-submit]').click();
      await d.locator('.el-form-item__error', { hasText: '过短' }).waitFor();
      await d.locator('textarea[name=reason]').fill(REVEAL_REASON);
      await d.locator('[data-testid=reveal-submit]').click();
      const value = d.locator('[data-testid=revealed-value]');
      await value.waitFor();
      assert((await value.innerText()).trim() === viewer.phone, 'the full phone number is shown');
      await shoot('reveal');
      await d.locator('.el-dialog__footer .el-button').first().click();
      await page.keyboard.press('Escape');
      await signOut();
    });

    await step('an auditor enrols TOTP and finds the reveal in the audit log, chain verified', async () => {
      await signInForm(auditor.username, auditor.password);
      const seen = await completeSignIn(auditor);
      assert(seen.includes('password') && seen.includes('enroll'), `password change and enrolment (${seen})`);
      const menu = await menuTexts();
      assert(menu.includes('审计日志') && menu.includes('登录日志'), `auditor menus: ${menu}`);
      assert(!menu.includes('用户管理'), 'the auditor sees no user management');
      await go('/audit/logs?action=reveal');
      await waitIdle();
      const verification = page.locator('[data-testid=audit-verification] .el-alert');
      await verification.waitFor();
      assert((await verification.getAttribute('data-ok')) === 'true', 'the chain verifies');
      assert((await verification.innerText()).includes('校验通过'), 'verification text');
      const row = page.locator('[data-testid=audit-table] tbody tr', { hasText: REVEAL_REASON });
      await row.waitFor();
      assert((await row.innerText()).includes(safety.username), 'the reveal names the safety manager');
      await go('/audit/logs');
      await waitIdle();
      await shoot('audit-log');
      await go('/audit/login-logs');
      await waitIdle();
      assert((await page.locator('[data-testid=login-log-table] tbody tr').count()) > 0, 'login log rows');
      await shoot('login-log');
      await go('/dashboard');
      await waitIdle();
      await shoot('dashboard-auditor');
    });

    await step('sign out ends the session', async () => {
      await signOut();
      await go('/system/users');
      await page.waitForURL(/\/login/);
    });

    await step('the administrator signs in again with a TOTP code', async () => {
      await signInForm(admin.username, admin.password);
      await page.locator('input[name=totp]').waitFor();
      assert((await page.locator('[data-testid=login-step-title]').innerText()).includes('双因素验证'), 'TOTP step');
      await shoot('login-totp');
      const seen = await completeSignIn(admin);
      assert(seen.join() === 'totp', `only the code was asked (${seen})`);
      // Signed out on /system/users a moment ago: back there.
      await page.waitForURL(/\/system\/users$/);
    });

    await step('the administrator adds a group robot (URL masked) and retries a dead letter', async () => {
      await go('/system/notify');
      await waitIdle();
      await page.locator('[data-testid=notify-channel-create]').click();
      const d = dialog('channel-dialog');
      await d.waitFor({ state: 'visible' });
      await d.locator('[data-testid=channel-kind]').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: '企业微信机器人' }).click();
      await d.locator('input[name=name]').fill(ROBOT.name);
      // Credentials in the URL are refused beside the field.
      await d.locator('input[name=endpoint]').fill(`http://user:pw@127.0.0.1:${robot.address().port}/hook`);
      await d.locator('[data-testid=channel-submit]').click();
      await d.locator('.el-form-item__error').first().waitFor();
      await d.locator('input[name=endpoint]').fill(robotUrl);
      await d.locator('[data-testid=channel-submit]').click();
      await d.waitFor({ state: 'hidden' });
      const row = page.locator('[data-testid=channel-table] tbody tr', { hasText: ROBOT.name });
      await row.waitFor();
      const shown = await row.innerText();
      assert(shown.includes('key=****') && !shown.includes(ROBOT.key), `the robot's token is masked (${shown})`);
      // A channel is deleted after a confirmation.
      const spare = await browserApi('POST', '/api/v1/notify/channels', {
        kind: 'feishu',
        name: '临时飞书群',
        endpoint: 'https://open.feishu.cn/open-apis/bot/v2/hook/0f3c9a1e-5b7d-4e2a-9c1b-7d8e6f5a4b3c',
      });
      await go('/system/notify');
      await waitIdle();
      await page.locator(`[data-testid=channel-delete-${spare.id}]`).click();
      await confirmMessageBox();
      await page.locator('[data-testid=channel-table] tbody tr', { hasText: '临时飞书群' }).waitFor({ state: 'detached' });
      await waitIdle();
      await axe('the notification channels');
      await shoot('notify-channels');
      // The dead letters: the warning's SMS had no gateway to go through.
      await page.locator('#tab-deliveries').click();
      await page.locator('[data-testid=delivery-status-filter]').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: '失败（死信）' }).click();
      await page.locator('.search-form button[type=submit]').click();
      const dead = page.locator('[data-testid=delivery-table] tbody tr', { hasText: 'warning.issued' }).first();
      await dead.waitFor();
      const deadText = await dead.innerText();
      assert(deadText.includes('短信') && deadText.includes('未配置可用的短信网关'), `a dead SMS and why, in Chinese (${deadText})`);
      await dead.locator('[data-testid^=delivery-retry-]').click();
      await page.locator('.el-message--success', { hasText: '已重新加入发送队列' }).waitFor();
      await waitIdle();
      await page.waitForFunction(
        () => ![...document.querySelectorAll('.el-overlay, .el-message')].some((el) => getComputedStyle(el).display !== 'none'),
        null,
        { timeout: 10_000 },
      );
      await axe('the notification deliveries');
      await shoot('notify-deliveries');
      await signOut();
    });

    await step('repeated wrong passwords lock the account and show the remaining time', async () => {
      await allowHttpErrors([401, 429], async () => {
        for (let i = 0; i < 6; i += 1) {
          await signInForm(viewer.username, `Wrong#Password-${i}`);
          const shown = await Promise.race([
            page.locator('[data-testid=login-locked]').waitFor().then(() => 'locked'),
            page.locator('[data-testid=login-error]').waitFor().then(() => 'error'),
          ]);
          if (shown === 'locked') break;
          assert((await page.locator('[data-testid=login-error]').innerText()).includes('用户名或密码错误'), 'wrong password');
        }
      });
      const alert = page.locator('[data-testid=login-locked]');
      await alert.waitFor();
      assert(/\d+ 分 \d+ 秒|\d+ 秒/.test(await alert.innerText()), `remaining time shown: ${await alert.innerText()}`);
      assert(await page.locator('[data-testid=login-form] button[type=submit]').isDisabled(), 'sign-in waits');
      await shoot('login-locked');
    });

    let commanderPage;
    let agentPage;
    await step('emergency: the commander watches the incidents list (desktop), the agent opens the report form (phone)', async () => {
      emBrowser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
      });
      const desk = await emBrowser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
      const phone = await emBrowser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true });
      desk.setDefaultTimeout(TIMEOUT);
      phone.setDefaultTimeout(TIMEOUT);
      commanderPage = await desk.newPage();
      agentPage = await phone.newPage();
      for (const p of [commanderPage, agentPage]) {
        watchConsole(p);
        trackRequests(p);
      }

      page = commanderPage;
      await go('/login');
      await signInForm(em.commander.username, em.commander.newPassword);
      await completeSignIn(em.commander);
      const menu = await menuTexts();
      for (const m of ['应急管理', '应急事件', '事件上报', '预警', '应急组织']) assert(menu.includes(m), `commander menu has ${m}: ${menu}`);
      await go('/incidents');
      await waitIdle();
      await page.locator('[data-testid=incident-table]').waitFor();

      page = agentPage;
      await go('/login');
      await signInForm(em.agent.username, em.agent.newPassword);
      await completeSignIn(em.agent);
      await go('/incidents/report');
      await page.locator('[data-testid=report-form]').waitFor();
      await waitIdle();
    });

    await step('emergency: the phone report form passes axe and checks fields like the server', async () => {
      page = agentPage;
      await axe('the phone report form');
      await page.locator('[data-testid=report-submit]').click();
      await page.locator('.el-form-item__error', { hasText: '字段“事件类型”为必填项' }).waitFor();
      await page.locator('.el-form-item__error', { hasText: '字段“标题”为必填项' }).waitFor();
      const tap = await page.locator('[data-testid=report-submit]').boundingBox();
      assert(tap && tap.height >= 44, `the submit button is a large touch target (${tap && tap.height}px)`);
    });

    await step('emergency: the agent reports in under a minute; the commander sees it live, without a reload', async () => {
      await commanderPage.evaluate(() => {
        window.__sameDocument = true;
      });
      const before = await bellCount(commanderPage);
      page = agentPage;
      const started = Date.now();
      await page.locator('[data-testid=report-type] [data-type=customer_injury]').click();
      assert((await page.locator('input[name=title]').inputValue()) === '顾客受伤', 'the title follows the type');
      await page.locator('input[name=title]').fill(em.incident.title);
      await page.locator('textarea[name=place]').fill(em.incident.place);
      await page.locator('input[name=injuries]').fill('1');
      await page.locator('input[name=injuries]').press('Tab');
      await page.locator('textarea[name=measures]').fill(em.incident.measures);
      await page.locator('[data-testid=add-customer]').click();
      await page.locator('input[name="people.0.name"]').fill(em.incident.customer);
      await page.locator('input[name="people.0.order_ref"]').fill(em.incident.order);
      await page.locator('[data-testid=person-0] .el-checkbox').click();
      await shootKeeping('incident-report');
      await page.locator('[data-testid=report-submit]').click();
      await page.waitForURL(/\/incidents\/\d+$/);
      const number = (await page.locator('[data-testid=war-room-number]').innerText()).trim();
      const seconds = (Date.now() - started) / 1000;
      assert(/^INC-\d{4}-\d{2}-\d{2}-\d+$/.test(number), `an incident number is shown (${number})`);
      assert(seconds < 60, `reported in under a minute (${seconds.toFixed(1)} s)`);
      em.incident.number = number;
      em.incident.id = Number(page.url().split('/').pop());

      // The commander's page, untouched: the bell counts one more and the row appears.
      page = commanderPage;
      const seen = Date.now();
      await page.waitForFunction(
        (n) => {
          const el = document.querySelector('[data-testid=inbox-count] .el-badge__content');
          return el && getComputedStyle(el).display !== 'none' && Number(el.textContent) === n;
        },
        before + 1,
        { timeout: 10_000 },
      );
      await page.locator('[data-testid=incident-table] tbody tr', { hasText: number }).waitFor({ timeout: 10_000 });
      const latency = (Date.now() - seen) / 1000;
      assert(await page.evaluate(() => window.__sameDocument === true), 'the commander page was not reloaded');
      assert(page.url().endsWith('/incidents'), `still on the list (${page.url()})`);
      const row = await page.locator('[data-testid=incident-table] tbody tr', { hasText: number }).innerText();
      assert(row.includes('IV') && row.includes('处置中'), `the row shows level IV and the status (${row})`);
      console.log(`  live update after ${latency.toFixed(1)} s`);
      await waitIdle();
      await axe('the incidents list');
      await shoot('incidents');
      // The bell's item names the incident: opening it leads to its war room.
      await page.locator('[data-testid=inbox-bell]').click();
      const item = page.locator('[data-testid=inbox-panel] .inbox-open', { hasText: number });
      await item.waitFor();
      await shoot('inbox');
      await item.click();
      await page.waitForURL(new RegExp(`/incidents/${em.incident.id}$`));
      await page.locator('[data-testid=war-room-header]').waitFor();
      await page.goBack();
      await page.locator('[data-testid=incident-table] tbody tr', { hasText: number }).waitFor();
    });

    await step('emergency: the commander acknowledges the reporting step in the war room', async () => {
      page = commanderPage;
      await page.locator(`[data-testid="incident-${em.incident.id}"]`).click();
      await page.waitForURL(new RegExp(`/incidents/${em.incident.id}$`));
      await page.locator('[data-testid=war-room-header]').waitFor();
      await waitIdle();
      assert((await page.locator('[data-testid=war-room-commander]').innerText()).includes(em.commander.name), 'the commander is named');
      const chainStep = page.locator('.step[data-stage=department_head]');
      assert((await chainStep.innerText()).includes('剩余'), 'a countdown to the deadline');
      await page.locator('[data-testid=ack-department_head]').click();
      await chainStep.locator('.el-tag', { hasText: '已确认' }).waitFor();
      await page.locator('.el-tabs__item', { hasText: '现场处置' }).click();
      await page.locator('textarea[name=record_note]').fill('已将顾客送医，现场已拍照保护。');
      await page.locator('[data-testid=record-submit]').click();
      await page.locator('.entries li', { hasText: '已将顾客送医' }).waitFor();
      await page.locator('.el-tabs__item', { hasText: '时间线' }).click();
      await page.locator('[data-testid=timeline]', { hasText: '部门负责人已确认' }).waitFor();
      // Toasts fade out (their contrast is measured mid-fade): check the page once they are gone.
      await page.waitForFunction(() => !document.querySelector('.el-message'), null, { timeout: TIMEOUT });
      await axe('the war room');
      await shoot('war-room');
      page = agentPage;
      await waitIdle();
      await shootKeeping('war-room-agent');
    });

    await step('emergency: the agent attaches a photo from the phone camera; the commander gets the PDF and the Excel export', async () => {
      page = agentPage;
      await page.locator('.el-tabs__item', { hasText: '附件' }).click();
      const camera = page.locator('[data-testid=attach-camera]');
      await camera.waitFor({ state: 'attached' });
      assert((await camera.getAttribute('accept')) === 'image/*', 'the camera input takes images');
      assert((await camera.getAttribute('capture')) !== null, 'the camera input asks for the camera');
      const jpeg = await page.evaluate(() => {
        const c = document.createElement('canvas');
        c.width = 64;
        c.height = 48;
        const g = c.getContext('2d');
        g.fillStyle = '#c42d2d';
        g.fillRect(0, 0, 64, 48);
        return c.toDataURL('image/jpeg', 0.8).split(',')[1];
      });
      await camera.setInputFiles({ name: '现场照片.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(jpeg, 'base64') });
      await page.locator('[data-testid=attachments] .file', { hasText: '现场照片.jpg' }).waitFor();
      await waitIdle();
      await page.locator('[data-testid=attachments]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, `war-room-attachments-${PHONE.width}x${PHONE.height}.png`) });

      page = commanderPage;
      const files = await page.evaluate(async ({ id, number }) => {
        const head = async (url) => {
          const r = await fetch(url);
          const bytes = new Uint8Array(await r.arrayBuffer());
          return { status: r.status, type: r.headers.get('content-type'), magic: String.fromCharCode(...bytes.slice(0, 4)) };
        };
        return {
          pdf: await head(`/api/v1/incidents/${id}/report.pdf`),
          xlsx: await head(`/api/v1/incidents/export.xlsx?type=customer_injury`),
          number,
        };
      }, { id: em.incident.id, number: em.incident.number });
      assert(files.pdf.status === 200 && files.pdf.type.startsWith('application/pdf') && files.pdf.magic === '%PDF', `the PDF (${JSON.stringify(files.pdf)})`);
      assert(files.xlsx.status === 200 && files.xlsx.magic.startsWith('PK'), `the Excel export (${JSON.stringify(files.xlsx)})`);
      assert((await page.locator('[data-testid=incident-pdf]').getAttribute('href')).endsWith(`/incidents/${em.incident.id}/report.pdf`), 'the PDF link');
    });

    await step('emergency: aftermath compensation is typed in yuan and kept in fen; the leader ends the emergency', async () => {
      page = commanderPage;
      await page.locator('.el-tabs__item', { hasText: '善后处理' }).click();
      await page.locator('[data-testid=aftermath-totals]').waitFor();
      await page.locator('[data-testid=add-compensation]').click();
      const d = dialog('compensation-dialog');
      await d.waitFor({ state: 'visible' });
      await d.locator('input[name=payee]').fill(em.incident.customer);
      await d.locator('input[name=amount]').fill('1,280.5');
      await d.locator('[data-testid=compensation-submit]').click();
      await d.waitFor({ state: 'hidden' });
      await page.locator('[data-testid=compensation-table] tbody tr', { hasText: '¥1,280.50' }).waitFor();
      assert((await page.locator('[data-testid=aftermath-totals]').innerText()).includes('¥1,280.50'), 'the total in yuan');
      await waitIdle();
      await shoot('war-room-aftermath');
      await page.locator('[data-testid=end-emergency]').click();
      const end = dialog('end-dialog');
      await end.waitFor({ state: 'visible' });
      await end.locator('input[name=loss]').fill('3000.05');
      await end.locator('[data-testid=end-submit]').click();
      await end.waitFor({ state: 'hidden' });
      await page.locator('[data-testid=war-room-header]', { hasText: '损失 ¥3,000.05' }).waitFor();
      const saved = await page.evaluate(async (id) => (await (await fetch(`/api/v1/incidents/${id}`)).json()).loss_fen, em.incident.id);
      assert(saved === 300005, `the loss is sent as fen (${saved})`);
    });

    await step('emergency: the investigation is written, submitted and closed; its lesson becomes a case', async () => {
      page = commanderPage;
      await page.locator('.el-tabs__item', { hasText: '事故调查' }).click();
      await page.locator('[data-testid=start-investigation]').click();
      await page.locator('[data-testid=investigation-status]', { hasText: '草稿' }).waitFor();
      // Submitting an incomplete report names what is missing.
      await allowHttpErrors([400], async () => {
        await page.locator('[data-testid=investigation-submit]').click();
        await page.locator('.el-message--error').first().waitFor();
      });
      await page.locator('.investigation .grade').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: '一般' }).click();
      await page.locator('textarea[name=facts]').fill('服务人员拖地后未放置警示牌，顾客经过卫生间门口时滑倒。');
      await page.locator('textarea[name=direct_causes]').fill('地面湿滑且无警示。');
      await page.locator('textarea[name=root_causes]').fill('清洁作业规程未要求湿区放置警示牌。');
      await page.locator('textarea[name=summary_review]').fill('湿区作业必须放置警示牌并提醒客户绕行。');
      await page.locator('[data-testid=investigation-save]').click();
      await waitIdle();
      // Corrective actions and the recovery plan: a row without an owner is refused in place; an
      // action is done and verified, a recovery task set in progress, each with owner and deadline.
      const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      const addTracked = async (testid, title) => {
        const list = page.locator(`[data-testid=${testid}]`);
        await list.locator('input[name=item_title]').fill(title);
        await list.locator('[data-testid=item-add]').click();
        await list.locator('[data-testid=item-error]').waitFor();
        await list.locator('.user-picker').click();
        await list.locator('.user-picker input').fill(em.commander.username);
        await page.locator('.el-select-dropdown__item:visible', { hasText: em.commander.name }).first().click();
        await list.locator('input[name=item_due]').fill(due);
        await list.locator('input[name=item_due]').press('Enter');
        await list.locator('[data-testid=item-add]').click();
        const row = list.locator('.el-table__body tr', { hasText: title });
        await row.waitFor();
        assert((await row.innerText()).includes(em.commander.name) && (await row.innerText()).includes(due), `owner and deadline of ${title}`);
        return row;
      };
      const action = await addTracked('action-table', '湿区作业放置警示牌');
      await action.locator('[data-testid=action-to-done]').click();
      await action.locator('.el-tag', { hasText: '已完成' }).waitFor();
      await action.locator('[data-testid=action-to-verified]').click();
      await action.locator('.el-tag', { hasText: '已验证' }).waitFor();
      const task = await addTracked('recovery-table', '更换防滑垫并培训保洁员');
      await task.locator('.el-select').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: '进行中' }).click();
      // The action is verified and the recovery task in progress on the server.
      await page.waitForFunction(
        async (id) => {
          const r = await (await fetch(`/api/v1/incidents/${id}/investigation`)).json();
          return r.actions[0]?.status === 'verified' && r.recovery_tasks[0]?.status === 'in_progress';
        },
        em.incident.id,
        { polling: 250, timeout: 10_000 },
      );
      await waitIdle();
      await shoot('war-room-investigation');
      await page.locator('[data-testid=investigation-submit]').click();
      await page.locator('[data-testid=investigation-status]', { hasText: '已提交' }).waitFor();
      await page.locator('[data-testid=investigation-close]').click();
      await confirmMessageBox();
      await page.locator('[data-testid=investigation-status]', { hasText: '已结案' }).waitFor();
      await page.locator('[data-testid=war-room-header]', { hasText: '已关闭' }).waitFor();
      await waitIdle();
      // Let the confirmation box fade out and the toasts go before the accessibility check.
      await page.waitForFunction(
        () => ![...document.querySelectorAll('.el-overlay, .el-message')].some((el) => getComputedStyle(el).display !== 'none'),
        null,
        { timeout: 10_000 },
      );
      await axe('the investigation');
      await page.locator('[data-testid=publish-case]').click();
      const d = dialog('case-dialog');
      await d.waitFor({ state: 'visible' });
      assert((await d.locator('textarea[name=lessons]').inputValue()).includes('湿区作业'), 'the lesson comes from the summary review');
      assert((await d.locator('textarea[name=case_actions]').inputValue()).includes('湿区作业放置警示牌'), 'the case lists the corrective actions');
      await d.locator('[data-testid=case-submit]').click();
      await d.waitFor({ state: 'hidden' });
      await go('/cases');
      await waitIdle();
      const card = page.locator('[data-testid=case-list] .case', { hasText: '湿区作业必须放置警示牌' });
      await card.waitFor();
      const text = await card.innerText();
      assert(!text.includes(em.incident.customer) && !text.includes(em.incident.order), `no personal data in the case (${text})`);
      await axe('the cases page');
      await shoot('cases');
    });

    await step('emergency: warnings, the organisation and the dashboard (screenshots)', async () => {
      page = commanderPage;
      await go('/warnings');
      await waitIdle();
      await page.locator('[data-testid=warning-table] tbody tr', { hasText: '暴雨黄色预警' }).waitFor();
      await shoot('warnings');
      await go(`/warnings/${em.warning.id}`);
      await waitIdle();
      await page.locator('[data-testid=warning-history]').waitFor();
      const item = page.locator('[data-testid=checklist-rescue] .el-checkbox').first();
      await item.click();
      await page.locator('[data-testid=checklist-rescue] .el-checkbox.is-checked').first().waitFor();
      await shoot('warning-detail');
      // Affected customers are added to the warning: a bad number is named by position, a good one is
      // counted (never shown) and told by SMS from then on.
      assert((await page.locator('[data-testid=warning-customer-count]').innerText()).includes('0'), 'no customers yet');
      await page.locator('[data-testid=warning-edit]').click();
      await page.locator('textarea[name=customer_contacts]').fill('13912345678\n12345');
      await page.locator('.el-dialog input[name=reason]').fill('通知受影响客户');
      await allowHttpErrors([400], async () => {
        await page.locator('[data-testid=warning-submit]').click();
        await page.locator('.el-dialog .el-form-item__error', { hasText: '第2个客户联系方式' }).waitFor();
      });
      await page.locator('textarea[name=customer_contacts]').fill('13912345678');
      // The administrator's robot is offered (by name, never its URL) and chosen.
      await page.locator('[data-testid=warning-channels]').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: ROBOT.name }).click();
      await page.keyboard.press('Escape');
      await page.locator('[data-testid=warning-submit]').click();
      await page.locator('[data-testid=warning-customer-count]', { hasText: '1 位' }).waitFor();
      await page.locator('[data-testid=warning-channel-count]', { hasText: '1 个群' }).waitFor();
      // The robot receives the changed warning at its whole URL.
      const deadline = Date.now() + 15_000;
      while (!robotCalls.some((c) => c.body.includes('暴雨黄色预警')) && Date.now() < deadline) await page.waitForTimeout(200);
      const call = robotCalls.find((c) => c.body.includes('暴雨黄色预警'));
      assert(call, `the robot got the warning (${JSON.stringify(robotCalls)})`);
      assert(call.url === `/cgi-bin/webhook/send?key=${ROBOT.key}`, `the robot's URL (${call.url})`);
      assert(!(await page.evaluate(() => document.body.innerText)).includes('13912345678'), 'the customer number is not shown');
      await go('/emergency/organisation');
      await waitIdle();
      await page.locator('[data-testid=leaders-table]', { hasText: em.commander.name }).waitFor();
      await shoot('emergency-organisation');
      await go('/dashboard');
      await waitIdle();
      await page.locator('[data-testid=open-level-4]').waitFor();
      assert((await page.locator('[data-testid=open-level-4]').innerText()).includes('0'), 'no open level IV incident after the end');
      await shoot('dashboard-commander');
      page = agentPage;
      await go('/incidents');
      await waitIdle();
      await page.locator('[data-testid=incident-cards] a', { hasText: em.incident.number }).waitFor();
      await shootKeeping('incidents-agent');
    });

    await step('no browser console errors or CSP violations', async () => {
      assert(consoleProblems.length === 0, `console errors:\n  ${consoleProblems.join('\n  ')}`);
    });
  } finally {
    robot.close();
    if (emBrowser) await emBrowser.close().catch(() => undefined);
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
