// Browser story, warnings: the list and detail, the checklist, affected customers and a group
// robot added to a warning, then the emergency organisation and the dashboard.

import { allowHttpErrors, assert, go, page, shoot, shootKeeping, step, usePage, waitIdle } from '../common.mjs';
import { ROBOT, em } from '../fixtures.mjs';
import { agentPage, commanderPage } from './emergency.mjs';

/**
 * Warnings, the organisation and the dashboard. `robotCalls` lists what the local group robot
 * received ({url, body}).
 */
export async function warningsOrganisationDashboard({ robotCalls }) {
  await step('emergency: warnings, the organisation and the dashboard (screenshots)', async () => {
    usePage(commanderPage);
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
    usePage(agentPage);
    await go('/incidents');
    await waitIdle();
    await page.locator('[data-testid=incident-cards] a', { hasText: em.incident.number }).waitFor();
    await shootKeeping('incidents-agent');
  });
}
