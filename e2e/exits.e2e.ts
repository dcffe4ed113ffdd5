import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eExitsAdmin } from './e2e-env';
import {
  dialog,
  idNumberFor,
  pageApi,
  createBranch,
  screenshot,
  signInChangingPassword,
  pageForSuite,
  useShortWorkflow,
  registerThroughApi,
  noExclusions,
} from './helpers';

/**
 * The four exits on screen (退出与回访): a registered file of 宁波市海曙区 gets
 * six months of income above the line, is proposed for 脱困 on the file page,
 * verified by a second case worker, approved from 退出管理, followed up with a
 * sign of relapse that shows on 返困监测, and re-admitted as a new application.
 * Works in its own branch (浙江 → 宁波市 → 海曙区), set up through the API, by
 * an administrator made by the CLI who holds every role at the root.
 */

const baseUrl = inject('baseUrl');
const region = '330203';
const verifier = { username: 'exits.verifier', password: 'Haishu-Verify-2026!' };

let page: Page;
const problems: string[] = [];
let fileId: number;
let unionId: number;

async function registeredFile(nodeId: number): Promise<number> {
  const file = await pageApi(page, 'POST', '/api/households', {
    nodeId,
    regionCode: region,
    standardLevel: 'grassroots',
    phone: '13712345678',
    address: '宁波市海曙区中山西路1号',
    employerName: '宁波纺织厂',
    mainCause: 'unemployment',
    secondaryCauses: [],
    situation: '户主下岗，妻子患病',
    members: [
      {
        ref: 'head',
        relation: 'head',
        name: '陈国强',
        idNumber: idNumberFor(region, '1972-03-08', 611),
        birthDate: '1972-03-08',
        sex: 'male',
        isAbleToWork: true,
        workStatus: 'unemployed',
      },
      {
        ref: 'wife',
        relation: 'spouse',
        name: '王丽',
        idNumber: idNumberFor(region, '1974-05-20', 622),
        birthDate: '1974-05-20',
        sex: 'female',
        isAbleToWork: false,
        isDisabledOrSeriouslyIll: true,
        healthStatus: 'malignant_tumour',
      },
    ],
    incomes: [{ memberRef: 'head', type: 'transfers', amountFen: 1_200_000 }],
    rigidExpenditures: [],
    exclusions: noExclusions,
  });
  await registerThroughApi(page, file.id);
  return file.id as number;
}

describe('exits: 脱困 proposed, verified, approved, followed up, re-admitted', () => {
  pageForSuite(problems, (opened) => (page = opened));

  it('sets up a union, its line, a short workflow, a registered file and a verifier', async () => {
    await page.goto(baseUrl);
    await signInChangingPassword(page, e2eExitsAdmin);
    ({ unionId } = await createBranch(page, {
      province: { name: '浙江省总工会（宁波片区）', code: 'ZJ-NB-EXIT', regionCode: '330000' },
      city: { name: '宁波市总工会', code: 'NB-FTU', regionCode: '330200' },
      county: { name: '海曙区总工会', code: 'NB-HS', regionCode: region },
      union: { name: '宁波纺织厂工会', code: 'NB-HS-001' },
      rates: { dibao: 120_000, minimumWage: 250_000 },
    }));
    await useShortWorkflow(page, region);
    fileId = await registeredFile(unionId);
    await pageApi(page, 'POST', '/api/users', {
      username: verifier.username,
      displayName: '海曙核实员',
      nodeId: unionId,
      roles: ['case_worker'],
      password: verifier.password,
    });
    await pageApi(page, 'PUT', `/api/households/${fileId}/monthly-incomes`, {
      records: ['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12'].map((month) => ({
        month,
        incomeFen: 520_000,
        memberCount: 2,
      })),
    });
  });

  it('shows the 6-month check and proposes 脱困 on the file page', async () => {
    await page.goto(`${baseUrl}/households/${fileId}?tab=exits`);
    await expect
      .poll(() => page.getByTestId('income-check').textContent(), { timeout: 10_000 })
      .toContain('2025-07 至 2025-12 连续 6 个月');
    await page.getByTestId('propose-exit').click();
    const modal = dialog(page);
    await modal.getByTestId('exit-kind').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: '脱困' })
      .click();
    await modal.getByTestId('exit-reason-code').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: '再就业' })
      .click();
    await modal.getByTestId('exit-reason').fill('户主再就业，连续六个月人均收入高于低保标准');
    await screenshot(page, 'exits-propose');
    await modal.getByTestId('propose-ok').click();
    await modal.waitFor({ state: 'hidden' });
    await expect
      .poll(() => page.getByTestId('exit-status').first().textContent(), { timeout: 10_000 })
      .toBe('待核实');
    // The proposer does not verify: only withdrawing is offered.
    expect(await page.getByTestId('exit-action-verify').count()).toBe(0);
    expect(await page.getByTestId('exit-action-withdraw').count()).toBe(1);
  });

  it('is verified by a second case worker, explained to the family', async () => {
    const context = await page
      .context()
      .browser()!
      .newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const other = await context.newPage();
    await other.goto(baseUrl);
    await other.getByLabel('用户名').fill(verifier.username);
    await other.getByLabel('密码').fill(verifier.password);
    await other.getByRole('button', { name: /登\s*录/ }).click();
    const changing = other.getByText('修改初始密码').first();
    const menu = other.locator('.bf-menu');
    await Promise.race([changing.waitFor(), menu.waitFor()]);
    if (await changing.isVisible()) {
      await other.getByLabel('当前密码').fill(verifier.password);
      await other.getByLabel('新密码', { exact: true }).fill(`${verifier.password}x`);
      await other.getByLabel('确认新密码').fill(`${verifier.password}x`);
      await other.getByRole('button', { name: '确认修改' }).click();
      await menu.waitFor();
    }
    await other.goto(`${baseUrl}/exits`);
    await other.getByTestId('exits-table').getByText('陈国强').click();
    await other.getByTestId('exit-action-verify').click();
    const modal = dialog(other);
    await modal.getByTestId('exit-told-who').fill('户主陈国强本人及其妻子');
    await modal
      .getByTestId('exit-findings')
      .fill('入户核实新工作单位及工资条属实，已说明脱困退出与回访安排，家庭无异议');
    await modal.getByTestId('exit-action-ok').click();
    await modal.waitFor({ state: 'hidden' });
    await expect
      .poll(() => other.getByTestId('exit-status').first().textContent(), { timeout: 10_000 })
      .toBe('待审批');
    await context.close();
  });

  it('is approved from 退出管理: the file exits and its follow-ups are planned', async () => {
    await page.goto(`${baseUrl}/exits`);
    const row = page.getByTestId('exits-table').locator('tr').filter({ hasText: '陈国强' });
    await row.getByRole('button', { name: '批准退出' }).click();
    await dialog(page).getByTestId('exit-opinion').fill('同意脱困');
    await dialog(page).getByTestId('exit-action-ok').click();
    await dialog(page).waitFor({ state: 'hidden' });
    await page.goto(`${baseUrl}/households/${fileId}?tab=exits`);
    await expect
      .poll(() => page.getByTestId('exit-status').first().textContent(), { timeout: 10_000 })
      .toBe('已退出');
    await expect
      .poll(() => page.getByText('电话回访').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await screenshot(page, 'exits-approved');
  });

  it('records a follow-up that sees a lost job: the flag shows on 返困监测', async () => {
    await page.getByRole('button', { name: '登记回访' }).first().click();
    const modal = dialog(page);
    await modal.getByLabel('核实情况').fill('户主所在工厂停产，再次失业');
    await modal.getByLabel('失业').check();
    await modal.getByRole('button', { name: /确\s*定/ }).click();
    await modal.waitFor({ state: 'hidden' });
    await page.goto(`${baseUrl}/relapse-watch`);
    await expect
      .poll(() => page.getByTestId('relapse-watch').textContent(), { timeout: 10_000 })
      .toContain('陈国强');
    await screenshot(page, 'exits-relapse-watch');
  });

  it('re-admits the same file as a new application', async () => {
    await page.goto(`${baseUrl}/households/${fileId}?tab=exits`);
    await page.getByTestId('readmit').click();
    await dialog(page).getByTestId('reason-input').fill('户主再次失业，家庭收入低于低保标准');
    await dialog(page).getByTestId('reason-ok').click();
    await dialog(page).waitFor({ state: 'hidden' });
    await expect
      .poll(() => page.getByTestId('case-status').textContent(), { timeout: 10_000 })
      .toBe('草稿');
    await expect
      .poll(() => page.getByTestId('case-timeline').textContent(), { timeout: 10_000 })
      .toContain('重新纳入');
    if (problems.length) console.log(problems);
    expect(problems).toEqual([]);
  });
});
