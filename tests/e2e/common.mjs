// The runner and shared helpers of the browser tests: settings, the sequential step runner, the
// console watch, the current page, and UI helpers (sign-in, dialogs, screenshots, axe).

import { createRequire } from 'node:module';
import path from 'node:path';
import { totpAt } from './totp.mjs';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const WEB = path.join(REPO, 'web');
const require = createRequire(path.join(WEB, 'package.json'));
export const { chromium } = require('playwright-core');
const { AxeBuilder } = require('@axe-core/playwright');

export const BIN = path.resolve(process.env.ANXIN_BIN ?? path.join(REPO, 'build/dev/src/cli/anxin'));
export const CHROMIUM = process.env.ANXIN_E2E_CHROMIUM ?? '/usr/bin/chromium';
export const WEB_ROOT = path.join(WEB, 'dist');
export const SHOTS = path.join(REPO, 'build/test-artifacts/screenshots');
export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };
export const TIMEOUT = 20_000;

// ---------------------------------------------------------------------------------------------
// A tiny sequential runner: steps depend on each other, so after a failure the rest are skipped.

export const results = [];
let failedAlready = false;
export let page;

export async function step(name, fn) {
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

export function assert(cond, message) {
  if (!cond) throw new Error(`assertion failed: ${message}`);
}

/** Makes `p` the page the helpers (and the steps) act on. */
export function usePage(p) {
  page = p;
}

// ---------------------------------------------------------------------------------------------
// Console errors and CSP violations: every one fails the run, except HTTP errors a step provokes
// on purpose (inside allowHttpErrors()).

export const consoleProblems = [];
let allowedStatus = null;

export function watchConsole(p) {
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

export function trackRequests(p) {
  const pending = new Set();
  inflight.set(p, pending);
  p.on('request', (r) => {
    if (!r.url().includes('/notifications/stream')) pending.add(r);
  });
  p.on('requestfinished', (r) => pending.delete(r));
  p.on('requestfailed', (r) => pending.delete(r));
}

export async function allowHttpErrors(statuses, fn) {
  allowedStatus = statuses.map(String);
  try {
    await fn();
  } finally {
    allowedStatus = null;
  }
}

// ---------------------------------------------------------------------------------------------
// UI helpers (Element Plus renders dropdowns, dialogs and message boxes into <body>).

export let base;

/** Sets the address the helpers and steps send the browser to. */
export function setBase(b) {
  base = b;
}

export async function go(pathname) {
  await page.goto(base + pathname);
}

export async function waitIdle() {
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

export async function shoot(name) {
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(350);
    await waitIdle();
    await page.screenshot({ path: path.join(SHOTS, `${name}-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize(DESKTOP);
  await page.waitForTimeout(250);
}

export async function axe(label) {
  const r = await new AxeBuilder({ page }).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)}`).join('\n    ')}`);
  assert(bad.length === 0, `accessibility of ${label}:\n  ${summary.join('\n  ')}`);
}

export function dialog(testId) {
  return page.locator(`[data-testid=${testId}]`).locator('xpath=ancestor-or-self::div[contains(@class,"el-dialog")][1]');
}

export async function confirmMessageBox() {
  const box = page.locator('.el-message-box');
  await box.waitFor({ state: 'visible', timeout: TIMEOUT });
  await box.locator('.el-button--primary').click();
  await box.waitFor({ state: 'hidden', timeout: TIMEOUT });
}

export async function pickTreeSelect(trigger, label) {
  await trigger.click();
  const node = page.locator('.el-select-dropdown:visible .el-tree-node__content', { hasText: label }).last();
  await node.click();
  await page.keyboard.press('Escape').catch(() => undefined);
}

export async function signInForm(username, password) {
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
export async function completeSignIn(account) {
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

export async function signOut() {
  await page.locator('[data-testid=user-menu]').click();
  await page.locator('.el-dropdown-menu:visible [data-testid=logout]').click();
  await confirmMessageBox();
  await page.waitForSelector('[data-testid=login-form]', { timeout: TIMEOUT });
}

export async function menuTexts() {
  return page.locator('.side-menu .el-menu-item, .side-menu .el-sub-menu__title').allInnerTexts();
}

// ---------------------------------------------------------------------------------------------
// Helpers for the API and the emergency story.

/** A call to the API in the browser's session (its cookies and CSRF token). */
export async function browserApi(method, pathname, body) {
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

export function findDepartment(nodes, code) {
  for (const n of nodes) {
    if (n.code === code) return n;
    const found = findDepartment(n.children ?? [], code);
    if (found) return found;
  }
  return null;
}

/** Screenshots at both sizes, then back to the page's own size (a phone stays a phone). */
export async function shootKeeping(name) {
  const size = page.viewportSize();
  await shoot(name);
  await page.setViewportSize(size);
  await page.waitForTimeout(250);
}

/** The unread count on the bell (0 when the badge is hidden). */
export async function bellCount(p) {
  return p.evaluate(() => {
    const el = document.querySelector('[data-testid=inbox-count] .el-badge__content');
    if (!el || getComputedStyle(el).display === 'none') return 0;
    const n = Number((el.textContent ?? '').trim());
    return Number.isFinite(n) ? n : 0;
  });
}

/** A headless Chromium of a scenario's own (one that needs a second browser, or its own server). */
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
  });
}

/** A new desktop page in `browser`, watched for console errors and failed requests, made the current page. */
export async function openPage(browser) {
  const ctx = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
  ctx.setDefaultTimeout(TIMEOUT);
  const p = await ctx.newPage();
  watchConsole(p);
  trackRequests(p);
  usePage(p);
  return p;
}

/** Closes a scenario's own browser and stops its own server; a sanitizer report in the server's log fails the run. */
export async function closeScenario({ browser, server }, name) {
  if (browser) await browser.close().catch(() => undefined);
  if (!server) return;
  const log = server.log();
  await server.stop().catch(() => undefined);
  if (/ERROR: \w+Sanitizer|runtime error:/.test(log)) {
    results.push({ name: `${name} server sanitizer report`, status: 'failed' });
    console.log(log.slice(-4000));
  }
}
