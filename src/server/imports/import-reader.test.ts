import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRawRecords } from './import-reader';

/**
 * Chinese text survives exceljs's streaming reader whole: thousands of rows of
 * names and addresses put many 3-byte characters across the reader's chunk
 * boundaries, in inline strings (the streaming writer) and in the shared
 * strings table (Excel, LibreOffice and exceljs's workbook writer).
 */

let dir: string;
const rows = 6_000;
const surnames = '张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗';
const nameOf = (i: number) =>
  `${surnames[i % surnames.length]}${'建秀志海丽'[i % 5]}${'国英强涛娟'[(i * 7) % 5]}${i}`;
const addressOf = (i: number) => `南京市玄武区中山路${i}号${'东西南北'[i % 4]}楼`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bangfu-reader-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function readNames(path: string) {
  const seen: string[][] = [];
  for await (const r of readRawRecords(path, 'xlsx'))
    seen.push(r.cells.map((c) => String(c ?? '')));
  return seen;
}

function expectWhole(seen: string[][]) {
  expect(seen).toHaveLength(rows + 1);
  expect(seen.flat().filter((v) => v.includes('\uFFFD'))).toEqual([]);
  seen.slice(1).forEach((cells, i) => expect(cells).toEqual([nameOf(i), addressOf(i)]));
}

describe('reading an .xlsx as a stream', () => {
  it('keeps every character of inline strings whole', async () => {
    const path = join(dir, 'inline.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
    const ws = wb.addWorksheet('名单');
    ws.addRow(['姓名', '家庭住址']).commit();
    for (let i = 0; i < rows; i++) ws.addRow([nameOf(i), addressOf(i)]).commit();
    await wb.commit();
    expectWhole(await readNames(path));
  });

  it('keeps every character of shared strings whole', async () => {
    const path = join(dir, 'shared.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['姓名', '家庭住址']);
    for (let i = 0; i < rows; i++) ws.addRow([nameOf(i), addressOf(i)]);
    await wb.xlsx.writeFile(path);
    expectWhole(await readNames(path));
  });
});
