import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eImportAdmin } from './e2e-env';
import { idNumberFor, pageApi, screenshot, signInChangingPassword, pageForSuite } from './helpers';

/**
 * 批量导入 on screen: an administrator made by the CLI uploads a CSV with a
 * wrong ID number, sees the preview and the rejected row, downloads the error
 * report (the row marked, with its message), uploads the corrected file and
 * commits it; the progress bar runs to 导入完成 and the files exist.
 */

const baseUrl = inject('baseUrl');
const region = '330502';

let page: Page;
const problems: string[] = [];

const heads = [
  { name: '沈建华', id: idNumberFor(region, '1971-05-06', 711) },
  { name: '许秀兰', id: idNumberFor(region, '1976-08-09', 722) },
];
const child = { name: '沈小红', id: idNumberFor(region, '2009-02-03', 732) };

function csv(secondHeadId: string): Buffer {
  const lines = [
    '户主身份证号,姓名,身份证号,与户主关系,行政区划代码,主要致困原因,有无劳动能力,工资收入（元）',
    `,${heads[0]!.name},${heads[0]!.id},本人,${region},因病,否,9000`,
    `${heads[0]!.id},${child.name},${child.id},女儿,,,否,`,
    `,${heads[1]!.name},${secondHeadId},本人,${region},收入低,是,15000`,
  ];
  return Buffer.from(lines.join('\r\n'));
}

/** The second head's number with a wrong check character: the clerk's typo. */
const typo = heads[1]!.id.slice(0, 17) + (heads[1]!.id.endsWith('1') ? '2' : '1');

async function uploadCsv(name: string, data: Buffer) {
  await page
    .locator('input[type=file]')
    .setInputFiles({ name, mimeType: 'text/csv', buffer: data });
}

describe('the household import on screen', () => {
  pageForSuite(problems, (opened) => (page = opened));

  it('signs in and opens 批量导入 from the menu', async () => {
    await page.goto(baseUrl);
    await signInChangingPassword(page, e2eImportAdmin);
    await page.locator('.bf-menu').getByText('批量导入').click();
    await page.getByRole('heading', { name: '批量导入困难职工档案' }).waitFor();
  });

  it('uploads a file with an error and sees the preview and the rejected row', async () => {
    await uploadCsv('困难职工名单.csv', csv(typo));
    const current = page.getByTestId('import-current');
    await current.getByText('已校验').waitFor();
    await expect(current.getByText('发现 1 处错误').count()).resolves.toBe(1);
    const issues = page.getByTestId('import-issues');
    await issues.getByText('身份证号校验位不对').waitFor();
    await expect(issues.locator('tbody tr').first().innerText()).resolves.toContain('4');
    await screenshot(page, 'import-preview-with-errors');
  });

  it('downloads the error report with the bad row marked', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载错误报告' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('困难职工名单-错误报告.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('CSV')!;
    expect(ws.getRow(1).getCell(9).value).toBe('错误说明');
    expect(String(ws.getRow(4).getCell(9).value)).toContain('校验位');
    expect(ws.getRow(2).getCell(9).value).toBeNull();
  });

  it('uploads the corrected file and commits it with a progress bar', async () => {
    await page.getByRole('button', { name: '取消导入' }).click();
    await page.getByTestId('import-current').getByText('已取消').waitFor();
    await uploadCsv('困难职工名单（改正）.csv', csv(heads[1]!.id));
    const current = page.getByTestId('import-current');
    await current.getByText('已校验').waitFor();
    await expect(page.getByTestId('import-issues').count()).resolves.toBe(0);
    await screenshot(page, 'import-preview-clean');
    await page.getByRole('button', { name: /确认导入（2 户）/ }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await current.getByText('导入完成').waitFor({ timeout: 60_000 });
    await page.getByTestId('import-progress').getByText('新建 2').waitFor();
    await screenshot(page, 'import-committed');
    const list = await pageApi(
      page,
      'GET',
      `/api/households?q=${encodeURIComponent(heads[0]!.id)}`,
    );
    expect(list.items).toHaveLength(1);
    expect(list.items[0].memberCount).toBe(2);
    expect(problems).toEqual([]);
  });
});
