import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eHouseholdAdmin } from './e2e-env';
import {
  chooseCascade,
  chooseOption,
  chooseOrg,
  screenshot,
  signInChangingPassword,
  idNumberFor,
  createBranch,
  pageApi,
  pageForSuite,
} from './helpers';

/**
 * The household file as a case worker keeps it: register a household of two
 * (head and daughter) through the form, watch the instant assessment, save,
 * read the category and the trace of the stored assessment; then fail to put
 * the daughter into a second household, because she already belongs to an
 * active file. Works in its own branch of the tree (浙江省 → 杭州市 → 上城区),
 * set up through the API by an administrator the global setup made.
 */

const baseUrl = inject('baseUrl');
const unionName = '杭州机床厂工会';

let page: Page;
const problems: string[] = [];
/** Applications in progress anywhere before this flow made its own (the home page counts them all). */
let applicationsBefore = 0;

const head = { name: '王建军', id: idNumberFor('330102', '1972-05-08', 135) };
const daughter = { name: '王小雨', id: idNumberFor('330102', '2010-03-02', 246) };

async function fillMember(index: number, m: { name: string; id: string; relation?: string }) {
  const card = page.getByTestId(`member-${index}`);
  await card.getByLabel('姓名', { exact: true }).fill(m.name);
  if (m.relation) await chooseOption(card, page, '与户主关系', m.relation);
  await card.getByLabel('身份证号', { exact: true }).fill(m.id);
}

async function startFile(headMember: { name: string; id: string }) {
  await page.goto(`${baseUrl}/households`);
  await page.getByRole('button', { name: /新建档案/ }).click();
  await page.waitForURL(/\/households\/new$/);
  const form = page.locator('form');
  // The form presets the user's own node as it loads: choose once that has settled.
  await form.getByText('中华全国总工会').first().waitFor();
  await chooseOrg(form, page, '建档单位', unionName);
  await chooseCascade(form, page, '居住地区', ['浙江省', '杭州市', '上城区']);
  await fillMember(0, headMember);
}

describe('households: register a file, read its assessment, one person one file', () => {
  pageForSuite(problems, (opened) => (page = opened));

  it('sets up a union and the local 低保 line through the API', async () => {
    await page.goto(baseUrl);
    await signInChangingPassword(page, e2eHouseholdAdmin);
    applicationsBefore = (await pageApi(page, 'GET', '/api/households/figures')).applications;
    await createBranch(page, {
      province: { name: '浙江省总工会', code: 'ZJ-FTU', regionCode: '330000' },
      city: { name: '杭州市总工会', code: 'HZ-FTU', regionCode: '330100' },
      county: { name: '上城区总工会', code: 'HZ-SC', regionCode: '330102' },
      union: { name: unionName, code: 'HZ-SC-001' },
      rates: { dibao: 124_000, minimumWage: 269_000 },
    });
  });

  it('registers a household of two and sees the instant assessment', async () => {
    await startFile(head);
    // The head is ill and cannot work: no minimum wage is imputed to him.
    await page.getByTestId('member-0').getByLabel('有劳动能力').uncheck();
    await page.getByRole('button', { name: /添加家庭成员/ }).click();
    await fillMember(1, { ...daughter, relation: '子女' });
    await page.getByRole('button', { name: /添加收入/ }).click();
    const income = page.getByTestId('incomes-0');
    await chooseOption(income, page, '类型', '工资性收入');
    await income.getByLabel('金额（元）').fill('15600');
    await chooseOption(page.locator('form'), page, '主要致困原因', '因病');
    // The live panel assesses what is typed: 15,600 / 12 / 2 = 650 yuan a head.
    const live = page.getByTestId('live-assessment');
    await expect.poll(() => live.textContent(), { timeout: 15_000 }).toMatch(/650\.00/);
    await screenshot(page, 'households-form');
    await page.getByRole('button', { name: /提交建档/ }).click();
    // Saved as a draft, the application goes on in its wizard: documents, assessment, submit.
    await page.waitForURL(/\/households\/\d+\/apply\?step=documents$/);
    await page.getByTestId('application-step-documents').waitFor();
    await screenshot(page, 'households-application-documents');
    await page.getByTestId('application-next').click();
    await page.getByTestId('application-step-assessment').waitFor();
    await expect.poll(() => page.locator('body').textContent()).toMatch(/深度困难|相对困难/);
    await page.getByTestId('application-next').click();
    await page.getByTestId('application-submit').waitFor();
    await screenshot(page, 'households-application-submit');
    // Kept as a draft here (the registration flow submits its own files).
    await page.getByRole('button', { name: /保存为草稿，稍后提交/ }).click();
    await page.waitForURL(/\/households\/\d+$/);
    await page.getByText(head.name).first().waitFor();
    await expect.poll(() => page.locator('body').textContent()).toMatch(/深度困难|相对困难/);
    expect(await page.locator('body').textContent()).not.toContain(head.id);
  });

  it('shows the stored assessment with its trace', async () => {
    await page.getByRole('tab', { name: /认定结果/ }).click();
    const panel = page.getByRole('tabpanel');
    await expect.poll(() => panel.textContent()).toMatch(/1,?240\.00/);
    await expect.poll(() => panel.textContent()).toMatch(/650\.00/);
    await screenshot(page, 'households-assessment');
  });

  it('refuses a member who already belongs to another active file', async () => {
    await startFile({ name: '李国强', id: idNumberFor('330102', '1968-11-20', 357) });
    await page.getByRole('button', { name: /添加家庭成员/ }).click();
    await fillMember(1, { ...daughter, relation: '子女' });
    await chooseOption(page.locator('form'), page, '主要致困原因', '因病');
    await page.getByRole('button', { name: /提交建档/ }).click();
    await expect
      .poll(() => page.locator('body').textContent(), { timeout: 15_000 })
      .toContain('已在另一份在档困难职工档案中');
    expect(await page.getByTestId('person-conflict').textContent()).toContain(unionName);
    expect(page.url()).toMatch(/\/households\/new$/);
    await screenshot(page, 'households-refused-member');
  });

  it('finds the file in the list and counts it on the home page', async () => {
    await page.goto(`${baseUrl}/households?q=wjj`);
    await page.getByRole('link', { name: head.name }).first().waitFor();
    await screenshot(page, 'households-list');
    await page.goto(baseUrl);
    // A new file is an application until its registration is approved. The administrator
    // sits at the root: other flows' applications count too, so the flow counts its own.
    await expect
      .poll(() => page.getByTestId('household-applications').textContent())
      .toBe(`在办建档申请 ${applicationsBefore + 1} 户`);
    await screenshot(page, 'households-home');
    expect(problems).toEqual([]);
  });
});
