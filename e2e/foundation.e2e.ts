import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eAdminPassword } from './e2e-env';
import {
  chooseCascade,
  chooseOption,
  chooseOrg,
  dialog,
  screenshot,
  toast,
  pageForSuite,
} from './helpers';

/**
 * The foundation, as a person does it: the first administrator signs in and
 * changes the password, builds a province → city → county branch with a
 * grassroots union, creates a county administrator; that administrator signs
 * in and sees only the county's subtree.
 */

const baseUrl = inject('baseUrl');
const adminNewPassword = 'Gonghui-Bangfu-2026!';
const countyUser = {
  username: 'xwadmin',
  displayName: '李明',
  initial: 'Xuanwu-Init-2026',
  changed: 'Xuanwu-Work-2026!',
};

let page: Page;
const problems: string[] = [];

async function login(username: string, password: string) {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

async function changePassword(current: string, next: string) {
  await expect.poll(() => page.getByText('修改初始密码').first().isVisible()).toBe(true);
  await page.getByLabel('当前密码').fill(current);
  await page.getByLabel('新密码', { exact: true }).fill(next);
  await page.getByLabel('确认新密码').fill(next);
  await page.getByRole('button', { name: '确认修改' }).click();
  await page.locator('.bf-menu').waitFor();
}

async function openMenu(name: string) {
  await page.locator('.bf-menu').getByText(name, { exact: true }).click();
}

function treeNode(name: string) {
  return page.locator('.ant-tree').getByText(name, { exact: true });
}

/** Selects a node in the tree, then creates a child of it through the form. */
async function createChild(
  parent: string,
  child: { type: string; name: string; region?: string[]; code?: string },
) {
  await treeNode(parent).click();
  await expect.poll(() => page.getByTestId('org-detail-name').textContent()).toBe(parent);
  await page.getByRole('button', { name: '新增下级' }).click();
  const form = dialog(page);
  await form.waitFor();
  await chooseOption(form, page, '组织类型', child.type);
  await form.getByLabel('组织名称').fill(child.name);
  if (child.region) await chooseCascade(form, page, '行政区划', child.region);
  if (child.code) await form.getByLabel('组织编码').fill(child.code);
  await form.getByRole('button', { name: /保\s*存/ }).click();
  await toast(page, `已新增组织“${child.name}”`).waitFor();
  await form.waitFor({ state: 'hidden' });
  await treeNode(child.name).waitFor();
}

/** Every node of the tree, as the signed-in user's root's figures count them. */
async function countNodes(): Promise<number> {
  return page.evaluate(async () => {
    const me = await (await fetch('/api/auth/me')).json();
    const figures = (await (await fetch(`/api/orgs/${me.node.id}/figures`)).json()) as Record<
      string,
      number
    >;
    return Object.values(figures).reduce((sum, n) => sum + n, 0);
  });
}

describe('foundation: first sign-in, union tree, users, scope', () => {
  pageForSuite(problems, (opened) => (page = opened));

  it('sends a visitor to the login page and refuses a wrong password with the attempts left', async () => {
    await page.goto(baseUrl);
    await page.waitForURL(/\/login/);
    await expect.poll(() => page.title()).toContain('帮扶');
    await screenshot(page, 'login');
    await login('admin', 'Wrong-Password-1');
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toMatch(/用户名或密码错误，还可尝试 \d 次/);
  });

  it('makes the first administrator change the password before anything else', async () => {
    await login('admin', e2eAdminPassword);
    await page.getByText('修改初始密码').first().waitFor();
    // Every route shows only the change form until it is done.
    await page.goto(`${baseUrl}/orgs`);
    await page.getByText('修改初始密码').first().waitFor();
    await page.getByLabel('新密码', { exact: true }).fill('short');
    await expect
      .poll(() => page.locator('.bf-policy-rule[data-state="bad"]').count())
      .toBeGreaterThan(0);
    await screenshot(page, 'password-change');
    await changePassword(e2eAdminPassword, adminNewPassword);
    await expect
      .poll(() => page.getByTestId('header-node').textContent())
      .toContain('中华全国总工会');
  });

  it('builds a province, a city, a county and a grassroots union under it', async () => {
    // Other flows may have built branches of their own first: count from what is there.
    const nodesBefore = await countNodes();
    await openMenu('组织机构');
    await page.waitForURL(/\/orgs$/);
    await treeNode('中华全国总工会').waitFor();
    await createChild('中华全国总工会', {
      type: '省级总工会',
      name: '江苏省总工会',
      region: ['江苏省'],
    });
    await createChild('江苏省总工会', {
      type: '地市级总工会',
      name: '南京市总工会',
      region: ['江苏省', '南京市'],
    });
    await createChild('南京市总工会', {
      type: '县区级总工会',
      name: '玄武区总工会',
      region: ['江苏省', '南京市', '玄武区'],
    });
    await createChild('玄武区总工会', {
      type: '基层工会',
      name: '金陵机械厂工会',
      code: 'XW-JLJX',
    });
    await treeNode('玄武区总工会').click();
    const detail = page.locator('.ant-descriptions');
    await expect.poll(() => detail.textContent()).toContain('江苏省南京市玄武区');
    await expect.poll(() => detail.textContent()).toContain('320102');
    await expect
      .poll(() => page.locator('.bf-org-path').textContent())
      .toMatch(/中华全国总工会.*江苏省总工会.*南京市总工会.*玄武区总工会/);
    await screenshot(page, 'tree');

    // The home page now counts the new branch.
    await openMenu('工作台');
    await page.getByTestId('welcome').waitFor();
    await expect
      .poll(() =>
        page
          .locator('.bf-stat-card')
          .filter({ hasText: '组织总数' })
          .locator('.ant-statistic-content-value')
          .textContent(),
      )
      .toBe(String(nodesBefore + 4));
    await page.locator('canvas').first().waitFor();
    await screenshot(page, 'home');
  });

  it('creates a federation administrator for the county', async () => {
    await openMenu('用户管理');
    await page.waitForURL(/\/users$/);
    await page.getByRole('button', { name: '新增用户' }).click();
    const form = dialog(page);
    await form.waitFor();
    await form.getByLabel('用户名').fill(countyUser.username);
    await form.getByLabel('姓名').fill(countyUser.displayName);
    await form.getByLabel('手机号').fill('13912345678');
    await chooseOrg(form, page, '所属组织', '玄武区总工会');
    await form.getByRole('checkbox', { name: '总工会管理员' }).check();
    await form.locator('input[type="password"]').fill(countyUser.initial);
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await toast(page, `已新增用户“${countyUser.displayName}”`).waitFor();
    const row = page.locator('.ant-table-row').filter({ hasText: countyUser.username });
    await expect.poll(() => row.textContent()).toContain('玄武区总工会');
    await expect.poll(() => row.textContent()).toContain('待改密');
    await screenshot(page, 'users');
  });

  it('shows the audit log with field-level changes', async () => {
    await openMenu('审计日志');
    await page.waitForURL(/\/audit$/);
    const first = page.locator('.ant-table-row').first();
    await expect.poll(() => first.textContent()).toContain('新增用户');
    await first.locator('.ant-table-row-expand-icon').click();
    await expect
      .poll(() => page.locator('.bf-audit-expanded').first().textContent())
      .toContain(countyUser.username);
    await screenshot(page, 'audit');
  });

  it('shows my account', async () => {
    await openMenu('个人中心');
    await page.waitForURL(/\/account$/);
    await expect
      .poll(() => page.locator('.ant-descriptions').first().textContent())
      .toContain('系统管理员');
    await screenshot(page, 'account');
  });

  it('lets the county administrator see only the county’s subtree', async () => {
    await page.getByTestId('user-menu').hover();
    await page.getByText('退出登录').click();
    await page.waitForURL(/\/login/);
    await login(countyUser.username, countyUser.initial);
    await changePassword(countyUser.initial, countyUser.changed);
    await expect
      .poll(() => page.getByTestId('header-node').textContent())
      .toContain('玄武区总工会');

    await openMenu('组织机构');
    await treeNode('玄武区总工会').waitFor();
    await treeNode('金陵机械厂工会').waitFor();
    const treeText = await page.locator('.ant-tree').textContent();
    expect(treeText).not.toContain('南京市总工会');
    expect(treeText).not.toContain('江苏省总工会');
    expect(treeText).not.toContain('中华全国总工会');
    // Ancestors above the user's own node are named but cannot be opened.
    await expect.poll(() => page.locator('.bf-org-path a').count()).toBe(0);

    // Searching for the city finds nothing: it is outside the county's scope.
    await page.getByPlaceholder('搜索名称、编码或行政区划代码').fill('南京市总工会');
    await page.getByPlaceholder('搜索名称、编码或行政区划代码').press('Enter');
    await page.getByText('没有找到匹配的组织').waitFor();
    const search = await page.request.get(
      `${baseUrl}/api/orgs/search?q=${encodeURIComponent('南京市')}`,
    );
    expect(await search.json()).toEqual([]);
    await page.getByPlaceholder('搜索名称、编码或行政区划代码').fill('');
    await treeNode('玄武区总工会').waitFor();
    await screenshot(page, 'tree-county');
  });

  it('raised no errors in the browser', () => {
    expect(problems).toEqual([]);
  });
});
