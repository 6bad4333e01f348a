// Browser story, sign-in and system management: the login page, the first administrator, a
// department, a role and users, filters in the URL, menus by role, the 403 page, server field
// errors, the language switch and an ended session.

import path from 'node:path';
import {
  DESKTOP,
  PHONE,
  SHOTS,
  TIMEOUT,
  allowHttpErrors,
  assert,
  axe,
  completeSignIn,
  dialog,
  go,
  menuTexts,
  page,
  pickTreeSelect,
  shoot,
  signInForm,
  signOut,
  step,
  waitIdle,
} from '../common.mjs';
import { admin, auditor, dept, role, safety, viewer } from '../fixtures.mjs';

/** Creates a user through the dialog and returns the one-time password it shows. */
async function createUser({ username, name, roleName, phone, idNumber, shot }) {
  await go('/system/users');
  await waitIdle();
  await page.locator('[data-testid=user-create]').click();
  const d = dialog('user-dialog');
  await d.waitFor({ state: 'visible' });
  await d.locator('input[name=username]').fill(username);
  await d.locator('input[name=display_name]').fill(name);
  await pickTreeSelect(d.locator('[data-testid=user-department]'), dept.name);
  if (phone) await d.locator('input[name=phone]').fill(phone);
  if (idNumber) await d.locator('input[name=id_number]').fill(idNumber);
  if (roleName) {
    await d.locator('.el-form-item', { hasText: '角色' }).locator('.el-select').click();
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: roleName }).first().click();
    await page.keyboard.press('Escape');
  }
  if (shot) await shoot(shot);
  await d.locator('[data-testid=user-submit]').click();
  const otp = page.locator('[data-testid=one-time-password]');
  await otp.waitFor({ state: 'visible', timeout: TIMEOUT });
  if (shot) await shoot(`${shot}-password`);
  const password = (await otp.innerText()).trim();
  assert(password.length >= 12, 'a one-time password is shown');
  await page.locator('[data-testid=otp-close]').click();
  await otp.waitFor({ state: 'hidden' });
  return password;
}

/** The first administrator signs in, enrols TOTP and creates a department, a role and users. */
export async function administratorSetsUp() {
  await step('login page renders in Chinese and passes axe', async () => {
    await go('/');
    await page.waitForURL(/\/login/);
    await page.waitForSelector('[data-testid=login-form]');
    assert((await page.locator('[data-testid=login-step-title]').innerText()).includes('账号登录'), 'zh-CN title');
    assert((await page.locator('html').getAttribute('lang')) === 'zh-CN', 'html lang is zh-CN');
    await axe('the login page');
    await shoot('login');
  });

  await step('client-side validation shows the server messages', async () => {
    await page.locator('[data-testid=login-form] button[type=submit]').click();
    await page.waitForSelector('.el-form-item__error');
    const errors = await page.locator('.el-form-item__error').allInnerTexts();
    assert(errors.some((e) => e.includes('字段“用户名”为必填项')), `required message (got ${errors})`);
  });

  await step('administrator signs in and enrols TOTP (QR, secret, 10 recovery codes)', async () => {
    await signInForm(admin.username, admin.password);
    const seen = await completeSignIn(admin);
    assert(seen.includes('enroll') && seen.includes('recovery'), `enrolment happened (${seen})`);
    await page.waitForURL(/\/dashboard/);
    const menu = await menuTexts();
    for (const m of ['首页', '用户管理', '部门管理', '角色管理']) assert(menu.includes(m), `menu has ${m}: ${menu}`);
    assert(!menu.includes('审计日志'), 'the administrator has no audit menu');
  });

  await step('layout passes axe; on a phone the menu is a drawer', async () => {
    await waitIdle();
    await axe('the layout (dashboard)');
    await shoot('dashboard-admin');
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(350);
    assert(!(await page.locator('aside.sidebar').isVisible()), 'no fixed side menu on a phone');
    await page.locator('button.hamburger').click();
    await page.locator('.menu-drawer .side-menu').waitFor({ state: 'visible' });
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, `menu-drawer-${PHONE.width}x${PHONE.height}.png`) });
    await page.locator('.menu-drawer .el-menu-item', { hasText: '部门管理' }).click();
    await page.waitForURL(/\/system\/departments/);
    await page.locator('.menu-drawer .side-menu').waitFor({ state: 'hidden' });
    await page.setViewportSize(DESKTOP);
    await page.waitForTimeout(250);
  });

  await step('create a department (with a server field error for a taken code)', async () => {
    await go('/system/departments');
    await waitIdle();
    const root = page.locator('[data-testid=dept-table] tr', { hasText: 'ROOT' }).first();
    await root.getByRole('button', { name: '新增下级' }).click();
    const d = dialog('dept-dialog');
    await d.waitFor({ state: 'visible' });
    await d.locator('input[name=name]').fill(dept.name);
    await d.locator('input[name=code]').fill('bad code!');
    await d.locator('[data-testid=dept-submit]').click();
    await d.locator('.el-form-item__error', { hasText: '格式不正确' }).waitFor();
    await d.locator('input[name=code]').fill('ROOT');
    await allowHttpErrors([409], async () => {
      await d.locator('[data-testid=dept-submit]').click();
      await d.locator('.el-form-item__error', { hasText: '部门编码“ROOT”已被使用' }).waitFor();
    });
    await d.locator('input[name=code]').fill(dept.code);
    await d.locator('[data-testid=dept-submit]').click();
    await d.waitFor({ state: 'hidden' });
    await page.locator('[data-testid=dept-table] tr', { hasText: dept.code }).waitFor();
    await shoot('departments');
  });

  await step('create a role with a few permissions', async () => {
    await go('/system/roles');
    await waitIdle();
    await page.locator('[data-testid=role-create]').click();
    const d = dialog('role-dialog');
    await d.waitFor({ state: 'visible' });
    await d.locator('input[name=code]').fill(role.code);
    await d.locator('input[name=name]').fill(role.name);
    await d.locator('.el-radio-button', { hasText: '全部数据' }).click();
    for (const code of role.permissions) {
      await d
        .locator('.el-tree-node__content', { has: page.locator(`[data-code="${code}"]`) })
        .locator('.el-checkbox')
        .first()
        .click();
    }
    assert((await d.innerText()).includes(`已选 ${role.permissions.length} 项`), 'selected count');
    await shoot('role-dialog');
    await d.locator('[data-testid=role-submit]').click();
    await d.waitFor({ state: 'hidden' });
    const row = page.locator('[data-testid=role-table] tr', { hasText: role.code });
    await row.waitFor();
    assert((await row.innerText()).includes(`${role.permissions.length} 项`), 'the role lists its permissions');
    await shoot('roles');
  });

  await step('create users; the form checks mobile and ID numbers like the server', async () => {
    await go('/system/users');
    await waitIdle();
    await page.locator('[data-testid=user-create]').click();
    const d = dialog('user-dialog');
    await d.waitFor({ state: 'visible' });
    await d.locator('input[name=phone]').fill('12345');
    await d.locator('input[name=id_number]').fill('110105199001011234');
    await d.locator('input[name=username]').fill('Bad Name');
    await d.locator('[data-testid=user-submit]').click();
    await d.locator('.el-form-item__error', { hasText: '手机号码格式不正确' }).waitFor();
    await d.locator('.el-form-item__error', { hasText: '身份证号码无效' }).waitFor();
    await d.locator('.el-form-item__error', { hasText: '用户名须为 3–32 位' }).waitFor();
    await d.locator('.el-dialog__headerbtn').click();
    await d.waitFor({ state: 'hidden' });

    viewer.password = await createUser({
      username: viewer.username,
      name: viewer.name,
      roleName: role.name,
      phone: viewer.phone,
      idNumber: '11010519491231002X',
      shot: 'user-dialog',
    });
    safety.password = await createUser({ username: safety.username, name: safety.name, roleName: '安全管理部经理' });
    auditor.password = await createUser({ username: auditor.username, name: auditor.name, roleName: '审计员' });
    const table = await page.locator('[data-testid=user-table]').innerText();
    assert(table.includes(viewer.username) && table.includes('138****8000'), 'the list shows the masked phone');
  });
}

/**
 * The users page and filters, a new user's first sign-in and menus, a forbidden route, a server
 * field error, English, and an ended session. `context` is the browser context of the story.
 */
export async function usersAndSessions(context) {
  await step('users page passes axe; filters live in the URL', async () => {
    await page.locator('input[name=q]').fill('e2e.');
    await page.locator('.search-form button[type=submit]').click();
    await page.waitForURL(/[?&]q=e2e\./);
    await waitIdle();
    const rows = await page.locator('[data-testid=user-table] tbody tr').count();
    assert(rows === 3, `three users match q=e2e. (got ${rows})`);
    await go('/system/users?q=e2e.safety');
    await waitIdle();
    assert((await page.locator('input[name=q]').inputValue()) === 'e2e.safety', 'the filter is read from the URL');
    assert((await page.locator('[data-testid=user-table] tbody tr').count()) === 1, 'one user matches');
    await go('/system/users');
    await waitIdle();
    await axe('the users table page');
    await shoot('users');
    await page.locator(`[data-testid="detail-${viewer.username}"]`).click();
    await page.locator('[data-testid=user-detail]').waitFor({ state: 'visible' });
    await shoot('user-detail-admin');
    await page.keyboard.press('Escape');
    await signOut();
  });

  await step('new user changes the one-time password and sees only the allowed menus', async () => {
    await signInForm(viewer.username, viewer.password);
    const seen = await completeSignIn(viewer);
    assert(seen.join() === 'password', `only a password change was asked (${seen})`);
    const menu = await menuTexts();
    for (const m of ['首页', '用户管理', '部门管理']) assert(menu.includes(m), `menu has ${m}: ${menu}`);
    for (const m of ['角色管理', '审计日志', '登录日志', '安全审计']) assert(!menu.includes(m), `menu lacks ${m}: ${menu}`);
    await go('/system/users');
    await waitIdle();
    assert(!(await page.locator('[data-testid=user-create]').isVisible()), 'no create button without identity:user:create');
  });

  await step('a forbidden route shows the 403 page', async () => {
    await go('/system/roles');
    await page.locator('[data-testid=forbidden]').waitFor();
    assert(page.url().endsWith('/system/roles'), 'the URL stays');
    await shoot('forbidden');
    await go('/audit/logs');
    await page.locator('[data-testid=forbidden]').waitFor();
  });

  await step('server field errors appear beside the field (wrong current password)', async () => {
    await go('/profile');
    await page.locator('input[name=current]').fill('Wrong#Password-123');
    await page.locator('input[name=new]').fill('Another#Pass-2026x');
    await page.locator('input[name=confirm]').fill('Another#Pass-2026x');
    await allowHttpErrors([400], async () => {
      await page.locator('[data-testid=password-form] button[type=submit]').click();
      await page.locator('.el-form-item', { hasText: '当前密码' }).locator('.el-form-item__error', { hasText: '当前密码不正确' }).waitFor();
    });
    await shoot('profile');
  });

  await step('switching to English is applied and remembered', async () => {
    await go('/dashboard');
    await page.locator('[data-testid=user-menu]').click();
    await page.locator('.el-dropdown-menu:visible [data-testid="lang-en-US"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en-US');
    let menu = await menuTexts();
    assert(menu.includes('Users') && menu.includes('Home'), `English menu: ${menu}`);
    await page.reload();
    await page.waitForSelector('.app-wrapper');
    menu = await menuTexts();
    assert(menu.includes('Departments'), `still English after a reload: ${menu}`);
    await go('/system/users');
    await waitIdle();
    await shoot('users-en');
    await page.locator('[data-testid=user-menu]').click();
    await page.locator('.el-dropdown-menu:visible [data-testid="lang-zh-CN"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  });

  await step('an ended session goes to the login page and back to the same view', async () => {
    await go('/system/users?q=e2e.');
    await waitIdle();
    await context.clearCookies({ name: 'anxin_session' });
    await allowHttpErrors([401], async () => {
      await page.locator('button[aria-label="刷新"]').click();
      await page.waitForURL(/\/login\?redirect=/);
    });
    await signInForm(viewer.username, viewer.newPassword);
    await completeSignIn(viewer);
    await page.waitForURL(/\/system\/users\?q=e2e\./);
    await signOut();
  });
}
