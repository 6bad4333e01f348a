// Browser story, incidents: the phone report form, the live update of the commander's list and
// bell, and the war room (acknowledgement, a camera photo, the PDF and Excel export, aftermath
// compensation, the investigation and its published case). Then, on a server of its own loaded
// with the demo company, a safety manager reports an incident picking a demo order for the
// customer, and the incident page links the order.

import path from 'node:path';
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
  bellCount,
  browserApi,
  chromium,
  closeScenario,
  completeSignIn,
  confirmMessageBox,
  dialog,
  go,
  launchBrowser,
  openPage,
  page,
  results,
  setBase,
  shoot,
  shootKeeping,
  signInForm,
  step,
  trackRequests,
  usePage,
  waitIdle,
  watchConsole,
} from '../common.mjs';
import { admin, em } from '../fixtures.mjs';
import { startServer } from '../server.mjs';
import { agentPage, commanderPage } from './emergency.mjs';

/** The agent reports an incident on the phone; the commander sees it live. */
export async function reportAndLiveUpdate() {
  await step('emergency: the phone report form passes axe and checks fields like the server', async () => {
    usePage(agentPage);
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
    usePage(agentPage);
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
    usePage(commanderPage);
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
}

/** The war room: acknowledgement, attachments and exports, aftermath, investigation and case. */
export async function warRoom() {
  await step('emergency: the commander acknowledges the reporting step in the war room', async () => {
    usePage(commanderPage);
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
    usePage(agentPage);
    await waitIdle();
    await shootKeeping('war-room-agent');
  });

  await step('emergency: the agent attaches a photo from the phone camera; the commander gets the PDF and the Excel export', async () => {
    usePage(agentPage);
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

    usePage(commanderPage);
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
    usePage(commanderPage);
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
    usePage(commanderPage);
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
}

/**
 * On a server with the demo company, the safety manager (demo account gm_chen, who sees workers,
 * customers and orders) reports an incident picking a demo order for the customer: the customer
 * comes from the order, and the incident page shows the order number as a link to the order.
 */
export async function reportPickingAnOrder() {
  const mainPage = page;
  const mainBase = base;
  const manager = { username: 'gm_chen', newPassword: 'GmChen#Pass-2026-e2e' };
  let server = null;
  let browser = null;
  const story = {};
  try {
    await step('incidents: on the demo company, the safety manager reports picking a demo order for the customer', async () => {
      server = await startServer({ bin: BIN, webRoot: WEB_ROOT, admin, demo: true });
      setBase(server.base);
      browser = await launchBrowser();
      const p = await openPage(browser);
      await go('/login');
      await signInForm(manager.username, 'Anxin#Demo2026');
      await completeSignIn(manager);

      const orders = await browserApi('GET', '/api/v1/orders?page=1&page_size=200');
      const order = orders.items[orders.items.length - 1];
      assert(order, `the demo has orders (${orders.total})`);
      story.order = order;

      await go('/incidents/report');
      await page.locator('[data-testid=report-form]').waitFor();
      await waitIdle();
      await page.locator('[data-testid=report-type] [data-type=property_damage]').click();
      await page.locator('input[name=title]').fill('服务中客户物品损坏');
      await page.locator('[data-testid=add-customer]').click();
      // Picked from the records, not typed: the order by its number.
      await page.locator('[data-testid=person-0-order]').click();
      await page.keyboard.type(order.number);
      await page.locator(`.el-select-dropdown:visible .el-select-dropdown__item[data-order="${order.number}"]`).click();
      const customer = page.locator('[data-testid=person-0-record]');
      await page.waitForFunction(
        (name) => document.querySelector('[data-testid=person-0-record]')?.textContent?.includes(name) ?? false,
        order.customer_name,
        { timeout: TIMEOUT },
      );
      assert((await customer.innerText()).includes(order.customer_name), `the order fills the customer (${order.customer_name})`);
      assert((await page.locator('input[name="people.0.name"]').count()) === 0, 'no name is typed for a picked customer');
      assert((await page.locator('input[name="people.0.order_ref"]').count()) === 0, 'no order number is typed for a picked order');
      await shoot('incident-report-picked-order');
      await page.locator('[data-testid=report-submit]').click();
      await page.waitForURL(/\/incidents\/\d+$/);
      story.incidentId = Number(page.url().split('/').pop());
    });

    await step('incidents: the incident page links the picked customer and the order number to their pages', async () => {
      await page.locator('[data-testid=war-room-header]').waitFor();
      await waitIdle();
      const incident = await browserApi('GET', `/api/v1/incidents/${story.incidentId}`);
      const person = incident.people[0];
      assert(
        person && person.order_id === story.order.id && person.customer_id === story.order.customer_id,
        `the server keeps the records (${JSON.stringify(person)})`,
      );
      const orderLink = page.locator(`[data-testid=person-order-${person.id}]`);
      assert((await orderLink.innerText()).trim() === story.order.number, 'the order number is shown');
      assert((await orderLink.getAttribute('href'))?.endsWith(`/orders/${story.order.id}`), 'the order number links to the order');
      const customerLink = page.locator(`[data-testid=person-link-${person.id}]`);
      assert((await customerLink.innerText()).includes(story.order.customer_name), 'the customer is named');
      assert((await customerLink.getAttribute('href'))?.endsWith(`/customers/${story.order.customer_id}`), 'the customer links to the customer');
      await orderLink.click();
      await page.waitForURL(new RegExp(`/orders/${story.order.id}$`));
      await page.locator('[data-testid=order-number]').waitFor();
      assert((await page.locator('[data-testid=order-number]').innerText()).includes(story.order.number), 'the link opens the order');
      await waitIdle();
    });
  } finally {
    await closeScenario({ browser, server }, 'incidents demo');
    usePage(mainPage);
    setBase(mainBase);
  }
}
