// Browser story, service orders (服务订单), on a server of its own loaded with the demo company
// (`anxin demo`: accounts, workers in every state, customers and sixty orders): the dispatcher
// (demo account `dispatch`) opens a draft order and tries to assign a suspended worker; the page
// lists every reason the dispatch gate gives (the same ones the gate answers through the API), and
// the order stays a draft. The dispatcher then issues the customer's link of a scheduled order; a
// customer opens it on a phone without signing in, sees the service, the worker's surname and
// 安心码 colour, and confirms the worker's arrival, which the server keeps; an unknown link says so.

import path from 'node:path';
import { ApiSession } from '../api.mjs';
import {
  BIN,
  CHROMIUM,
  DESKTOP,
  PHONE,
  SHOTS,
  TIMEOUT,
  WEB_ROOT,
  allowHttpErrors,
  assert,
  axe,
  base,
  chromium,
  closeScenario,
  completeSignIn,
  dialog,
  go,
  launchBrowser,
  menuTexts,
  openPage,
  page,
  results,
  setBase,
  signInForm,
  step,
  trackRequests,
  usePage,
  waitIdle,
  watchConsole,
} from '../common.mjs';
import { admin } from '../fixtures.mjs';
import { startServer } from '../server.mjs';

const DEMO_PASSWORD = 'Anxin#Demo2026';
const dispatcher = { username: 'dispatch', newPassword: 'Dispatch#Pass-2026-e2e' };

let server = null;
let browser = null;

/** Stops the orders story's browser and server, if they were started (a sanitizer report fails the run). */
export async function closeOrdersStory() {
  await closeScenario({ browser, server }, 'orders');
}

export async function dispatchGateAndCustomerLink() {
  const mainPage = page;
  const mainBase = base;
  let api = null;
  const story = {};

  await step('orders: a server with the demo company; the dispatcher signs in and sees 客户 and 订单', async () => {
    server = await startServer({ bin: BIN, webRoot: WEB_ROOT, admin, demo: true });
    setBase(server.base);
    api = new ApiSession(server.base);
    await api.post('/api/v1/auth/login', { username: dispatcher.username, password: DEMO_PASSWORD });
    browser = await launchBrowser();
    const p = await openPage(browser);
    story.dispatcherPage = p;

    await go('/login');
    await signInForm(dispatcher.username, DEMO_PASSWORD);
    await completeSignIn(dispatcher);
    const menu = await menuTexts();
    assert(menu.includes('服务订单') && menu.includes('客户') && menu.includes('订单'), `the dispatcher's menu has customers and orders: ${menu}`);
  });

  await step('orders: assigning a suspended worker to a draft order lists every reason of the gate on the page', async () => {
    const drafts = await api.get('/api/v1/orders?status=draft&page=1&page_size=200');
    const order = drafts.items.find((o) => o.service_type === 'cleaning') ?? drafts.items[0];
    assert(order, `the demo has a draft order (${drafts.total})`);
    const suspended = await api.get('/api/v1/workers?status=suspended&page=1&page_size=50');
    const worker = suspended.items.find((w) => w.job_types.includes(order.service_type)) ?? suspended.items[0];
    assert(worker, 'the demo has a suspended worker');
    // What the gate says through the API: the page must list exactly these.
    const gate = await api.get(`/api/v1/orders/${order.id}/gate?worker_id=${worker.id}`);
    assert(gate.decision === 'refused' && gate.reasons.length > 0, `the gate refuses ${worker.name}: ${JSON.stringify(gate)}`);
    story.order = order;

    await go('/orders?status=draft&page_size=100');
    await waitIdle();
    await page.locator('[data-testid=order-table]').waitFor();
    const link = page.locator(`[data-testid=order-${order.id}]`);
    await link.waitFor();
    assert((await page.locator(`[data-testid=order-status-${order.id}]`).innerText()).includes('待派工'), 'the order is a draft in the list');
    await link.click();
    await page.waitForURL(new RegExp(`/orders/${order.id}$`));
    await page.locator('[data-testid=order-header]').waitFor();
    await waitIdle();
    assert((await page.locator('[data-testid=order-number]').innerText()).includes(order.number), 'the page is the order');

    await page.locator('[data-testid=order-assign]').click();
    const d = dialog('assign-dialog');
    await d.waitFor({ state: 'visible' });
    await d.locator('[data-testid=assign-worker]').click();
    await page.keyboard.type(worker.name);
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: worker.name }).first().click();
    await allowHttpErrors([409], async () => {
      await d.locator('[data-testid=assign-submit]').click();
      await page.locator('[data-testid=assign-refusal]').waitFor();
      await waitIdle();
    });
    const refusal = page.locator('[data-testid=assign-refusal]');
    assert((await refusal.innerText()).includes(worker.name), 'the refusal names the worker');
    const shown = await refusal.locator('[data-testid=gate-reason]').allInnerTexts();
    const warned = await refusal.locator('[data-testid=gate-warning]').allInnerTexts();
    const refusals = gate.reasons.filter((r) => !r.warning);
    assert(shown.length === refusals.length, `every reason is listed (${shown.length} of ${refusals.length}): ${shown.join(' | ')}`);
    for (const r of [...gate.reasons, ...gate.warnings]) {
      const all = [...shown, ...warned];
      assert(all.some((s) => s.includes(r.message)), `"${r.message}" is on the page (${all.join(' | ')})`);
    }
    assert(shown.some((s) => s.includes('停岗')), `the suspension is one of them (${shown.join(' | ')})`);
    assert((await page.locator('[data-testid=order-status]').innerText()).includes('待派工'), 'the order is still a draft');
    assert((await page.locator('[data-testid=order-worker]').innerText()).includes('尚未派工'), 'no worker is assigned');
    const after = await api.get(`/api/v1/orders/${order.id}`);
    assert(after.worker_id === null && after.version === order.version, 'the refusal wrote nothing');
    await page.screenshot({ path: path.join(SHOTS, `order-gate-refused-${DESKTOP.width}x${DESKTOP.height}.png`), fullPage: true });
  });

  await step("orders: the dispatcher issues the customer's link of a scheduled order", async () => {
    const scheduled = await api.get('/api/v1/orders?status=scheduled&page=1&page_size=200');
    const order = scheduled.items.find((o) => o.worker_id && !o.arrival_confirmed_at && !o.gate_failing);
    assert(order, `the demo has a scheduled order with a worker (${scheduled.total})`);
    story.scheduled = order;
    await go(`/orders/${order.id}`);
    await page.locator('[data-testid=order-header]').waitFor();
    await waitIdle();
    await page.locator('[data-testid=order-link]').click();
    const url = page.locator('[data-testid=link-url]');
    await url.waitFor();
    story.linkPath = await url.getAttribute('data-path');
    assert(/^\/o\/[A-Za-z0-9_-]{40,}$/.test(story.linkPath ?? ''), `the link has a public path (${story.linkPath})`);
    assert((await url.inputValue()).endsWith(story.linkPath), 'the full address is shown to copy');
    assert((await page.locator('[data-testid=link-open]').getAttribute('href')) === story.linkPath, 'a link opens the customer page');
    await page.keyboard.press('Escape');
  });

  await step('orders: a customer opens the link on a phone without signing in and confirms the arrival', async () => {
    const ctx = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
    ctx.setDefaultTimeout(TIMEOUT);
    const p = await ctx.newPage();
    watchConsole(p);
    const apiCalls = [];
    p.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/')) apiCalls.push(u.pathname);
    });
    usePage(p);
    await go(story.linkPath);
    const card = page.locator('[data-testid=order-link]');
    await card.waitFor();
    assert((await card.getAttribute('data-status')) === 'scheduled', 'the order is scheduled');
    assert((await card.innerText()).includes(story.scheduled.service_type_name), 'the service type is shown');
    const name = await page.locator('[data-testid=order-link-worker]').innerText();
    assert(/^\S\*+$/.test(name.trim()), `only the worker's surname and an initial mask are shown (${name})`);
    assert(!(await page.content()).includes(story.scheduled.worker_name), "the worker's full name is not on the page");
    assert(['green', 'yellow', 'red'].includes(await page.locator('[data-testid=order-link-colour]').getAttribute('data-colour')), 'the 安心码 colour is shown');
    await axe('the customer order page');

    const confirm = page.locator('[data-testid=confirm-arrival]');
    await confirm.waitFor();
    await confirm.click();
    await page.locator('[data-testid=arrival-confirmed]').waitFor();
    assert((await confirm.count()) === 0, 'the confirm button is gone once confirmed');
    await page.screenshot({ path: path.join(SHOTS, `order-link-${PHONE.width}x${PHONE.height}.png`), fullPage: true });

    // The server kept it: a reload still shows it, and the dispatcher sees it on the order.
    await page.reload();
    await page.locator('[data-testid=arrival-confirmed]').waitFor();
    assert((await page.locator('[data-testid=confirm-arrival]').count()) === 0, 'still confirmed after a reload');
    const o = await api.get(`/api/v1/orders/${story.scheduled.id}`);
    assert(o.arrival_confirmed_at, 'the order has the arrival confirmed');
    const bad = apiCalls.filter((c) => !c.startsWith('/api/v1/public/order-links/'));
    assert(bad.length === 0, `only the public endpoints are called: ${bad.join(', ')}`);

    await allowHttpErrors([404], async () => {
      await go(`/o/${'x'.repeat(43)}`);
      await page.locator('[data-testid=order-link-error][data-status="404"]').waitFor();
    });
    assert((await page.locator('[data-testid=order-link-error]').innerText()).includes('链接无效或已过期'), 'an unknown link says so');
    await ctx.close();
  });

  await step('orders: the dispatcher sees the confirmed arrival on the order', async () => {
    usePage(story.dispatcherPage);
    await go(`/orders/${story.scheduled.id}`);
    await page.locator('[data-testid=order-header]').waitFor();
    await waitIdle();
    assert(!(await page.locator('[data-testid=order-arrival]').innerText()).includes('尚未'), 'the arrival time is shown');
    await page.locator('.el-tabs__item', { hasText: '订单记录' }).click();
    await page.locator('[data-testid=order-events] [data-action=customer_confirmed_arrival]').waitFor();
  });

  usePage(mainPage);
  setBase(mainBase);
}
