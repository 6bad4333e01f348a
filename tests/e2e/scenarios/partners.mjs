// Browser story, partners (合作方), on a server of its own loaded with the demo company: the safety
// manager (demo account `gm_chen`) opens the partner register, sorted by the next evaluation, and
// sees the supplier whose evaluation is overdue marked 已逾期 and the repairer that failed its last
// evaluation suspended; the "due within" filter narrows the list. The manager then records an
// evaluation of the repairer due in ten days with a score below 60: the dialog shows the sum and
// 不合格 as the scores are typed, and once saved the partner is 已暂停, in the server as on the page.

import {
  BIN,
  CHROMIUM,
  DESKTOP,
  TIMEOUT,
  WEB_ROOT,
  assert,
  axe,
  base,
  browserApi,
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
  shoot,
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
const OVERDUE = '安心劳保用品商行';
const FAILED = '顺心管道疏通队';
const DUE_SOON = '快修家电维修服务部';

export async function partnerRegisterAndEvaluation() {
  const mainPage = page;
  const mainBase = base;
  const manager = { username: 'gm_chen', newPassword: 'GmChen#Pass-2026-e2e-p' };
  let server = null;
  let browser = null;
  const story = {};
  try {
    await step('partners: on the demo company, the safety manager sees the register with overdue and suspended partners', async () => {
      server = await startServer({ bin: BIN, webRoot: WEB_ROOT, admin, demo: true });
      setBase(server.base);
      browser = await launchBrowser();
      const p = await openPage(browser);
      await go('/login');
      await signInForm(manager.username, DEMO_PASSWORD);
      await completeSignIn(manager);
      const menu = await menuTexts();
      assert(menu.includes('服务订单') && menu.includes('合作方'), `the manager's menu has 合作方 under 服务订单: ${menu}`);

      const all = await browserApi('GET', '/api/v1/partners?page=1&page_size=100');
      const byName = (n) => all.items.find((x) => x.name === n);
      for (const n of [OVERDUE, FAILED, DUE_SOON]) assert(byName(n), `the demo has ${n} (${all.items.map((x) => x.name)})`);
      story.overdue = byName(OVERDUE);
      story.failed = byName(FAILED);
      story.soon = byName(DUE_SOON);
      assert(story.overdue.evaluation_overdue, `${OVERDUE} is overdue through the API`);
      assert(story.failed.status === 'suspended', `${FAILED} is suspended through the API`);

      await go('/partners');
      await page.locator('[data-testid=partner-table]').waitFor();
      await waitIdle();
      await page.locator(`[data-testid=partner-${story.overdue.id}]`).waitFor();
      const due = page.locator(`[data-testid=partner-due-${story.overdue.id}]`);
      assert((await due.getAttribute('data-due')) === 'overdue', 'the overdue partner is marked overdue');
      assert((await due.innerText()).includes('已逾期'), `the overdue partner shows 已逾期 (${await due.innerText()})`);
      const soon = page.locator(`[data-testid=partner-due-${story.soon.id}]`);
      assert((await soon.getAttribute('data-due')) === 'soon', `${DUE_SOON} is due soon (orange)`);
      assert((await page.locator(`[data-testid=partner-status-${story.failed.id}]`).innerText()).includes('已暂停'), `${FAILED} is 已暂停 in the list`);
      assert((await page.locator(`[data-testid=partner-status-${story.overdue.id}]`).innerText()).includes('合作中'), `${OVERDUE} is 合作中`);
      // Sorted by the next evaluation: the overdue one comes before the one due in ten days.
      const names = await page.locator('[data-testid=partner-table] tbody tr td:first-child').allInnerTexts();
      assert(names.indexOf(OVERDUE) >= 0 && names.indexOf(OVERDUE) < names.indexOf(DUE_SOON), `next evaluation first: ${names.join(' | ')}`);
      await axe('the partner register');
      await shoot('partners');

      // "Due within 14 days" keeps the overdue and the soon ones, not the ones evaluated lately.
      await go('/partners?due_within_days=14');
      await page.locator('[data-testid=partner-table]').waitFor();
      await waitIdle();
      const filtered = await page.locator('[data-testid=partner-table] tbody tr td:first-child').allInnerTexts();
      assert(filtered.includes(OVERDUE) && filtered.includes(DUE_SOON), `the due filter keeps the due ones: ${filtered.join(' | ')}`);
      assert(!filtered.includes('安居家政合作社'), `the due filter leaves out one evaluated a month ago: ${filtered.join(' | ')}`);
    });

    await step('partners: an evaluation scoring below 60 shows 不合格 as typed and suspends the partner', async () => {
      await go('/partners');
      await page.locator(`[data-testid=partner-${story.soon.id}]`).click();
      await page.waitForURL(new RegExp(`/partners/${story.soon.id}$`));
      await page.locator('[data-testid=partner-header]').waitFor();
      await waitIdle();
      assert((await page.locator('[data-testid=partner-name]').innerText()).includes(DUE_SOON), 'the page is the partner');
      assert((await page.locator('[data-testid=partner-status]').innerText()).includes('合作中'), 'it is 合作中 before');
      const before = await page.locator('[data-testid=partner-evaluations] tbody tr').count();

      await page.locator('[data-testid=partner-evaluate]').click();
      const d = dialog('evaluation-dialog');
      await d.waitFor({ state: 'visible' });
      const scores = { quality: 15, safety: 12, timeliness: 14, compliance: 13 };
      for (const [c, v] of Object.entries(scores)) {
        const input = d.locator(`input[name=${c}]`);
        await input.fill(String(v));
        await input.press('Tab');
      }
      const total = d.locator('[data-testid=evaluation-total]');
      await page.waitForFunction(
        () => document.querySelector('[data-testid=evaluation-total]')?.getAttribute('data-score') === '54',
        null,
        { timeout: TIMEOUT },
      );
      assert((await total.getAttribute('data-result')) === 'fail', 'the dialog gives fail');
      assert((await d.locator('[data-testid=evaluation-result]').innerText()).includes('不合格'), 'the result reads 不合格');
      await d.locator('[data-testid=evaluation-fail-warning]').waitFor();
      await d.locator('textarea[name=notes]').fill('两次维修后故障复发，未按要求回访');
      await d.locator('[data-testid=evaluation-submit]').click();
      await d.waitFor({ state: 'hidden' });
      await waitIdle();

      await page.waitForFunction(
        () => document.querySelector('[data-testid=partner-status]')?.textContent?.includes('已暂停') ?? false,
        null,
        { timeout: TIMEOUT },
      );
      const rows = page.locator('[data-testid=partner-evaluations] tbody tr');
      assert((await rows.count()) === before + 1, 'the evaluation is in the history');
      const first = rows.first();
      assert((await first.innerText()).includes('54') && (await first.innerText()).includes('不合格'), `the newest row has 54 and 不合格: ${await first.innerText()}`);
      assert((await page.locator('[data-testid=partner-status-reason]').innerText()).includes('不合格'), 'the reason says the evaluation failed');
      assert((await page.locator('[data-testid=partner-reinstate]').count()) === 1, 'a suspended partner can be reinstated');
      const after = await browserApi('GET', `/api/v1/partners/${story.soon.id}`);
      assert(after.status === 'suspended' && after.evaluations[0].score === 54 && after.evaluations[0].result === 'fail', `the server keeps it (${after.status})`);
      await shoot('partner-suspended');

      await go('/partners');
      await page.locator(`[data-testid=partner-status-${story.soon.id}]`).waitFor();
      await waitIdle();
      assert((await page.locator(`[data-testid=partner-status-${story.soon.id}]`).innerText()).includes('已暂停'), 'the list shows it 已暂停');
    });
  } finally {
    await closeScenario({ browser, server }, 'partners demo');
    usePage(mainPage);
    setBase(mainBase);
  }
}
