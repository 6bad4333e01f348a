// Browser story, the 安心码 and the worker import (after workforce.mjs, on the HR officer's page at
// the worker's file): the officer issues the worker's 安心码; a customer at the door opens it on a
// phone in a fresh browser, without signing in, and sees a red badge (the worker is an unvetted
// applicant), with nothing but the public endpoint called; an unknown code says so. Then the
// import dialog refuses a CSV with a wrong ID number, row by row, imports nothing, and hands out
// the error report; the corrected file is checked and imported, and the list shows the worker.

import fs from 'node:fs';
import path from 'node:path';
import {
  PHONE,
  SHOTS,
  TIMEOUT,
  allowHttpErrors,
  assert,
  axe,
  dialog,
  go,
  page,
  step,
  usePage,
  waitIdle,
  watchConsole,
} from '../common.mjs';
import { dept, wf } from '../fixtures.mjs';

/** A valid 18-digit ID number (GB 11643 check character) from its first 17 digits. */
function idNumber(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

const IMPORT_HEADER = '姓名,身份证号,手机号,住址,银行账号,紧急联系人,服务类型,部门编码,用工方式,合作机构';
const importGood = { name: '测试导入甲', idNumber: idNumber('11010519900307123') };

export async function safetyCodeAndImport() {
  const officerPage = page;

  await step('workforce: the officer issues the worker\'s 安心码 on the file', async () => {
    const tab = page.locator('[data-testid=safety-code-tab]');
    // A worker without a code: the server answers 404 workforce.safety_code_none (the browser logs it).
    await allowHttpErrors([404], async () => {
      await page.locator('.el-tabs__item', { hasText: '安心码' }).click();
      await page.locator('[data-testid=safety-code-tab][data-issued=false]').waitFor();
      await waitIdle();
    });
    assert((await tab.innerText()).includes('尚未生成'), 'the worker has no code yet');
    await tab.locator('[data-testid=safety-code-issue]').click();
    const qr = tab.locator('[data-testid=safety-code-qr]');
    await qr.waitFor();
    assert((await qr.getAttribute('src')).startsWith('data:image/svg+xml;base64,'), 'the QR code is an SVG image');
    const url = tab.locator('[data-testid=safety-code-url]');
    wf.safetyPath = await url.getAttribute('data-path');
    assert(/^\/s\/[A-Za-z0-9_-]{20,}$/.test(wf.safetyPath), `the code has a public path (${wf.safetyPath})`);
    assert((await url.innerText()).endsWith(wf.safetyPath), 'the full URL is shown');
    assert((await tab.locator('[data-testid=safety-code-open]').getAttribute('href')) === wf.safetyPath, 'a link opens the public page');
    await waitIdle();
    await page.screenshot({ path: path.join(SHOTS, 'worker-safety-code-1366x768.png') });

    // Issuing again would make the printed code useless: it asks first (cancelled here).
    await tab.locator('[data-testid=safety-code-issue]').click();
    const box = page.locator('.el-message-box');
    await box.waitFor({ state: 'visible' });
    assert((await box.innerText()).includes('失效'), 'the confirmation says the old code stops working');
    await box.locator('.el-button:not(.el-button--primary)').first().click();
    await box.waitFor({ state: 'hidden' });
    assert((await url.getAttribute('data-path')) === wf.safetyPath, 'the code is unchanged');
  });

  await step('workforce: a customer opens the 安心码 on a phone without signing in and sees red', async () => {
    const ctx = await officerPage.context().browser().newContext({ viewport: PHONE, locale: 'zh-CN' });
    ctx.setDefaultTimeout(TIMEOUT);
    const p = await ctx.newPage();
    watchConsole(p);
    const apiCalls = [];
    p.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/')) apiCalls.push(u.pathname);
    });
    usePage(p);
    try {
      await go(wf.safetyPath);
      const badge = p.locator('[data-testid=safety-colour]');
      await badge.waitFor();
      assert((await badge.getAttribute('data-colour')) === 'red', `an unvetted applicant is red (${await badge.innerText()})`);
      const badgeText = await badge.innerText();
      assert(badgeText.includes('红码') && badgeText.includes('请勿让其入户'), `the badge says what to do (${badgeText})`);
      const name = await p.locator('[data-testid=safety-code-name]').innerText();
      assert(name.startsWith(wf.worker.name[0]) && name.includes('*') && !name.includes(wf.worker.name.slice(1)), `only the surname is shown (${name})`);
      assert((await p.locator('[data-testid=safety-code-job-types]').innerText()).includes(wf.worker.jobType), 'the job type is shown');
      const reasons = await p.locator('[data-testid=safety-code-reasons] li').allInnerTexts();
      assert(reasons.length >= 1, `the reasons are listed (${reasons.join(' | ')})`);
      assert(/\d{4}年\d{1,2}月\d{1,2}日/.test(await p.locator('[data-testid=safety-code-date]').innerText()), 'today\'s date is shown');
      assert((await p.locator('.app-wrapper').count()) === 0, 'no application layout or menu');
      assert(!(await p.content()).includes(wf.worker.phone) && !(await p.content()).includes(wf.worker.idNumber), 'no personal data');
      await waitIdle();
      await p.screenshot({ path: path.join(SHOTS, `safety-code-${PHONE.width}x${PHONE.height}.png`), fullPage: true });
      await axe('the public 安心码 page');

      // An unknown (or revoked) code: the server's answer, not a badge.
      await allowHttpErrors([404], async () => {
        await go('/s/this-code-does-not-exist-0000000000');
        const err = p.locator('[data-testid=safety-code-error][data-status="404"]');
        await err.waitFor();
        assert((await err.innerText()).includes('核实'), `an unknown code says to verify the visitor (${await err.innerText()})`);
        assert((await p.locator('[data-testid=safety-colour]').count()) === 0, 'no colour for an unknown code');
      });

      // The language switch asks again, and the answer's texts follow.
      await go(wf.safetyPath);
      await p.locator('[data-testid=safety-colour]').waitFor();
      await p.locator('[data-testid=lang-en-US]').click();
      await p.locator('[data-testid=safety-colour]', { hasText: 'Do not let them in' }).waitFor();
      const bad = apiCalls.filter((c) => !c.startsWith('/api/v1/public/'));
      assert(bad.length === 0, `only the public endpoint is called (${bad.join(', ')})`);
    } finally {
      usePage(officerPage);
      await ctx.close().catch(() => undefined);
    }
  });

  await step('workforce: the import dialog refuses a CSV with a wrong ID number and imports nothing', async () => {
    await go('/workers');
    await waitIdle();
    await page.locator('[data-testid=worker-table]').waitFor();
    await page.locator('[data-testid=worker-import]').click();
    const d = dialog('worker-import-dialog');
    await d.waitFor({ state: 'visible' });

    const csv = [
      IMPORT_HEADER,
      `${importGood.name},${importGood.idNumber},13912340002,北京市朝阳区测试路 2 号,,,保洁,${dept.code},自有,`,
      `测试导入乙,${wf.worker.badIdNumber},13912340003,,,,${wf.worker.jobType},${dept.code},自有,`,
    ].join('\r\n');
    await d.locator('input[type=file]').setInputFiles({ name: 'workers.csv', mimeType: 'text/csv', buffer: Buffer.from(`${csv}\r\n`, 'utf8') });
    assert(await d.locator('[data-testid=import-submit]').isDisabled(), 'nothing can be imported before the check');

    await allowHttpErrors([422], async () => {
      await d.locator('[data-testid=import-check]').click();
      await d.locator('[data-testid=import-errors]').waitFor();
    });
    const refused = await d.locator('[data-testid=import-refused]').innerText();
    assert(refused.includes('未导入'), `the dialog says nothing was imported (${refused})`);
    const rows = await d.locator('[data-testid=import-errors] tbody tr').allInnerTexts();
    const idRow = rows.find((r) => r.includes('身份证号'));
    assert(idRow, `a problem names the ID number column (${rows.join(' | ')})`);
    assert(/^\s*3\b/.test(idRow), `the problem is on row 3, the header being row 1 (${idRow})`);
    assert(!idRow.includes(wf.worker.badIdNumber), `the ID number is masked (${idRow})`);
    assert(await d.locator('[data-testid=import-submit]').isDisabled(), 'a refused file cannot be imported');

    const [download] = await Promise.all([page.waitForEvent('download'), d.locator('[data-testid=import-report]').click()]);
    assert(download.suggestedFilename() === '导入错误报告.xlsx', `the report's name (${download.suggestedFilename()})`);
    const bytes = fs.readFileSync(await download.path());
    assert(bytes.subarray(0, 2).toString() === 'PK', 'the report is an Excel workbook');
    await page.screenshot({ path: path.join(SHOTS, 'worker-import-refused-1366x768.png') });

    await d.locator('.el-dialog__footer .el-button').first().click();
    await d.waitFor({ state: 'hidden' });
    await waitIdle();
    assert(!(await page.locator('[data-testid=worker-table]').innerText()).includes(importGood.name), 'the good row was not imported either');
  });

  await step('workforce: a corrected file passes the check and is imported into the list', async () => {
    await page.locator('[data-testid=worker-import]').click();
    const d = dialog('worker-import-dialog');
    await d.waitFor({ state: 'visible' });
    assert((await d.locator('[data-testid=import-outcome]').count()) === 0, 'the dialog starts afresh');
    const [template] = await Promise.all([page.waitForEvent('download'), d.locator('[data-testid=import-template]').click()]);
    assert(template.suggestedFilename() === '服务人员导入模板.csv', `the template's name (${template.suggestedFilename()})`);
    const header = fs.readFileSync(await template.path(), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0];
    assert(header === IMPORT_HEADER, `the template has the columns (${header})`);
    const csv = `${IMPORT_HEADER}\r\n${importGood.name},${importGood.idNumber},13912340002,北京市朝阳区测试路 2 号,,,保洁,${dept.code},自有,\r\n`;
    await d.locator('input[type=file]').setInputFiles({ name: 'workers-fixed.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await d.locator('[data-testid=import-check]').click();
    await d.locator('[data-testid=import-outcome][data-kind=checked]').waitFor();
    await d.locator('[data-testid=import-submit]:not([disabled])').click();
    await d.locator('[data-testid=import-outcome][data-kind=imported]').waitFor();
    await d.locator('.el-dialog__footer .el-button').first().click();
    await d.waitFor({ state: 'hidden' });
    const row = page.locator('[data-testid=worker-table] tbody tr', { hasText: importGood.name });
    await row.waitFor();
    assert((await row.innerText()).includes('入职审核中'), 'an imported worker is an applicant');
  });
}
