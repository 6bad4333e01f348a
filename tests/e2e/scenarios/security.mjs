// Browser story, personal data and sign-in security: revealing a masked value for a stated
// purpose, the audit log with its chain verified, the second factor, and the account lockout.

import {
  allowHttpErrors,
  assert,
  completeSignIn,
  dialog,
  go,
  menuTexts,
  page,
  shoot,
  signInForm,
  signOut,
  step,
  waitIdle,
} from '../common.mjs';
import { REVEAL_REASON, admin, auditor, safety, viewer } from '../fixtures.mjs';

/**
 * A safety manager reveals a masked phone number; an auditor finds it in the audit log; the
 * administrator signs in again with a TOTP code.
 */
export async function revealAndAudit() {
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
}

/** Repeated wrong passwords lock the account. */
export async function lockout() {
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
}
