import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eExchangeAdmin } from './e2e-env';
import {
  createBranch,
  idNumberFor,
  pageApi,
  screenshot,
  signInChangingPassword,
  pageForSuite,
  useShortWorkflow,
  createOnePersonFile,
  type E2eHead,
  registerThroughApi,
} from './helpers';

/**
 * 数据交换 on screen: in its own branch (浙江 → 嘉兴市 → 南湖区), a union keeps
 * two files (one registered, one draft). The administrator, made by the CLI,
 * exports the county's archive from the screen (after the warning about
 * unmasked data), then imports it under a second union of the county. In one
 * instance the same people cannot hold two active files, so the test changes
 * one household's ID numbers — standing for a lower union's file not yet here —
 * and sees one household created (and registered) and the other skipped with
 * its reason, in the result table.
 */

const baseUrl = inject('baseUrl');
const region = '330402';
const sourceUnion = '嘉兴丝绸厂工会';
const targetUnion = '嘉兴南湖区职工服务中心工会';

let page: Page;
const problems: string[] = [];
let countyId: number;
let targetId: number;
let archive: string;

const registeredHead: E2eHead = {
  name: '钱卫东',
  id: idNumberFor(region, '1970-04-12', 811),
  birth: '1970-04-12',
  sex: 'male',
};
const draftHead: E2eHead = {
  name: '孙美玲',
  id: idNumberFor(region, '1975-09-23', 822),
  birth: '1975-09-23',
  sex: 'female',
};
/** The registered household's head as a different person: same birth date, another number. */
const newId = idNumberFor(region, registeredHead.birth, 833);

async function chooseNode(name: string) {
  const input = page.locator('#exchange-node');
  await input.click();
  await input.fill(name);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-tree-treenode')
    .filter({ hasText: name })
    .first()
    .click();
}

describe('the household archive exchange file on screen', () => {
  pageForSuite(problems, (opened) => (page = opened));

  it('sets up a county with two unions and two files in one of them', async () => {
    await page.goto(baseUrl);
    await signInChangingPassword(page, e2eExchangeAdmin);
    const branch = await createBranch(page, {
      province: { name: '浙江省总工会（嘉兴片区）', code: 'ZJ-JX-EXCH', regionCode: '330000' },
      city: { name: '嘉兴市总工会', code: 'JX-FTU', regionCode: '330400' },
      county: { name: '南湖区总工会', code: 'JX-NH', regionCode: region },
      union: { name: sourceUnion, code: 'JX-NH-001' },
      rates: { dibao: 110_000, minimumWage: 249_000 },
    });
    countyId = branch.countyId;
    targetId = (
      await pageApi(page, 'POST', '/api/orgs', {
        parentId: countyId,
        type: 'grassroots',
        name: targetUnion,
        code: 'JX-NH-002',
      })
    ).id as number;
    await useShortWorkflow(page, region);
    await registerThroughApi(
      page,
      await createOnePersonFile(page, branch.unionId, region, registeredHead),
    );
    await createOnePersonFile(page, branch.unionId, region, draftHead);
  });

  it('exports the county’s archive from 数据交换 after the warning', async () => {
    await page.locator('.bf-menu').getByText('数据交换').click();
    await page.getByRole('heading', { name: '数据交换（档案交换文件）' }).waitFor();
    await page.getByText('交换文件含未脱敏的个人信息').waitFor();
    await chooseNode('南湖区总工会');
    await page.getByRole('button', { name: '导出交换文件' }).click();
    await page.locator('.ant-popconfirm').getByText('南湖区总工会').waitFor();
    await screenshot(page, 'exchange-export-confirm');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .locator('.ant-popconfirm')
        .getByRole('button', { name: /确\s*定|OK/ })
        .click(),
    ]);
    expect(download.suggestedFilename()).toBe('JX-NH-household-archive.jsonl');
    archive = await readFile((await download.path())!, 'utf8');
    const lines = archive
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'header', node: { code: 'JX-NH' } });
    const households = lines.filter((l) => l.type === 'household');
    expect(households.map((h) => h.file.members[0].name).sort()).toEqual(
      [registeredHead.name, draftHead.name].sort(),
    );
    // Unmasked: the full ID number is in the file.
    expect(archive).toContain(registeredHead.id);
    expect(households.find((h) => h.file.members[0].name === registeredHead.name).caseStatus).toBe(
      'registered',
    );
    expect(lines.at(-1)).toEqual({ type: 'end', households: 2 });
  });

  it('imports it under the other union and sees one file created, one skipped with its reason', async () => {
    // A fresh screen (the node preset to the user's own): OrgTreeSelect warns
    // from rc-virtual-list when reopened on a node picked from search results.
    await page.reload();
    await page.getByRole('heading', { name: '数据交换（档案交换文件）' }).waitFor();
    await chooseNode(targetUnion);
    const changed = archive.replaceAll(registeredHead.id, newId);
    await page
      .getByTestId('exchange-import')
      .locator('input[type=file]')
      .setInputFiles({
        name: '南湖区交换文件.jsonl',
        mimeType: 'application/x-ndjson',
        buffer: Buffer.from(changed),
      });
    const result = page.getByTestId('exchange-result');
    await result.waitFor();
    await result.getByText('南湖区交换文件.jsonl').waitFor();
    await result.getByText(targetUnion).waitFor();
    const figures = await result.locator('.ant-statistic').allInnerTexts();
    expect(figures.map((f) => f.replace(/\s+/g, ' '))).toEqual([
      '新建档案（户） 1',
      '其中直接登记建档（户） 1',
      '跳过（户） 1',
    ]);
    const rows = page.getByTestId('exchange-skipped').locator('tbody tr');
    await expect(rows.count()).resolves.toBe(1);
    const row = await rows.first().innerText();
    expect(row).toContain(draftHead.name);
    expect(row).toContain('一人只能在一户在档档案中');
    await screenshot(page, 'exchange-import-result');

    const created = await pageApi(page, 'GET', `/api/households?q=${encodeURIComponent(newId)}`);
    expect(created.items).toHaveLength(1);
    expect(created.items[0]).toMatchObject({ nodeId: targetId, caseStatus: 'registered' });
    expect(problems).toEqual([]);
  });
});
