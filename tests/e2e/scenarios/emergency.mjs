// Browser story, the emergency organisation: set up through the API, then a commander on a
// desktop and an agent on a phone sign in.

import { ApiSession } from '../api.mjs';
import {
  CHROMIUM,
  DESKTOP,
  PHONE,
  TIMEOUT,
  assert,
  base,
  browserApi,
  chromium,
  completeSignIn,
  findDepartment,
  go,
  menuTexts,
  page,
  signInForm,
  step,
  trackRequests,
  usePage,
  waitIdle,
  watchConsole,
} from '../common.mjs';
import { dept, em } from '../fixtures.mjs';

// The second browser of the emergency story, with a desktop page for the commander and a phone
// page for the agent (read by the incident and warning scenarios).
let emBrowser = null;
export let commanderPage;
export let agentPage;

/** Closes the emergency story's browser, if it was launched. */
export async function closeEmergencyBrowser() {
  if (emBrowser) await emBrowser.close().catch(() => undefined);
}

/** Sets up an emergency organisation through the API (roles, a commander, an agent) and a warning. */
export async function organisationThroughApi() {
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
}

/** The commander (desktop) and the agent (phone) sign in, in a browser of their own. */
export async function commanderAndAgentSignIn() {
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

    usePage(commanderPage);
    await go('/login');
    await signInForm(em.commander.username, em.commander.newPassword);
    await completeSignIn(em.commander);
    const menu = await menuTexts();
    for (const m of ['应急管理', '应急事件', '事件上报', '预警', '应急组织']) assert(menu.includes(m), `commander menu has ${m}: ${menu}`);
    await go('/incidents');
    await waitIdle();
    await page.locator('[data-testid=incident-table]').waitFor();

    usePage(agentPage);
    await go('/login');
    await signInForm(em.agent.username, em.agent.newPassword);
    await completeSignIn(em.agent);
    await go('/incidents/report');
    await page.locator('[data-testid=report-form]').waitFor();
    await waitIdle();
  });
}
