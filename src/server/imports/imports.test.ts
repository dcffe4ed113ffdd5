import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildNode,
  buildUser,
  createTestApp,
  testCipher,
  type TestApp,
  type TestNode,
} from '../test/test-app';
import { signIn, type Client } from '../test/clients';
import { addNanjingLines, householdInput, idNumberFor } from '../test/household-fixtures';
import { runJobs } from '../jobs/job-runner';
import { importJobHandlers } from './import-job';
import { runningChecks } from './imports.service';
import { buildFods, convertWithLibreOffice, type FodsCell } from './import-fixtures';
import { idAsNumberMessage } from '../../shared/imports/import-cells';

let t: TestApp;
let county: TestNode;
let union: TestNode;
let otherCounty: TestNode;
let clerk: Client;
let otherClerk: Client;
/** The LibreOffice-made workbooks, built once for the file. */
let quirks: Buffer;
let csvAsXlsx: Buffer;

const handlers = importJobHandlers(testCipher);

const fullWidth = (s: string) =>
  s.replace(/[0-9X]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

// The people of the quirk workbook (玄武区 320102).
const ids = {
  a: idNumberFor('320102', '1975-04-12', 101),
  aChild: idNumberFor('320102', '2008-09-01', 202),
  b: idNumberFor('320102', '1970-01-02', 103),
  c: idNumberFor('320102', '1980-03-05', 105),
  cSpouse: idNumberFor('320102', '1981-06-07', 206),
  d: idNumberFor('320102', '1968-07-09', 107),
  e: idNumberFor('320102', '1971-02-03', 109),
  f: idNumberFor('320102', '1970-01-01', 111),
  g: idNumberFor('320102', '1966-05-05', 113),
  gChild: idNumberFor('320102', '1995-05-05', 214),
  orphanHead: idNumberFor('320102', '1960-01-01', 115),
  orphan: idNumberFor('320102', '1990-01-01', 216),
  hidden: idNumberFor('320102', '1962-02-02', 117),
};
/** A check character that is wrong for the number. */
const badCheck = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
/** Excel's serial day of a date. */
const serial = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000 + 25569;

const householdHeader: FodsCell[] = [
  '户主姓名',
  '公民身份号码',
  '出生日期',
  '性别',
  '行政区划代码',
  '主要致困原因',
  '有无劳动能力',
  '工作状态',
  '工资收入（元）',
  '自付医疗费（元）',
];
function householdRow(
  name: string,
  id: FodsCell,
  birth: FodsCell,
  sex: string,
  income: FodsCell = { float: 12000 },
): FodsCell[] {
  return [name, id, birth, sex, '320102', '因病', '否', '下岗', income, { float: 3000 }];
}

function quirkWorkbook(): string {
  return buildFods([
    { name: '说明', rows: [['这是说明页，没有表头'], ['请按模板填写']] },
    {
      name: '旧数据',
      hidden: true,
      rows: [householdHeader, householdRow('隐藏', ids.hidden, '1962-02-02', '男')],
    },
    {
      name: '家庭',
      rows: [
        // A merged title row over the header.
        [{ text: '困难职工家庭情况表（2026年）', span: 10 }],
        householdHeader,
        // Full-width digits and a trailing full-width space; a real date cell.
        householdRow('张建国  ', `${fullWidth(ids.a)}\u3000`, { date: '1975-04-12' }, '男'),
        // The ID number typed into a number column: precision lost.
        householdRow('王大伟', { float: Number(ids.b) }, '1970-01-02', '男'),
        // Date as text in Chinese; income with a thousands separator.
        householdRow('李秀英', ids.c, '1980年3月5日', '男', '12,000'),
        // Sex contradicts the ID number.
        householdRow('赵强', ids.d, '1968/7/9', '女'),
        // Date as an Excel serial number in a plain number cell.
        householdRow('孙丽', ids.e, { float: serial('1971-02-03') }, '男'),
        // Date as 8 digits.
        householdRow('周平', ids.f, '19700101', '男'),
        householdRow('吴刚', ids.g, '1966.5.5', '男'),
        // Empty trailing rows.
        [' ', null, null],
        [null, '  '],
      ],
    },
    {
      name: '成员',
      rows: [
        ['户主身份证号', '姓名', '身份证号码', '与户主关系', '出生日期', '是否在读', '在读学段'],
        [ids.a, '张小燕', ids.aChild, '女儿', { date: '2008-09-01' }, '是', '高中'],
        [ids.c, '陈明', ids.cSpouse, '配偶', '', '否'],
        [ids.g, '吴小刚', badCheck(ids.gChild), '儿子', '', '否'],
        [ids.orphanHead, '无主', ids.orphan, '子女', '', '否'],
        [],
      ],
    },
  ]);
}

function csvText(): string {
  const rows = [
    [
      '户主身份证号',
      '姓名',
      '身份证号',
      '与户主关系',
      '行政区划代码',
      '主要致困原因',
      '有无劳动能力',
      '工资收入',
    ],
    ['', '郑红', idNumberFor('320102', '1972-08-08', 121), '本人', '320102', '因残', '否', '6000'],
    [
      idNumberFor('320102', '1972-08-08', 121),
      '郑小红',
      idNumberFor('320102', '2010-10-10', 222),
      '子女',
      '',
      '',
      '否',
      '',
    ],
    [
      '',
      '钱芳',
      idNumberFor('320102', '1973-03-03', 123),
      '本人',
      '320102',
      '收入低',
      '是',
      '20000',
    ],
  ];
  return rows.map((r) => r.map((c) => (c.includes(',') ? `"${c}"` : c)).join(',')).join('\r\n');
}

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'bangfu-import-'));
  t = await createTestApp({ dataDir });
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city' });
  county = await buildNode(t.db, city, { type: 'county', regionCode: '320102' });
  union = await buildNode(t.db, county);
  otherCounty = await buildNode(t.db, city, { type: 'county', regionCode: '320104' });
  await addNanjingLines(t.db);
  const [u1, u2] = await Promise.all([
    buildUser(t.db, county, { roles: ['case_worker'] }),
    buildUser(t.db, otherCounty, { roles: ['case_worker'] }),
  ]);
  [clerk, otherClerk] = await Promise.all([signIn(t, u1.username), signIn(t, u2.username)]);
  const [made, fromCsv] = await Promise.all([
    convertWithLibreOffice([{ name: 'quirks.fods', content: quirkWorkbook() }]),
    convertWithLibreOffice([{ name: 'people.csv', content: csvText() }], {
      infilter: 'CSV:44,34,76',
    }),
  ]);
  quirks = made.get('quirks.fods')!;
  csvAsXlsx = fromCsv.get('people.csv')!;
}, 180_000);
afterAll(() => t?.close());

async function upload(
  client: Client,
  fileName: string,
  data: Buffer,
  query: Record<string, string | number> = {},
) {
  const res = await client.send('POST', '/api/imports', {
    query: { nodeId: union.id, ...query },
    upload: { fileName, data },
  });
  expect(res.status, res.text).toBe(202);
  await runningChecks.get(res.body.id);
  const view = await client.get(`/api/imports/${res.body.id}`);
  expect(view.status).toBe(200);
  return view.body;
}

async function householdCount(): Promise<number> {
  const r = await t.db
    .selectFrom('households')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('the household import', () => {
  let firstId: number;

  it('checks a LibreOffice-made workbook with every quirk, writing nothing', async () => {
    const before = await householdCount();
    const view = await upload(clerk, '困难职工.xlsx', quirks);
    firstId = view.id;
    expect(view.status, view.error).toBe('validated');
    expect(await householdCount()).toBe(before);
    // A, C, E, F new; D (sex) and G (member's check digit) rejected; B never became a household.
    expect(view.summary).toMatchObject({ households: 6, new: 4, rejected: 2, unchanged: 0 });
    const at = (sheet: string, row: number) =>
      view.issues.filter((i: { sheet: string; row: number }) => i.sheet === sheet && i.row === row);
    // Row numbers are the sheet's own (title row 1, header row 2).
    expect(at('家庭', 4)[0]).toMatchObject({
      column: 'idNumber',
      columnLabel: '公民身份号码',
      message: idAsNumberMessage,
    });
    expect(at('家庭', 6)[0]).toMatchObject({ column: 'sex' });
    expect(at('成员', 4)[0]!.message).toContain('校验位');
    expect(at('成员', 5)[0]!.message).toContain('家庭表中找不到');
    expect(view.issueCount).toBe(4);
    // The hidden sheet's household is not read.
    expect(view.summary.rows).toBe(11);
    expect(Object.values(view.summary.categories).reduce((a: number, b) => a + Number(b), 0)).toBe(
      4,
    );
  });

  it('answers the error report as the workbook with the bad cells marked and an error column', async () => {
    const res = await clerk.send('GET', `/api/imports/${firstId}/error-report`);
    expect(res.status, res.text).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('家庭')!;
    const errorCol = householdHeader.length + 1;
    expect(ws.getRow(2).getCell(errorCol).value).toBe('错误说明');
    expect(String(ws.getRow(4).getCell(errorCol).value)).toContain('文本');
    expect((ws.getRow(6).getCell(4).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(ws.getRow(3).getCell(errorCol).value).toBeNull();
    const members = wb.getWorksheet('成员')!;
    expect(String(members.getRow(5).getCell(8).value)).toContain('家庭表中找不到');
  });

  it('commits as a job in batches; a crash mid-commit resumes without duplicates', async () => {
    const before = await householdCount();
    const res = await clerk.post(`/api/imports/${firstId}/commit`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.status).toBe('committing');
    // One batch of two, then the process "dies": the job stays running.
    await runJobs(t.db, { handlers, batchSize: 2, maxBatches: 1 });
    expect(await householdCount()).toBe(before + 2);
    const mid = (await clerk.get(`/api/imports/${firstId}`)).body;
    expect(mid.job).toMatchObject({ status: 'running', progressDone: 2, progressTotal: 4 });
    // A new runner claims the stale job and goes on after the last committed batch.
    await runJobs(t.db, { handlers, batchSize: 2, staleSeconds: 0 });
    expect(await householdCount()).toBe(before + 4);
    const done = (await clerk.get(`/api/imports/${firstId}`)).body;
    expect(done.status).toBe('committed');
    expect(done.job).toMatchObject({
      status: 'done',
      result: { created: 4, updated: 0, failed: 0 },
    });
    const files = await t.db
      .selectFrom('households')
      .select(['head_name', 'case_status', 'node_id', 'member_count'])
      .where('node_id', '=', union.id)
      .orderBy('id')
      .execute();
    expect(files.map((f) => f.head_name)).toEqual(['张建国', '李秀英', '孙丽', '周平']);
    expect(files.every((f) => f.case_status === 'draft')).toBe(true);
    expect(files.map((f) => f.member_count)).toEqual([2, 2, 1, 1]);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('request_id', 'like', `job-${res.body.jobId}`)
      .execute();
    expect(audit.filter((a) => a.action === 'household.created')).toHaveLength(4);
    expect(audit.filter((a) => a.action === 'import.batch_committed')).toHaveLength(2);
  });

  it('imports the same file again without changing anything', async () => {
    const versions = await t.db
      .selectFrom('households')
      .select(['id', 'version', 'updated_at'])
      .where('node_id', '=', union.id)
      .orderBy('id')
      .execute();
    const view = await upload(clerk, '困难职工.xlsx', quirks);
    expect(view.status, view.error ?? undefined).toBe('validated');
    expect(view.summary).toMatchObject({ new: 0, changed: 0, unchanged: 4, rejected: 2 });
    const res = await clerk.post(`/api/imports/${view.id}/commit`);
    expect(res.status).toBe(200);
    await runJobs(t.db, { handlers, batchSize: 2 });
    const after = await t.db
      .selectFrom('households')
      .select(['id', 'version', 'updated_at'])
      .where('node_id', '=', union.id)
      .orderBy('id')
      .execute();
    expect(after).toEqual(versions);
    expect((await clerk.get(`/api/imports/${view.id}`)).body.status).toBe('committed');
  });

  it('reads GBK CSV with members in the same table, and the same CSV made into .xlsx by LibreOffice', async () => {
    const gbk = iconv.encode(csvText(), 'gbk');
    const view = await upload(clerk, '名单.csv', gbk, { mode: 'registered' });
    expect(view.status, view.error).toBe('validated');
    expect(view.summary).toMatchObject({ households: 2, new: 2, rejected: 0 });
    // Opened in a spreadsheet and saved, the CSV's ID numbers became numbers: every row refused.
    const viaXlsx = await upload(clerk, '名单.xlsx', csvAsXlsx);
    // (钱芳's number ends in X, so it stayed text.)
    expect(viaXlsx.summary).toMatchObject({ new: 1, rejectedRows: 2 });
    expect(viaXlsx.issues[0].message).toBe(idAsNumberMessage);
    // UTF-8 with a BOM reads the same.
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvText())]);
    expect((await upload(clerk, 'utf8.csv', bom)).summary).toMatchObject({ new: 2 });
    // Registered mode: the files enter as 已建档 with a file number.
    await clerk.post(`/api/imports/${view.id}/commit`);
    await runJobs(t.db, { handlers });
    const files = await t.db
      .selectFrom('households')
      .select(['head_name', 'case_status', 'file_no', 'member_count'])
      .where('head_name', 'in', ['郑红', '钱芳'])
      .orderBy('head_name')
      .execute();
    expect(files).toHaveLength(2);
    expect(files.every((f) => f.case_status === 'registered' && f.file_no)).toBe(true);
  });

  it('updates an existing file from the sheet, keeping what the template has no column for', async () => {
    const created = await clerk.post(
      '/api/households',
      householdInput(union.id, {
        headSeq: 701,
        childSeq: 802,
        standardLevel: 'city',
        isZeroEmployment: true,
      }),
    );
    expect(created.status, created.text).toBe(201);
    const before = created.body;
    const [head, child] = before.members;
    const csv = [
      '户主身份证号,姓名,身份证号,与户主关系,行政区划代码,主要致困原因,有无劳动能力,工资收入',
      `,张建国,${idNumberFor('320102', '1975-04-12', 701)},本人,320102,因病,否,12000`,
      `${idNumberFor('320102', '1975-04-12', 701)},张小燕,${idNumberFor('320102', '2008-09-01', 802)},子女,,,否,`,
    ].join('\r\n');
    // Imported under the county: the file stays with the union that keeps it.
    const view = await upload(clerk, '更新.csv', Buffer.from(csv), { nodeId: county.id });
    expect(view.summary).toMatchObject({ households: 1, changed: 1, rejected: 0 });
    await clerk.post(`/api/imports/${view.id}/commit`);
    await runJobs(t.db, { handlers });
    const after = (await clerk.get(`/api/households/${before.id}`)).body;
    expect(after.version).toBeGreaterThan(before.version);
    // The sheet's values are in; the income and expense columns it lacks said nothing …
    expect(after.incomes).toEqual([
      expect.objectContaining({ memberRef: String(head.id), type: 'wages', amountFen: 1_200_000 }),
      expect.objectContaining({ memberRef: String(head.id), type: 'transfers' }),
    ]);
    expect(after.rigidExpenditures).toEqual(before.rigidExpenditures);
    // … and what it has no column for is kept: the same members with their details,
    // the diagnosis, the exclusion answers and their evidence.
    expect(after.members.map((m: { id: number }) => m.id)).toEqual([head.id, child.id]);
    expect(after.members[0].hasDiagnosis).toBe(true);
    expect(after.members[0].isDisabledOrSeriouslyIll).toBe(true);
    expect(after.members[1].school).toBe('南京市第九中学');
    expect(after.exclusions).toEqual(before.exclusions);
    expect(after.exclusions.multiple_homes.evidence).toBe('不动产查询无第二套');
    expect(after.phoneMasked).toBe(before.phoneMasked);
    expect(after.bankAccountMasked).toBe(before.bankAccountMasked);
    expect(after.address).toBe(before.address);
    expect(after.situation).toBe(before.situation);
    expect(after.nodeId).toBe(union.id);
    // Blank cells the import would fill with a default keep the stored value.
    expect(after.standardLevel).toBe('city');
    expect(after.isZeroEmployment).toBe(true);
    expect(after.members[0]).toMatchObject({
      workStatus: 'laid_off',
      healthStatus: 'malignant_tumour',
    });
    expect(after.members[1]).toMatchObject({
      isInFullTimeStudy: true,
      studyLevel: 'senior_secondary',
    });
    // The same sheet again changes nothing.
    const again = await upload(clerk, '更新.csv', Buffer.from(csv), { nodeId: county.id });
    expect(again.summary).toMatchObject({ households: 1, changed: 0, unchanged: 1 });
  });

  it('refuses a file kept elsewhere: the other county changes nothing of this one', async () => {
    const view = await upload(clerk, '困难职工.xlsx', quirks);
    expect(view.status, view.error).toBe('validated');
    expect(view.summary.unchanged).toBe(4);
    // The other county's clerk cannot see this import, nor target this union.
    expect((await otherClerk.get(`/api/imports/${view.id}`)).status).toBe(404);
    const res = await otherClerk.send('POST', '/api/imports', {
      query: { nodeId: union.id },
      upload: { fileName: 'x.xlsx', data: quirks },
    });
    expect(res.status).toBe(404);
    // Their own node: the people are in this county's active files, so every household is refused.
    const mine = await otherClerk.send('POST', '/api/imports', {
      query: { nodeId: otherCounty.id },
      upload: { fileName: 'x.xlsx', data: quirks },
    });
    await runningChecks.get(mine.body.id);
    const seen = (await otherClerk.get(`/api/imports/${mine.body.id}`)).body;
    expect(seen.summary).toMatchObject({ new: 0, changed: 0 });
    expect(JSON.stringify(seen.issues)).toContain('该户已在其他单位建档');
  });

  it('refuses what is not a spreadsheet, and a zip bomb before parsing', async () => {
    const xls = await clerk.send('POST', '/api/imports', {
      query: { nodeId: union.id },
      upload: { fileName: 'old.xls', data: Buffer.from('x') },
    });
    expect(xls.status).toBe(400);
    // A zip whose directory declares a part of 2 GB.
    const bomb = zipDeclaring(2 * 1024 * 1024 * 1024 - 1);
    const view = await upload(clerk, 'bomb.xlsx', bomb);
    expect(view.status).toBe('failed');
    expect(view.error).toMatch(/解压后/);
  });

  it('cancels a checked import and refuses to commit it afterwards', async () => {
    const view = await upload(clerk, '名单.csv', Buffer.from(csvText()));
    const cancelled = await clerk.post(`/api/imports/${view.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    const commit = await clerk.post(`/api/imports/${view.id}/commit`);
    expect(commit.status).toBe(422);
    expect(commit.body.error.code).toBe('INVALID_STATE');
    const list = await clerk.get('/api/imports');
    expect(list.body.length).toBeGreaterThan(3);
  });

  it('offers the template with its sheets, drop-downs and example rows', async () => {
    const res = await clerk.send('GET', '/api/imports/template');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['家庭', '成员', '说明', '字典']);
    expect(wb.getWorksheet('字典')!.state).toBe('hidden');
    // The template, untouched, imports as nothing (its example rows are skipped).
    const view = await upload(clerk, 'template.xlsx', res.raw);
    expect(view.status).toBe('failed');
    expect(view.error).toContain('没有可导入的数据行');
  });
});

/** A minimal zip whose central directory declares one huge entry. */
function zipDeclaring(unpacked: number): Buffer {
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(name.length, 26);
  const data = Buffer.from([0x03, 0x00]);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(unpacked, 24);
  central.writeUInt16LE(name.length, 28);
  const dirOffset = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(dirOffset, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}
