import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNode, buildUser, createTestApp, type TestApp, type TestNode } from '../test/test-app';
import {
  cellValueText,
  matchImportHeader,
  normaliseCellText,
  parseOrgNodeType,
} from '../../shared/orgs/org-import';

let t: TestApp;
let city: TestNode;
let countyA: TestNode;
let countyB: TestNode;
let cityAdmin: Auth;
let countyAdmin: Auth;
let caseWorker: Auth;

type Auth = { cookie: string; csrf: string };
type Cell = ExcelJS.CellValue;

const headers = [
  '组织编码',
  '组织名称',
  '组织类型',
  '上级组织编码',
  '行政区划代码',
  '地址',
  '联系电话',
];

beforeAll(async () => {
  t = await createTestApp();
  const province = await buildNode(t.db, t.root, { type: 'province' });
  city = await buildNode(t.db, province, { type: 'city' });
  countyA = await buildNode(t.db, city, { type: 'county', regionCode: '320102' });
  countyB = await buildNode(t.db, city, { type: 'county', regionCode: '320104' });
  await buildNode(t.db, countyA, { type: 'grassroots', name: '已有基层工会' });
  cityAdmin = await signIn((await buildUser(t.db, city)).username);
  countyAdmin = await signIn((await buildUser(t.db, countyA)).username);
  caseWorker = await signIn((await buildUser(t.db, countyA, { roles: ['case_worker'] })).username);
});
afterAll(() => t.close());

/** Signs in and keeps what a browser would: the session cookie and the CSRF token. */
async function signIn(username: string): Promise<Auth> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: 'Test-password-2026' },
  });
  const cookie = String([res.headers['set-cookie']].flat()[0]).split(';')[0]!;
  const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
  return { cookie, csrf: (JSON.parse(me.body) as { csrfToken: string }).csrfToken };
}

/** A multipart/form-data body built by hand, as a browser's FormData would send it. */
function multipart(fileName: string, data: Buffer, field = 'file') {
  const boundary = `----bangfu${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\n` +
      `Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

async function upload(
  auth: Auth | null,
  data: Buffer,
  options: { mode?: 'validate' | 'commit'; fileName?: string; field?: string } = {},
) {
  const body = multipart(options.fileName ?? '组织机构.xlsx', data, options.field);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/orgs/import?mode=${options.mode ?? 'validate'}`,
    headers: {
      'content-type': body.contentType,
      ...(auth ? { cookie: auth.cookie, 'x-csrf-token': auth.csrf } : {}),
    },
    payload: body.payload,
  });
  return { status: res.statusCode, body: JSON.parse(res.body), text: res.body };
}

/** An .xlsx with a header row (optionally under a merged title row) and data rows. */
async function xlsx(rows: Cell[][], options: { title?: boolean; header?: string[] } = {}) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  const header = options.header ?? headers;
  if (options.title) {
    ws.addRow(['工会组织机构导入']);
    ws.mergeCells(1, 1, 1, header.length);
  }
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function count(table: 'org_nodes' | 'audit_log', action?: string) {
  let q = t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('c'));
  if (action) q = (q as any).where('action', '=', action);
  return (await q.executeTakeFirstOrThrow()).c;
}

async function parentCodeOf(code: string) {
  const row = await t.db
    .selectFrom('org_nodes as n')
    .innerJoin('org_nodes as p', 'p.id', 'n.parent_id')
    .select(['p.code', 'n.depth', 'n.type', 'n.region_code'])
    .where('n.code', '=', code)
    .executeTakeFirst();
  return row;
}

describe('GET /api/orgs/import-template', () => {
  it('is a real workbook laid out like the paper form', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/orgs/import-template',
      headers: { cookie: countyAdmin.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('工会组织机构导入模板.xlsx')}`,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['组织机构', '说明']);
    const ws = wb.getWorksheet('组织机构')!;
    expect(ws.getCell('A1').value).toBe('工会组织机构导入模板');
    expect((ws.getRow(2).values as unknown[]).slice(1, 8)).toEqual(headers);
    expect(ws.getCell('C3').dataValidation).toMatchObject({
      type: 'list',
      formulae: [expect.stringContaining('基层工会')],
    });
    expect(ws.getCell('A10').numFmt).toBe('@');
    expect(ws.getCell('E10').numFmt).toBe('@');
    expect(ws.getCell('A3').font?.italic).toBe(true);
    expect(ws.getCell('H3').value).toMatch(/^示例/);
    expect(ws.getCell('D3').value).toBe(countyA.code);
  });

  it('imports back with its example row ignored', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/orgs/import-template',
      headers: { cookie: countyAdmin.cookie },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);

    const untouched = await upload(countyAdmin, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(untouched.status).toBe(200);
    expect(untouched.body.rows).toBe(0);
    expect(untouched.body.errors[0].message).toMatch(/没有可导入的数据行/);

    const ws = wb.getWorksheet('组织机构')!;
    ws.spliceColumns(8, 1); // even without its 备注 column, the example row is recognised
    ws.getRow(4).values = ['TPL-JD', '模板街道总工会', '乡镇街道总工会', countyA.code];
    ws.getRow(5).values = ['TPL-GH', '模板公司工会', '基层工会', 'TPL-JD', '', '模板路 2 号'];
    const filled = await upload(countyAdmin, Buffer.from(await wb.xlsx.writeBuffer()), {
      mode: 'commit',
    });
    expect(filled.status).toBe(200);
    expect(filled.body).toMatchObject({ mode: 'commit', rows: 2, created: 2, errors: [] });
    expect(await parentCodeOf('TPL-GH')).toMatchObject({ code: 'TPL-JD' });
    expect(await parentCodeOf('EX-0001')).toBeUndefined();
  });
});

describe('POST /api/orgs/import?mode=validate', () => {
  it('reports each kind of error with its row and column, and writes nothing', async () => {
    const a = countyA.code;
    const file = await xlsx([
      /* 2 */ ['', '缺编码单位', '基层工会', a],
      /* 3 */ ['A', '编码太短单位', '基层工会', a],
      /* 4 */ ['E-DUP', '重复一', '基层工会', a],
      /* 5 */ ['E-DUP', '重复二', '基层工会', a],
      /* 6 */ [a, '已用编码单位', '基层工会', city.code],
      /* 7 */ ['E-NONAME', '', '基层工会', a],
      /* 8 */ ['E-TYPE', '类型错单位', '居委会', a],
      /* 9 */ ['E-PARENT', '上级不存在单位', '基层工会', 'NO-SUCH'],
      /* 10 */ ['E-REGION', '缺区划县总', '县区级总工会', city.code],
      /* 11 */ ['E-REGION2', '错区划县总', '县区级总工会', city.code, '999999'],
      /* 12 */ ['E-PLACE', '放错位置的站点', '服务站点', city.code],
      /* 13 */ ['E-CYC1', '循环一', '基层工会', 'E-CYC2'],
      /* 14 */ ['E-CYC2', '循环二', '基层工会', 'E-CYC1'],
      /* 15 */ [],
      /* 16 */ ['E-FORMULA', { formula: 'B2&"X"' } as Cell, '基层工会', a],
      /* 17 */ ['E-DATE', '日期单位', '基层工会', a, '', '', new Date(2026, 0, 1)],
      /* 18 */ ['E-SIB', '已有基层工会', '基层工会', a],
      /* 19 */ ['E-SELF', '自己上级', '基层工会', 'E-SELF'],
      /* 20 */ ['E-OK', '正常单位', '基层工会', a],
    ]);
    const nodesBefore = await count('org_nodes');
    const res = await upload(cityAdmin, file);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ mode: 'validate', rows: 18, created: 0 });
    const errors = res.body.errors as { row: number; column: string; message: string }[];
    const expected: [number, string, RegExp][] = [
      [2, '组织编码', /组织编码不能为空/],
      [3, '组织编码', /2 至 40 位/],
      [5, '组织编码', /与第 4 行重复/],
      [6, '组织编码', /已被使用/],
      [7, '组织名称', /组织名称不能为空/],
      [8, '组织类型', /无法识别的组织类型“居委会”/],
      [9, '上级组织编码', /^上级组织编码 NO-SUCH 不存在或不在您的管辖范围内$/],
      [10, '行政区划代码', /县区级总工会必须填写行政区划代码/],
      [11, '行政区划代码', /“999999”不是有效的行政区划代码/],
      [12, '组织类型', /服务站点不能设在地市级总工会/],
      [13, '上级组织编码', /循环：第 13 行 → 第 14 行 → 第 13 行/],
      [14, '上级组织编码', /循环/],
      [16, '组织名称', /公式/],
      [17, '联系电话', /日期/],
      [18, '组织名称', /已有名为“已有基层工会”的组织/],
      [19, '上级组织编码', /不能与本组织编码相同/],
    ];
    expect(errors).toHaveLength(expected.length);
    expected.forEach(([row, column, message], i) =>
      expect(errors[i], `error ${i}`).toMatchObject({ row, column, message }),
    );
    expect(res.body.preview.find((p: { row: number }) => p.row === 20)).toEqual({
      row: 20,
      code: 'E-OK',
      name: '正常单位',
      type: 'grassroots',
      parentCode: a,
      regionCode: null,
    });
    expect(await count('org_nodes')).toBe(nodesBefore);
  });

  it('finds the header under a title row, by synonyms, across merged cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('导入');
    ws.addRow(['某某区工会组织一览表']);
    ws.mergeCells('A1:H1');
    ws.addRow(['单位编码', '单位名称', '', '类型', '上级单位编码', '区划代码', '电话']);
    ws.mergeCells('B2:C2');
    ws.addRow([4401001, ' 某某 街道总工会 ', '', 'town', countyA.code, '', 12345678]);
    ws.addRow([
      'ＪＤ－００２',
      '第二街道总工会',
      '',
      '乡镇街道总工会',
      { formula: 'E3', result: countyA.code } as Cell,
    ]);
    ws.addRow([
      { formula: '"GH"&"-F1"', result: 'GH-F1' } as Cell,
      '公式公司工会',
      '',
      '基层工会',
      { sharedFormula: 'E4', result: countyA.code } as unknown as Cell,
    ]);
    const res = await upload(countyAdmin, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([]);
    expect(
      res.body.preview.map((p: { row: number; code: string; name: string }) => [
        p.row,
        p.code,
        p.name,
      ]),
    ).toEqual([
      [3, '4401001', '某某 街道总工会'],
      [4, 'JD-002', '第二街道总工会'],
      [5, 'GH-F1', '公式公司工会'],
    ]);
  });

  it('refuses a parent outside the caller’s scope without revealing it', async () => {
    const file = await xlsx([
      ['S-1', '越界工会一', '基层工会', countyB.code],
      ['S-2', '越界工会二', '基层工会', city.code],
    ]);
    const res = await upload(countyAdmin, file);
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([
      {
        row: 2,
        column: '上级组织编码',
        message: `上级组织编码 ${countyB.code} 不存在或不在您的管辖范围内`,
      },
      {
        row: 3,
        column: '上级组织编码',
        message: `上级组织编码 ${city.code} 不存在或不在您的管辖范围内`,
      },
    ]);
    expect(res.text).not.toContain(countyB.name);
    expect(res.text).not.toContain(city.name);
    const committed = await upload(countyAdmin, file, { mode: 'commit' });
    expect(committed.status).toBe(400);
    expect(committed.text).not.toContain(countyB.name);

    // Codes are unique system-wide, so a taken code is refused, but not said where.
    const taken = await upload(
      countyAdmin,
      await xlsx([[countyB.code, '占用编码工会', '基层工会', countyA.code]]),
    );
    expect(taken.body.errors).toEqual([
      { row: 2, column: '组织编码', message: `组织编码“${countyB.code}”已被使用，请换一个编码` },
    ]);
    expect(taken.text).not.toContain(countyB.name);
  });
});

describe('POST /api/orgs/import?mode=commit', () => {
  it('creates a tree whose rows come out of order, audited in one go', async () => {
    const file = await xlsx([
      ['C-ZD', '某某公司职工服务站', '服务站点', 'C-GH'],
      ['C-GH', '某某有限公司工会', '基层工会', 'C-JD', '', '某某路 8 号', '025-8888'],
      ['C-JD', '某某街道总工会', '乡镇街道总工会', 'C-XQ'],
      ['C-XQ', '建邺区总工会', '县区级总工会', city.code, '320105'],
    ]);
    const createdBefore = await count('audit_log', 'org.created');
    const res = await upload(cityAdmin, file, { mode: 'commit', fileName: '建邺区组织.xlsx' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ mode: 'commit', rows: 4, created: 4, errors: [] });
    expect(await parentCodeOf('C-XQ')).toMatchObject({ code: city.code, region_code: '320105' });
    expect(await parentCodeOf('C-JD')).toMatchObject({ code: 'C-XQ', type: 'town' });
    expect(await parentCodeOf('C-GH')).toMatchObject({ code: 'C-JD', type: 'grassroots' });
    expect(await parentCodeOf('C-ZD')).toMatchObject({ code: 'C-GH', type: 'service_station' });
    expect(await count('audit_log', 'org.created')).toBe(createdBefore + 4);
    const imported = await t.db
      .selectFrom('audit_log')
      .select(['details', 'node_id', 'actor_username'])
      .where('action', '=', 'org.imported')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(imported.details).toEqual({ fileName: '建邺区组织.xlsx', created: 4 });
    expect(imported.node_id).toBe(city.id);
  });

  it('writes nothing when a single row is wrong', async () => {
    const file = await xlsx([
      ['B-JD', '全或无街道总工会', '乡镇街道总工会', countyA.code],
      ['B-GH', '全或无公司工会', '基层工会', 'B-JD'],
      ['B-BAD', '全或无错误行', '不存在的类型', 'B-JD'],
    ]);
    const [nodes, audits] = [await count('org_nodes'), await count('audit_log')];
    const res = await upload(countyAdmin, file, { mode: 'commit' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(res.body.error.details.errors).toEqual([
      { row: 4, column: '组织类型', message: expect.stringMatching(/不存在的类型/) },
    ]);
    expect(await count('org_nodes')).toBe(nodes);
    expect(await count('audit_log')).toBe(audits);
  });
});

describe('import uploads', () => {
  it('refuses files that are not .xlsx, too large or missing', async () => {
    const csv = await upload(countyAdmin, Buffer.from('组织编码,组织名称\n'), {
      fileName: 'orgs.csv',
    });
    expect(csv.status).toBe(400);
    expect(csv.body.error).toMatchObject({ code: 'VALIDATION', message: /\.xlsx/ });

    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), randomBytes(100)]);
    const old = await upload(countyAdmin, xls, { fileName: 'orgs.xls' });
    expect(old.body.error.message).toMatch(/另存为/);

    const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(100)]);
    expect((await upload(countyAdmin, broken)).body.error.message).toMatch(/无法作为 Excel/);

    const underLimit = Buffer.concat([broken, randomBytes(4 * 1024 * 1024)]);
    expect((await upload(countyAdmin, underLimit)).body.error.message).toMatch(/无法作为 Excel/);

    const big = await upload(countyAdmin, randomBytes(6 * 1024 * 1024));
    expect(big.status).toBe(400);
    expect(big.body.error).toMatchObject({ code: 'VALIDATION', message: 'upload too large' });

    const wrongField = await upload(countyAdmin, await xlsx([]), { field: 'upload' });
    expect(wrongField.status).toBe(400);

    const noHeader = await upload(countyAdmin, await xlsx([['a', 'b']], { header: ['x', 'y'] }));
    expect(noHeader.body.error.message).toMatch(/没有找到表头/);

    const json = await t.app.inject({
      method: 'POST',
      url: '/api/orgs/import?mode=validate',
      headers: { cookie: countyAdmin.cookie, 'x-csrf-token': countyAdmin.csrf },
      payload: { file: 'x' },
    });
    expect(json.statusCode).toBe(400);
  });

  it(`refuses more than 20000 data rows`, async () => {
    const rows = Array.from({ length: 20_001 }, (_, i) => [
      `R-${i}`,
      `工会${i}`,
      '基层工会',
      countyA.code,
    ]);
    const res = await upload(countyAdmin, await xlsx(rows));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/20000/);
  });

  it('answers 401 without a session and 403 without org.manage', async () => {
    const file = await xlsx([['N-1', '无权工会', '基层工会', countyA.code]]);
    expect((await upload(null, file)).status).toBe(401);
    expect((await upload(caseWorker, file)).status).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/orgs/import-template' });
    expect(anonymous.statusCode).toBe(401);
    const worker = await t.app.inject({
      method: 'GET',
      url: '/api/orgs/import-template',
      headers: { cookie: caseWorker.cookie },
    });
    expect(worker.statusCode).toBe(403);
  });
});

describe('reading cells and headers', () => {
  it.each([
    [320102, { text: '320102' }],
    [0.1 + 0.2, { text: '0.3' }],
    [2 ** 60, { text: null, problem: expect.stringMatching(/丢失精度/) }],
    [{ richText: [{ text: '某某' }, { text: '工会' }] }, { text: '某某工会' }],
    [{ text: 'GH-1', hyperlink: 'http://x' }, { text: 'GH-1' }],
    [{ formula: 'A1', result: 320100 }, { text: '320100' }],
    [{ formula: 'A1' }, { text: null, problem: expect.stringMatching(/没有保存计算结果/) }],
    [
      { formula: 'A1', result: { error: '#REF!' } },
      { text: null, problem: expect.stringMatching(/#REF!/) },
    ],
    [{ error: '#N/A' }, { text: null, problem: expect.stringMatching(/#N\/A/) }],
    [true, { text: null, problem: expect.stringMatching(/逻辑值/) }],
  ])('reads the cell %j', (value, read) => {
    expect(cellValueText(value)).toEqual(read);
  });

  it.each([
    ['　ＧＨ－００１ ', 'GH－001'],
    ['某某（集团）公司\n工会', '某某（集团）公司 工会'],
    ['\u200b３２０１０２', '320102'],
  ])('normalises %j to %j', (input, output) => {
    expect(normaliseCellText(input)).toBe(output);
  });

  it.each([
    ['基层工会', 'grassroots'],
    ['GRASSROOTS', 'grassroots'],
    [' 服务站 ', 'service_station'],
    ['县区级总工会', 'county'],
    ['居委会', null],
  ])('reads the type %j as %j', (input, output) => {
    expect(parseOrgNodeType(input)).toBe(output);
  });

  it.each([
    ['组织编码*', 'code'],
    ['上级单位编码（必填）', 'parentCode'],
    ['联系\n电话', 'phone'],
    ['区划代码', 'regionCode'],
    ['编号', null],
  ])('reads the header %j as %j', (input, output) => {
    expect(matchImportHeader(input)).toBe(output);
  });
});
