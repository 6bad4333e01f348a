// Browser story, service workers (服务人员): an HR officer (built-in role hr_officer) registers a
// worker (a wrong ID number and a second registration of the same person are refused beside the
// field), opens the worker's file, records the separate consent to health data, and asks the
// dispatch gate about a nanny job: refused, with every reason listed. On a server of its own loaded
// with the demo company, the head of the service department (svc_head) reads a worker's integrity
// record at the limit of violation points and another worker's psychological-support case.

import path from 'node:path';
import {
  BIN,
  CHROMIUM,
  DESKTOP,
  SHOTS,
  TIMEOUT,
  WEB_ROOT,
  allowHttpErrors,
  assert,
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
  pickTreeSelect,
  results,
  setBase,
  signInForm,
  step,
  trackRequests,
  usePage,
  waitIdle,
  watchConsole,
} from '../common.mjs';
import { admin, dept, em, wf } from '../fixtures.mjs';
import { startServer } from '../server.mjs';

// The officer works in a browser of their own (the main page is left as the earlier steps leave it).
let wfBrowser = null;
// The demo company's server and browser for the records check (stopped once it is done).
let demo = null;

const DEMO_PASSWORD = 'Anxin#Demo2026';
// The demo's HR officer keeps the files of the whole company.
const demoOfficer = { username: 'hr_qian', newPassword: 'HrQian#Pass-2026-e2e' };

async function stopDemo() {
  if (!demo) return;
  const running = demo;
  demo = null;
  await closeScenario(running, 'workforce demo');
}

/** Closes the workforce story's browsers (and the demo server), if they were launched. */
export async function closeWorkforceBrowser() {
  if (wfBrowser) await wfBrowser.close().catch(() => undefined);
  await stopDemo();
}

/** The administrator (signed in on the main page) creates the HR officer's account. */
export async function workforceOfficerThroughApi() {
  await step('workforce: create an HR officer (built-in role hr_officer) through the API', async () => {
    const roles = await browserApi('GET', '/api/v1/roles?page=1&page_size=200');
    const hr = roles.items.find((r) => r.code === 'hr_officer');
    assert(hr, `the built-in role hr_officer exists (${roles.items.map((r) => r.code)})`);
    assert(em.departmentId, 'the test department is known');
    const officer = await browserApi('POST', '/api/v1/users', {
      username: wf.officer.username,
      display_name: wf.officer.name,
      department_id: em.departmentId,
      role_ids: [hr.id],
    });
    wf.officer.password = officer.initial_password;
  });
}

async function openCreateDialog() {
  await page.locator('[data-testid=worker-create]').click();
  const d = dialog('worker-dialog');
  await d.waitFor({ state: 'visible' });
  return d;
}

async function fillWorker(d, idNumber) {
  await d.locator('input[name=name]').fill(wf.worker.name);
  await pickTreeSelect(d.locator('[data-testid=worker-department]'), dept.name);
  await d.locator('[data-testid=worker-job-types]').click();
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: wf.worker.jobType }).first().click();
  await page.keyboard.press('Escape');
  await d.locator('input[name=id_number]').fill(idNumber);
  await d.locator('input[name=phone]').fill(wf.worker.phone);
}

/** The HR officer registers a worker and asks the dispatch gate. */
export async function workerRegistrationAndGate() {
  await step('workforce: the HR officer registers a worker (ID number errors beside the field)', async () => {
    wfBrowser = await launchBrowser();
    const p = await openPage(wfBrowser);

    await go('/login');
    await signInForm(wf.officer.username, wf.officer.password);
    await completeSignIn(wf.officer);
    const menu = await menuTexts();
    assert(menu.includes('服务人员管理') && menu.includes('服务人员'), `the officer's menu has the workers page: ${menu}`);
    assert(!menu.includes('用户管理'), 'the officer manages no user accounts');

    await go('/workers');
    await waitIdle();
    await page.locator('[data-testid=worker-table]').waitFor();

    // A wrong check character is refused beside the field, before anything is sent.
    let d = await openCreateDialog();
    await fillWorker(d, wf.worker.badIdNumber);
    await d.locator('[data-testid=worker-submit]').click();
    await d.locator('.el-form-item', { has: page.locator('input[name=id_number]') }).locator('.el-form-item__error', { hasText: '身份证号码不正确' }).waitFor();
    await d.locator('input[name=id_number]').fill(wf.worker.idNumber);
    await d.locator('[data-testid=worker-submit]').click();
    await d.waitFor({ state: 'hidden' });
    const row = page.locator('[data-testid=worker-table] tbody tr', { hasText: wf.worker.name });
    await row.waitFor();
    assert((await row.innerText()).includes('入职审核中'), 'a new worker is an applicant');
    assert(!(await row.innerText()).includes(wf.worker.idNumber), 'the ID number is masked in the list');

    // The same person again: the server's answer appears beside the ID number.
    d = await openCreateDialog();
    await fillWorker(d, wf.worker.idNumber);
    await allowHttpErrors([409], async () => {
      await d.locator('[data-testid=worker-submit]').click();
      await d.locator('.el-form-item', { has: page.locator('input[name=id_number]') }).locator('.el-form-item__error', { hasText: '已登记' }).waitFor();
    });
    await d.locator('.el-dialog__footer .el-button').first().click();
    await d.waitFor({ state: 'hidden' });
    await page.screenshot({ path: path.join(SHOTS, `workers-${DESKTOP.width}x${DESKTOP.height}.png`) });
  });

  await step('workforce: the worker file shows the safety colour, and the health consent is recorded', async () => {
    await page.locator('[data-testid=worker-table] tbody tr', { hasText: wf.worker.name }).click();
    await page.waitForURL(/\/workers\/\d+$/);
    await page.locator('[data-testid=worker-header]').waitFor();
    await waitIdle();
    assert((await page.locator('[data-testid=worker-name]').innerText()).includes(wf.worker.name), 'the file is the worker');
    assert((await page.locator('[data-testid=value-id_number]').innerText()).includes('*'), 'the ID number is masked');
    const colour = page.locator('[data-testid=safety-colour]');
    await colour.locator('strong').waitFor();
    assert((await colour.getAttribute('data-colour')) === 'red', `an unvetted applicant is red (${await colour.innerText()})`);

    await page.locator('.el-tabs__item', { hasText: '体检' }).click();
    const consent = page.locator('[data-testid=health-consent]');
    await consent.waitFor();
    assert((await consent.getAttribute('data-consented')) === 'false', 'no consent yet');
    assert(await page.locator('[data-testid=health-add]').isDisabled(), 'no health check without consent');
    await page.locator('[data-testid=health-consent-record]').click();
    const c = dialog('health-consent-dialog');
    await c.waitFor({ state: 'visible' });
    assert((await c.locator('[data-testid=health-consent-text]').innerText()).includes('敏感个人信息'), 'the consent text is shown');
    await c.locator('[data-testid=health-consent-submit]').click();
    await c.locator('.el-form-item__error', { hasText: '勾选' }).waitFor();
    await c.locator('[data-testid=health-consent-confirm]').click();
    await c.locator('[data-testid=health-consent-submit]').click();
    await c.waitFor({ state: 'hidden' });
    await page.locator('[data-testid=health-consent][data-consented=true]').waitFor();
    assert(!(await page.locator('[data-testid=health-add]').isDisabled()), 'health checks can be recorded now');
  });

  await step('workforce: the dispatch gate refuses a nanny job and lists every reason', async () => {
    const panel = page.locator('[data-testid=gate-panel]');
    await panel.scrollIntoViewIfNeeded();
    assert((await panel.locator('[data-testid=gate-service-type]').innerText()).includes(wf.worker.jobType), 'the worker\'s own type is picked');
    await panel.locator('[data-testid=gate-check]').click();
    const result = panel.locator('[data-testid=gate-result][data-decision=refused]');
    await result.waitFor();
    assert((await result.locator('[data-testid=gate-decision]').innerText()).includes('不予派工'), 'refused');
    const reasons = await result.locator('[data-testid=gate-reason]').allInnerTexts();
    assert(reasons.length >= 3, `several reasons are listed (${reasons.join(' | ')})`);
    assert(reasons.some((r) => r.includes('无犯罪记录证明') && r.includes('缺少')), `the missing no-criminal-record certificate (${reasons.join(' | ')})`);
    assert(reasons.some((r) => r.includes('入职审核中')), `the applicant status (${reasons.join(' | ')})`);
    assert(reasons.some((r) => r.includes('体检')), `the missing health check (${reasons.join(' | ')})`);
    await waitIdle();
    await page.screenshot({ path: path.join(SHOTS, `worker-gate-${DESKTOP.width}x${DESKTOP.height}.png`), fullPage: true });
  });

  await demoWorkerRecords();
}

/** The id of the demo worker called `name`, as the signed-in user finds them. */
async function demoWorkerId(name) {
  const found = await browserApi('GET', `/api/v1/workers?q=${encodeURIComponent(name)}&page=1&page_size=20`);
  const w = found.items.find((x) => x.name === name);
  assert(w, `${demoOfficer.username} finds the demo worker ${name} (found ${found.total}: ${found.items.map((x) => x.name)})`);
  return w.id;
}

async function openWorkerTab(id, label) {
  await go(`/workers/${id}`);
  await page.locator('[data-testid=worker-header]').waitFor();
  await waitIdle();
  await page.locator('.el-tabs__item', { hasText: label }).click();
}

/**
 * On a server loaded with the demo company, the service department's head opens 吕春兰's 诚信 tab (two
 * violations of 6 points: the limit of 12 is reached) and 周红梅's 调解 tab (a 心理关怀 case, class 4).
 * The officer's page and the main server are put back afterwards for the steps that follow.
 */
async function demoWorkerRecords() {
  const mainPage = page;
  const mainBase = base;
  try {
    await step("workforce: on the demo company, a worker's 诚信 tab shows the points at the limit and another's 调解 tab a 心理关怀 case", async () => {
      demo = { server: await startServer({ bin: BIN, webRoot: WEB_ROOT, admin, demo: true }), browser: null };
      setBase(demo.server.base);
      demo.browser = await launchBrowser();
      const p = await openPage(demo.browser);

      await go('/login');
      await signInForm(demoOfficer.username, DEMO_PASSWORD);
      await completeSignIn(demoOfficer);

      await openWorkerTab(await demoWorkerId('吕春兰'), '诚信');
      const points = page.locator('[data-testid=integrity-points]');
      await points.waitFor();
      const shown = await points.innerText();
      assert((await points.getAttribute('data-points')) === '12', `吕春兰 has 12 points (${shown})`);
      assert((await points.getAttribute('data-max')) === '12', `the limit is 12 (${shown})`);
      assert((await points.getAttribute('data-level')) === 'reached', `the limit is reached (${shown})`);
      assert(shown.includes('12 / 12') && shown.includes('已达上限'), `the tab says the limit is reached (${shown})`);
      const violations = await page.locator('[data-testid=integrity-table] tbody tr', { hasText: '违规' }).allInnerTexts();
      assert(violations.length === 2 && violations.every((r) => r.includes('6 分')), `two violations of 6 points (${violations.join(' | ')})`);
      await page.screenshot({ path: path.join(SHOTS, `worker-integrity-${DESKTOP.width}x${DESKTOP.height}.png`), fullPage: true });

      await openWorkerTab(await demoWorkerId('周红梅'), '调解');
      const table = page.locator('[data-testid=case-table]');
      await table.waitFor();
      const row = table.locator('tbody tr', { has: page.locator('[data-testid=case-kind-psych_support]') });
      await row.waitFor();
      const text = await row.innerText();
      assert(text.includes('心理关怀') && text.includes('敏感'), `a 心理关怀 case marked sensitive (${text})`);
      await page.screenshot({ path: path.join(SHOTS, `worker-cases-${DESKTOP.width}x${DESKTOP.height}.png`), fullPage: true });
    });
  } finally {
    await stopDemo();
    setBase(mainBase);
    usePage(mainPage);
  }
}
