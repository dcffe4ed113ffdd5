import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eRegistrationAdmin } from './e2e-env';
import {
  dialog,
  screenshot,
  signInChangingPassword,
  idNumberFor,
  pageApi,
  createBranch,
  pageForSuite,
  noExclusions,
} from './helpers';

/**
 * The registration workflow (建档流程) on screen: an administrator made by the
 * CLI (its own user, so its sessions are its own) who holds every role at the root — above every file and at county level — walks a new
 * file from its draft through each step of the national workflow to 已建档
 * with a file number, with the home-visit and review-meeting records (each
 * file is put on a notice posted two weeks earlier, whose period is over); then
 * returns a second file at approval with an opinion, and withdraws it. Works
 * in its own branch (江苏 → 苏州市 → 姑苏区), set up through the API.
 */

const baseUrl = inject('baseUrl');
const unionName = '苏州丝绸厂工会';

let page: Page;
const problems: string[] = [];
const fileIds: number[] = [];
let unionId: number;

/**
 * 公示: the file goes on a notice of its union that was posted two weeks ago
 * (its working days are over), so the review meeting and notice step may pass.
 */
async function noticePosted(householdId: number): Promise<void> {
  const twoWeeksAgo = new Date(Date.now() + 8 * 3600_000 - 14 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  await pageApi(page, 'POST', '/api/notice-batches', {
    nodeId: unionId,
    householdIds: [householdId],
    contactPhone: '0512-65201234',
    startsOn: twoWeeksAgo,
  });
}

/** A household of two in 姑苏区: the head ill and unable to work, a son at school. */
function householdBody(nodeId: number, headName: string, seq: number) {
  return {
    nodeId,
    regionCode: '320508',
    standardLevel: 'grassroots',
    phone: '13912345678',
    address: '苏州市姑苏区人民路88号',
    employerName: '苏州丝绸厂',
    mainCause: 'illness',
    secondaryCauses: [],
    situation: '户主患病，无法工作',
    members: [
      {
        ref: 'head',
        relation: 'head',
        name: headName,
        idNumber: idNumberFor('320508', '1970-06-15', seq),
        birthDate: '1970-06-15',
        sex: 'male',
        isAbleToWork: false,
        workStatus: 'laid_off',
        isDisabledOrSeriouslyIll: true,
        healthStatus: 'malignant_tumour',
      },
      {
        ref: 'child',
        relation: 'child',
        name: `${headName.slice(0, 1)}小峰`,
        idNumber: idNumberFor('320508', '2009-09-09', seq + 2),
        birthDate: '2009-09-09',
        sex: 'male',
        isAbleToWork: false,
        isInFullTimeStudy: true,
        studyLevel: 'senior_secondary',
      },
    ],
    incomes: [{ memberRef: 'head', type: 'transfers', amountFen: 1_440_000 }],
    rigidExpenditures: [],
    exclusions: noExclusions,
  };
}

/** Clicks an action of the case panel and answers its dialog. */
async function act(action: string, fields: Record<string, string> = {}): Promise<void> {
  await page.getByTestId(`case-action-${action}`).click();
  const modal = dialog(page);
  for (const [label, value] of Object.entries(fields)) await modal.getByLabel(label).fill(value);
  await modal.getByTestId('case-action-ok').click();
  await modal.waitFor({ state: 'hidden' }).catch(async (error: unknown) => {
    // Name what the server said rather than a bare timeout.
    const said = await page.locator('.ant-message, .ant-modal-confirm').allTextContents();
    throw new Error(`${action} did not go through: ${said.join(' ')}`, { cause: error });
  });
}

/** Waits until the Steps bar stands on `step`. */
async function standsAt(step: string): Promise<void> {
  await page
    .getByTestId('case-panel')
    .locator('.ant-steps-item-process')
    .filter({ hasText: step })
    .waitFor();
}

describe('registration: a file walks the workflow to 已建档; another is returned', () => {
  pageForSuite(problems, (opened) => (page = opened));

  it('sets up a union, the local 低保 line and two draft files through the API', async () => {
    await page.goto(baseUrl);
    await signInChangingPassword(page, e2eRegistrationAdmin);
    ({ unionId } = await createBranch(page, {
      province: { name: '江苏省总工会（苏州片区）', code: 'JS-SZ-REG', regionCode: '320000' },
      city: { name: '苏州市总工会', code: 'SZ-FTU', regionCode: '320500' },
      county: { name: '姑苏区总工会', code: 'SZ-GS', regionCode: '320508' },
      union: { name: unionName, code: 'SZ-GS-001' },
      rates: { dibao: 116_500, minimumWage: 249_000 },
    }));
    for (const [name, seq] of [
      ['顾志明', 411],
      ['沈美华', 531],
    ] as const) {
      const file = await pageApi(
        page,
        'POST',
        '/api/households',
        householdBody(unionId, name, seq),
      );
      fileIds.push(file.id);
    }
  });

  it('submits the draft and passes every step to 已建档 with a file number', async () => {
    await page.goto(`${baseUrl}/households/${fileIds[0]}`);
    const panel = page.getByTestId('case-panel');
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('草稿');
    await expect.poll(() => page.getByTestId('household-case-status').textContent()).toBe('草稿');
    await act('submit');
    await standsAt('初审');
    await act('pass', { 意见: '申请材料齐全' });
    await standsAt('入户调查');
    expect(await page.getByTestId('case-visit-due').textContent()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The visit record is required to pass the home visit.
    await page.getByTestId('case-action-pass').click();
    await dialog(page).getByTestId('case-action-ok').click();
    await dialog(page).getByText('请填写入户调查情况').waitFor();
    await dialog(page)
      .getByLabel('调查情况')
      .fill('家中两人，户主术后在家休养，儿子读高二，情况属实');
    await dialog(page).getByLabel('地点').fill('姑苏区人民路88号');
    await screenshot(page, 'registration-home-visit');
    await dialog(page).getByTestId('case-action-ok').click();
    await standsAt('民主评议与公示');
    await noticePosted(fileIds[0]!);
    await act('pass', { 参加人员: '工会主席及职工代表7人', 公示异议及处理: '公示期满无异议' });
    await standsAt('上级复核');
    await act('pass', { 意见: '复核同意' });
    await standsAt('家庭经济状况核对');
    await act('pass', { 意见: '民政核对无异常' });
    await standsAt('审批');
    await act('pass', { 意见: '同意建档' });
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('已建档');
    await expect
      .poll(() => page.getByTestId('case-file-no').textContent())
      .toMatch(/\S+-\d{4}-\d+/);
    // The file's header follows once the page has reloaded the file.
    await expect.poll(() => page.getByTestId('household-case-status').count()).toBe(0);
    expect(await panel.locator('.ant-steps-item-process, .ant-steps-item-wait').count()).toBe(0);
    const timeline = await page.getByTestId('case-timeline').textContent();
    expect(timeline).toContain('提交申请');
    expect(timeline).toContain('家中两人，户主术后在家休养');
    expect(timeline).toContain('公示期满无异议');
    expect(timeline).toContain('同意建档');
    await screenshot(page, 'registration-registered');
  });

  it('returns the second file at approval with an opinion, then withdraws it', async () => {
    await page.goto(`${baseUrl}/households/${fileIds[1]}`);
    await act('submit');
    await standsAt('初审');
    await act('pass');
    await standsAt('入户调查');
    await act('pass', { 调查情况: '情况基本属实' });
    await standsAt('民主评议与公示');
    await noticePosted(fileIds[1]!);
    await act('pass');
    await standsAt('上级复核');
    await act('pass');
    await standsAt('家庭经济状况核对');
    await act('pass');
    await standsAt('审批');
    // Returning needs an opinion.
    await page.getByTestId('case-action-return').click();
    await dialog(page).getByTestId('case-action-ok').click();
    await dialog(page).getByText('退回须填写意见').waitFor();
    await dialog(page).getByLabel('意见').fill('缺少医院诊断证明，请补充后重新提交');
    await dialog(page).getByTestId('case-action-ok').click();
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('已退回');
    await expect.poll(() => page.getByTestId('household-case-status').textContent()).toBe('已退回');
    expect(await page.getByTestId('case-timeline').textContent()).toContain('缺少医院诊断证明');
    await screenshot(page, 'registration-returned');

    // The inbox lists it (the root administrator may resubmit or withdraw it).
    await page.goto(`${baseUrl}/inbox`);
    const row = page.getByTestId('inbox-table').locator('tr').filter({ hasText: '沈美华' });
    await row.waitFor();
    expect(await row.textContent()).toContain('已退回');
    await screenshot(page, 'registration-inbox');

    // Withdrawn, it leaves the applications in progress (the households flow counts them).
    await row.getByRole('link', { name: '沈美华' }).click();
    await act('withdraw');
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('已撤回');
    expect(problems).toEqual([]);
  });
});
