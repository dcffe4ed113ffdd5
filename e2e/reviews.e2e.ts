import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eReviewsAdmin } from './e2e-env';
import {
  chooseOrg,
  createBranch,
  createOnePersonFile,
  dialog,
  idNumberFor,
  pageForSuite,
  registerThroughApi,
  screenshot,
  signInChangingPassword,
  toast,
  type E2eHead,
  useShortWorkflow,
} from './helpers';

/**
 * The annual review (年度复核) on screen: a county's administrator opens a
 * round over the county with a 50 % re-check sample, sees its two tasks and
 * progress; the same person, as case worker, finds the sampled task in the
 * inbox (待办), opens it in the review drawer and keeps the file; the round's
 * progress counts it. Works in its own branch (浙江省 → 绍兴市 → 越城区).
 */

const baseUrl = inject('baseUrl');
const region = '330602';
const countyName = '越城区总工会';

let page: Page;
const problems: string[] = [];
let roundUrl: string;
/** The head of the sampled file, kept from the inbox. */
let keptHead: string;

const heads: E2eHead[] = [
  { name: '鲁建平', id: idNumberFor(region, '1969-02-14', 911), birth: '1969-02-14', sex: 'male' },
  {
    name: '谢秋芳',
    id: idNumberFor(region, '1973-07-30', 922),
    birth: '1973-07-30',
    sex: 'female',
  },
];

describe('annual review: open a round, end a task from the inbox', () => {
  pageForSuite(problems, (opened) => (page = opened));

  it('sets up a county with a union and two registered files', async () => {
    await page.goto(baseUrl);
    await signInChangingPassword(page, e2eReviewsAdmin);
    const branch = await createBranch(page, {
      province: { name: '浙江省总工会（绍兴片区）', code: 'ZJ-SX-REVIEW', regionCode: '330000' },
      city: { name: '绍兴市总工会', code: 'SX-FTU', regionCode: '330600' },
      county: { name: countyName, code: 'SX-YC', regionCode: region },
      union: { name: '绍兴黄酒厂工会', code: 'SX-YC-001' },
      rates: { dibao: 110_000, minimumWage: 249_000 },
    });
    await useShortWorkflow(page, region);
    for (const head of heads)
      await registerThroughApi(page, await createOnePersonFile(page, branch.unionId, region, head));
  });

  it('opens a round over the county with a 50 % sample and sees its tasks', async () => {
    await page.goto(`${baseUrl}/reviews`);
    await page.getByRole('button', { name: /开启复核/ }).click();
    const modal = dialog(page);
    await chooseOrg(modal, page, '复核范围', countyName);
    await modal.getByLabel('抽查比例').fill('50');
    await screenshot(page, 'reviews-open');
    await modal.getByRole('button', { name: /^开\s*启$/ }).click();
    await toast(page, /已开启：2 户纳入复核，抽查样本 1 户/).waitFor();
    await page.waitForURL(/\/reviews\/\d+$/);
    roundUrl = page.url();
    const tasks = page.getByTestId('review-tasks');
    for (const head of heads) await tasks.getByText(head.name).waitFor();
    await expect.poll(() => tasks.textContent()).toContain('抽查样本');
    await screenshot(page, 'reviews-round');
  });

  it('finds the sampled task in the inbox and keeps the file from the drawer', async () => {
    await page.goto(`${baseUrl}/inbox`);
    // Only the sampled task carries the 抽查样本 tag; which of the two it is, the seed decided.
    const row = page
      .getByTestId('inbox-table')
      .locator('tr')
      .filter({ hasText: '抽查样本' })
      .first();
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    const headName = heads.find((h) => text.includes(h.name))!.name;
    keptHead = headName;
    expect(text).toContain('年度复核');
    await screenshot(page, 'reviews-inbox');
    await row.getByTestId('inbox-review-open').click();
    const drawer = page.getByTestId('review-task-drawer');
    await drawer.getByText(headName).first().waitFor();
    await drawer.getByTestId('keep-form').getByLabel('复核意见').fill('入户复核，情况未变');
    await screenshot(page, 'reviews-drawer');
    await drawer.getByRole('button', { name: /重新认定并保留/ }).click();
    await toast(page, '已重新认定，继续保留').waitFor();
    // Done: it leaves the inbox.
    await expect.poll(() => page.getByTestId('inbox-table').textContent()).not.toContain(headName);
  });

  it('counts the kept file on the round page', async () => {
    await page.goto(roundUrl);
    // The progress row of the union: 1 of 2 done (50 %), kept 1, the sample done 1 / 1.
    const progress = page.getByTestId('review-progress');
    await expect.poll(() => progress.textContent()).toContain('1 (50%)');
    expect(await progress.textContent()).toContain('1 / 1');
    // The task list opens on the pending: only the other file is left.
    const tasks = page.getByTestId('review-tasks');
    const other = heads.find((h) => h.name !== keptHead)!.name;
    await tasks.getByText(other).waitFor();
    expect(await tasks.textContent()).not.toContain(keptHead);
    // Filtered to the kept: the sampled file, with its status.
    await page.locator('.ant-segmented').getByText('继续保留', { exact: true }).click();
    await tasks.getByText(keptHead).waitFor();
    expect(await tasks.textContent()).toContain('继续保留');
    await screenshot(page, 'reviews-round-progress');
  });

  it('raised no errors in the browser', () => {
    expect(problems).toEqual([]);
  });
});
