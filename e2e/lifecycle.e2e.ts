import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { e2eLifecycleAdmin } from './e2e-env';
import {
  chooseOption,
  createBranch,
  dialog,
  idNumberFor,
  launchBrowser,
  openPage,
  pageApi,
  screenshot,
  signInChangingPassword,
  noExclusions,
} from './helpers';

/**
 * A file's life with two people at two levels, each in their own browser
 * session: the case worker of an enterprise union (鹿城区 → 温州鞋革厂工会) applies
 * and takes the file through first review, home visit and the review meeting
 * and notice; the file then waits on the county, where the reviewer of 鹿城区总工会
 * finds it in the inbox and passes the higher check, the financial verification
 * and approval: 已建档 with a file number. Six months later the household's
 * income has stayed above the line: the union's case worker proposes 脱困 (the
 * 6-month check shown on the form), the county reviewer verifies it with the
 * family and approves it; the file is exited. An administrator made by the CLI
 * sets up the branch and the two accounts through the API.
 */

const baseUrl = inject('baseUrl');
const headName = '林志强';
const worker = {
  username: 'wz.worker',
  initialPassword: 'Lucheng-Start-2026',
  password: 'Xiexie-Union-2026!',
};
const reviewer = {
  username: 'wz.reviewer',
  initialPassword: 'Lucheng-Review-2026',
  password: 'Xiexie-County-2026!',
};

let browser: Browser;
let admin: Page;
let workerPage: Page;
let reviewerPage: Page;
const problems: string[] = [];
let unionId: number;
let fileId: number;

/** Today in Shanghai, and the first of the month `back` months before this one. */
function monthBack(back: number): string {
  const now = new Date(Date.now() + 8 * 3600_000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  return d.toISOString().slice(0, 7);
}

/** Clicks an action of the case panel and answers its dialog. */
async function act(page: Page, action: string, fields: Record<string, string> = {}) {
  await page.getByTestId(`case-action-${action}`).click();
  const modal = dialog(page);
  for (const [label, value] of Object.entries(fields)) await modal.getByLabel(label).fill(value);
  await modal.getByTestId('case-action-ok').click();
  await modal.waitFor({ state: 'hidden' }).catch(async (error: unknown) => {
    const said = await page.locator('.ant-message, .ant-modal-confirm').allTextContents();
    throw new Error(`${action} did not go through: ${said.join(' ')}`, { cause: error });
  });
}

async function standsAt(page: Page, step: string): Promise<void> {
  await page
    .getByTestId('case-panel')
    .locator('.ant-steps-item-process')
    .filter({ hasText: step })
    .waitFor();
}

/** Clicks an action of the open exit and confirms its dialog after filling it. */
async function actOnExit(
  page: Page,
  action: string,
  fill: (modal: ReturnType<typeof dialog>) => Promise<void>,
) {
  await page.getByTestId(`exit-action-${action}`).click();
  const modal = dialog(page);
  await fill(modal);
  await modal.getByTestId('exit-action-ok').click();
  await modal.waitFor({ state: 'hidden' }).catch(async (error: unknown) => {
    const said = await page.locator('.ant-message, .ant-modal-confirm').allTextContents();
    throw new Error(`exit ${action} did not go through: ${said.join(' ')}`, { cause: error });
  });
}

describe('a file from application to exit, with a union case worker and a county reviewer', () => {
  beforeAll(async () => {
    browser = await launchBrowser();
    admin = await openPage(browser, problems);
    workerPage = await openPage(browser, problems);
    reviewerPage = await openPage(browser, problems);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail')
      for (const [who, page] of [
        ['worker', workerPage],
        ['reviewer', reviewerPage],
      ] as const)
        await screenshot(page, `failed-lifecycle-${who}`);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('sets up 温州 → 鹿城区 → a union, the local lines and the two accounts', async () => {
    await admin.goto(baseUrl);
    await signInChangingPassword(admin, e2eLifecycleAdmin);
    const branch = await createBranch(admin, {
      province: { name: '浙江省总工会（温州片区）', code: 'ZJ-WZ-LIFE', regionCode: '330000' },
      city: { name: '温州市总工会', code: 'WZ-FTU', regionCode: '330300' },
      county: { name: '鹿城区总工会', code: 'WZ-LC', regionCode: '330302' },
      union: { name: '温州鞋革厂工会', code: 'WZ-LC-001' },
      rates: { dibao: 113_000, minimumWage: 249_000 },
    });
    unionId = branch.unionId;
    await pageApi(admin, 'POST', '/api/users', {
      username: worker.username,
      displayName: '鞋革厂经办人',
      nodeId: branch.unionId,
      roles: ['case_worker'],
      password: worker.initialPassword,
    });
    await pageApi(admin, 'POST', '/api/users', {
      username: reviewer.username,
      displayName: '鹿城区审核人',
      nodeId: branch.countyId,
      roles: ['reviewer'],
      password: reviewer.initialPassword,
    });
  });

  it('the union case worker applies and takes the file to the county', async () => {
    await workerPage.goto(baseUrl);
    await signInChangingPassword(workerPage, worker);
    const file = await pageApi(workerPage, 'POST', '/api/households', {
      nodeId: unionId,
      regionCode: '330302',
      standardLevel: 'grassroots',
      phone: '13757712345',
      address: '温州市鹿城区五马街18号',
      employerName: '温州鞋革厂',
      mainCause: 'illness',
      secondaryCauses: [],
      situation: '妻子患尿毒症长期透析，户主一人收入',
      members: [
        {
          ref: 'head',
          relation: 'head',
          name: headName,
          idNumber: idNumberFor('330302', '1976-03-08', 613),
          birthDate: '1976-03-08',
          sex: 'male',
          isAbleToWork: true,
          workStatus: 'employed',
        },
        {
          ref: 'wife',
          relation: 'spouse',
          name: '陈丽娟',
          idNumber: idNumberFor('330302', '1978-11-20', 724),
          birthDate: '1978-11-20',
          sex: 'female',
          isAbleToWork: false,
          isDisabledOrSeriouslyIll: true,
          healthStatus: 'uraemia',
        },
      ],
      incomes: [{ memberRef: 'head', type: 'wages', amountFen: 2_400_000 }],
      rigidExpenditures: [{ memberRef: 'wife', type: 'medical', amountFen: 600_000 }],
      exclusions: noExclusions,
    });
    fileId = file.id;

    await workerPage.goto(`${baseUrl}/households/${fileId}`);
    await expect.poll(() => workerPage.getByTestId('case-status').textContent()).toBe('草稿');
    await act(workerPage, 'submit');
    await standsAt(workerPage, '初审');
    await act(workerPage, 'pass', { 意见: '材料齐全，同意受理' });
    await standsAt(workerPage, '入户调查');
    await act(workerPage, 'pass', {
      调查情况: '夫妻二人，妻子每周透析三次，户主在厂上班，情况属实',
      地点: '鹿城区五马街18号',
    });
    await standsAt(workerPage, '民主评议与公示');
    // The union posted its notice two weeks ago: its five working days are over.
    const twoWeeksAgo = new Date(Date.now() + 8 * 3600_000 - 14 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    await pageApi(workerPage, 'POST', '/api/notice-batches', {
      nodeId: unionId,
      householdIds: [fileId],
      contactPhone: '0577-88201234',
      startsOn: twoWeeksAgo,
    });
    await act(workerPage, 'pass', {
      参加人员: '工会主席及职工代表9人',
      公示异议及处理: '公示期满无异议',
    });
    await standsAt(workerPage, '上级复核');
    // The higher check is the county's: the union's case worker has nothing to do here.
    await expect.poll(() => workerPage.locator('[data-testid^="case-action-"]').count()).toBe(0);
    await screenshot(workerPage, 'lifecycle-worker-waits-for-county');
  });

  it('the county reviewer finds it in the inbox and registers it', async () => {
    await reviewerPage.goto(baseUrl);
    await signInChangingPassword(reviewerPage, reviewer);
    await reviewerPage.goto(`${baseUrl}/inbox`);
    const row = reviewerPage.getByTestId('inbox-table').locator('tr').filter({ hasText: headName });
    await row.waitFor();
    expect(await row.textContent()).toContain('上级复核');
    await row.getByRole('link', { name: headName }).click();
    await standsAt(reviewerPage, '上级复核');
    await act(reviewerPage, 'pass', { 意见: '复核属实' });
    await standsAt(reviewerPage, '家庭经济状况核对');
    await act(reviewerPage, 'pass', { 意见: '民政核对：无房产车辆，收入与申报一致' });
    await standsAt(reviewerPage, '审批');
    await act(reviewerPage, 'pass', { 意见: '同意建档' });
    await expect.poll(() => reviewerPage.getByTestId('case-status').textContent()).toBe('已建档');
    await expect
      .poll(() => reviewerPage.getByTestId('case-file-no').textContent())
      .toMatch(/^WZ-LC-001-\d{4}-\d{5}$/);
    const timeline = await reviewerPage.getByTestId('case-timeline').textContent();
    expect(timeline).toContain('鞋革厂经办人');
    expect(timeline).toContain('鹿城区审核人');
    await screenshot(reviewerPage, 'lifecycle-registered-by-county');
  });

  it('six months above the line: the worker proposes 脱困, the county verifies and approves', async () => {
    // Six calendar months up to last month, 4,000 yuan for two people: 2,000 each, above 1,130.
    await pageApi(workerPage, 'PUT', `/api/households/${fileId}/monthly-incomes`, {
      records: [6, 5, 4, 3, 2, 1].map((back) => ({
        month: monthBack(back),
        incomeFen: 400_000,
        memberCount: 2,
      })),
    });
    await workerPage.goto(`${baseUrl}/households/${fileId}?tab=exits`);
    await expect
      .poll(() => workerPage.getByTestId('income-check').textContent())
      .toContain('连续 6 个月');
    await workerPage.getByTestId('propose-exit').click();
    const propose = dialog(workerPage);
    await chooseOption(propose, workerPage, '退出类型', '脱困');
    await chooseOption(propose, workerPage, '退出原因', '收入连续高于低保标准');
    await propose
      .getByTestId('exit-reason')
      .fill('妻子病情稳定，户主加薪，家庭人均收入连续六个月高于低保标准');
    await propose.getByTestId('propose-ok').click();
    await propose.waitFor({ state: 'hidden' });
    await expect.poll(() => workerPage.getByTestId('exit-status').textContent()).toBe('待核实');
    // The proposer may not verify their own proposal.
    await expect(workerPage.getByTestId('exit-action-verify').count()).resolves.toBe(0);

    await reviewerPage.goto(`${baseUrl}/households/${fileId}?tab=exits`);
    await actOnExit(reviewerPage, 'verify', async (modal) => {
      await modal.getByTestId('exit-told-who').fill('户主林志强本人');
      await modal
        .getByTestId('exit-findings')
        .fill('入户核实工资单六个月，收入属实；已向户主说明退出后仍可回访、返困可重新纳入');
    });
    await expect.poll(() => reviewerPage.getByTestId('exit-status').textContent()).toBe('待审批');
    await actOnExit(reviewerPage, 'approve', async (modal) => {
      await modal.getByTestId('exit-opinion').fill('同意脱困退出');
    });
    await expect.poll(() => reviewerPage.getByTestId('exit-status').textContent()).toBe('已退出');
    await screenshot(reviewerPage, 'lifecycle-exited');

    // The union sees the file exited, with its follow-ups scheduled.
    const after = await pageApi(workerPage, 'GET', `/api/households/${fileId}`);
    expect(after.status).toBe('exited');
    const afterExit = await pageApi(workerPage, 'GET', `/api/households/${fileId}/after-exit`);
    expect(afterExit.followUps.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});
