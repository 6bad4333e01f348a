// Browser story, notifications: a group robot channel (its URL masked), deleting a channel, and
// putting a dead letter back in the queue.

import {
  assert,
  axe,
  browserApi,
  confirmMessageBox,
  dialog,
  go,
  page,
  shoot,
  signOut,
  step,
  waitIdle,
} from '../common.mjs';
import { ROBOT } from '../fixtures.mjs';

/**
 * The administrator adds a group robot and retries a dead letter. `robot` is the local receiver
 * (a Node HTTP server), `robotUrl` its webhook URL.
 */
export async function groupRobotAndDeadLetters({ robot, robotUrl }) {
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
}
