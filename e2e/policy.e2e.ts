import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eSecondAdmin } from './e2e-env';
import {
  chooseCascade,
  dialog,
  screenshot,
  signInChangingPassword,
  toast,
  pageForSuite,
} from './helpers';

/**
 * Policy data and the assessment preview, as an administrator uses them: add a
 * 低保 line for 玄武区 and a minimum wage for 南京市, then assess the example
 * household and read its category and trace. Signs in as the second
 * administrator the global setup made, so it does not depend on other flows.
 */

const baseUrl = inject('baseUrl');

let page: Page;
const problems: string[] = [];

async function addRate(region: string[], yuan: string, from: string, note: string) {
  await page.getByRole('button', { name: '新增标准' }).click();
  const form = dialog(page);
  await form.waitFor();
  await chooseCascade(form, page, '地区', region);
  await form.getByLabel('月标准(元/月)').fill(yuan);
  await form.getByLabel('起始日期').fill(from);
  await form.getByLabel('起始日期').press('Enter');
  await form.getByLabel('备注').fill(note);
  await form.getByRole('button', { name: /保\s*存/ }).click();
  await toast(page, '已保存').waitFor();
  await form.waitFor({ state: 'hidden' });
}

describe('policy: 低保 lines, minimum wages and the assessment preview', () => {
  pageForSuite(problems, (opened) => (page = opened));

  it('adds a 低保 line and a minimum wage', async () => {
    await page.goto(baseUrl);
    await signInChangingPassword(page, e2eSecondAdmin);
    await page.locator('.bf-menu').getByText('低保标准与最低工资', { exact: true }).click();
    await page.waitForURL(/\/policy\/rates$/);
    await addRate(['江苏省', '南京市', '玄武区'], '1130', '2025-07-01', '南京市城乡低保标准');
    await expect.poll(() => page.getByTestId('current-lines').textContent()).toContain('1,130.00');
    await page.getByRole('tab', { name: '最低工资标准' }).click();
    await addRate(['江苏省', '南京市'], '2490', '2025-01-01', '一类地区');
    await expect.poll(() => page.getByTestId('current-lines').textContent()).toContain('2,490.00');
    await page.getByTestId('policy-versions').getByText('national-2019').waitFor();
    await page.getByRole('tab', { name: '低保标准' }).click();
    await screenshot(page, 'policy');
  });

  it('assesses the example household and shows the rule and the trace', async () => {
    await page.locator('.bf-menu').getByText('困难认定测算', { exact: true }).click();
    await page.waitForURL(/\/policy\/assessment$/);
    await page.getByTestId('load-example').click();
    await page.getByTestId('run-assessment').click();
    await expect.poll(() => page.getByTestId('result-category').textContent()).toBe('相对困难');
    await expect
      .poll(() => page.getByTestId('rule-fired').textContent())
      .toContain('低保标准的2倍');
    await page.getByTestId('trace-imputed_income').getByText('29,880.00').first().waitFor();
    await page.getByTestId('trace-figure').getByText('1,463.33').first().waitFor();
    await screenshot(page, 'assessment');
  });

  it('raised no errors in the browser', () => {
    expect(problems).toEqual([]);
  });
});
