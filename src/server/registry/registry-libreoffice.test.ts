import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNode, buildUser, createTestApp, type TestApp, type TestNode } from '../test/test-app';
import { signIn, type Client } from '../test/clients';
import { addNanjingLines, householdInput, idNumberFor } from '../test/household-fixtures';
import { buildFods, convertWithLibreOffice, type FodsCell } from '../imports/import-fixtures';

/**
 * A 低保 roll as a civil-affairs office sends it, made by a real spreadsheet
 * program: the test writes flat ODS with the quirks of such extracts and
 * LibreOffice headless (Debian's package) saves it as .xlsx. Merged title row
 * over the header, an instructions sheet, a hidden sheet of old data, ID
 * numbers in full-width digits and one typed into a number column, dates as
 * date cells and as text, a thousands separator, bad cells, empty rows at the
 * end. The round's counts, findings and per-row errors are checked.
 */

let t: TestApp;
let union: TestNode;
let clerk: Client;
let workbook: Buffer;

const headBirth = '1975-04-12';
const people = {
  a: { name: '张建国', seq: 301 },
  b: { name: '李秀兰', seq: 303 },
  c: { name: '王海涛', seq: 305 },
  d: { name: '赵德明', seq: 307 },
  e: { name: '钱丽华', seq: 309 },
  hidden: { name: '孙志强', seq: 311 },
};
type Person = keyof typeof people;
const headId = (p: Person) => idNumberFor('320102', headBirth, people[p].seq);
/** The daughter of c's household (householdInput: born 2008-09-01, childSeq). */
const cChildId = idNumberFor('320102', '2008-09-01', 405);
const strangerId = idNumberFor('320102', '1960-01-01', 991);
const files: Partial<Record<Person, number>> = {};

const fullWidth = (s: string) =>
  s.replace(/[0-9X]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
const badCheck = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

const header: FodsCell[] = [
  '序号',
  '姓名',
  '公民身份号码',
  '出生日期',
  '低保证号',
  '月保障金额（元）',
  '救助类别',
  '纳入日期',
];

function rollWorkbook(): string {
  return buildFods([
    { name: '填报说明', rows: [['本表由区民政局导出，仅供比对使用'], ['身份证号请勿改动']] },
    {
      name: '往年名册',
      hidden: true,
      rows: [
        header,
        ['1', people.hidden.name, headId('hidden'), '', 'XW-2019-0001', '500', '城市低保', ''],
      ],
    },
    {
      name: '低保名册',
      rows: [
        // Row 1: a merged title over the header (row 2).
        [{ text: '南京市玄武区城乡低保对象名册（2026年3月）', span: 8 }],
        header,
        // 3: full-width digits and a trailing ideographic space; the start as a date cell.
        [
          { float: 1 },
          people.a.name,
          `${fullWidth(headId('a'))}\u3000`,
          '',
          'XW-0001',
          { float: 680 },
          '城市低保',
          { date: '2025-03-01' },
        ],
        // 4: the ID number typed into a number column (its last digits lost).
        [
          { float: 2 },
          people.b.name,
          { float: Number(headId('b')) },
          '',
          'XW-0002',
          '720',
          '城市低保',
          '2025/3/1',
        ],
        // 5: the daughter of c; the start as Chinese text, the amount with a thousands separator.
        [
          { float: 3 },
          '王海涛女儿',
          cChildId,
          '',
          'XW-0003',
          '1,200.50',
          '特困供养',
          '2024年3月1日',
        ],
        // 6: no ID number; name and the birth date as a date cell.
        [{ float: 4 }, people.d.name, '', { date: headBirth }, 'XW-0004', '650', '城市低保', ''],
        // 7: a number with a wrong check character; the birth date as text.
        [
          { float: 5 },
          people.e.name,
          badCheck(headId('e')),
          '1975/4/12',
          'XW-0005',
          '650',
          '城市低保',
          '',
        ],
        // 8: the amount in words: rejected.
        [
          { float: 6 },
          '周金额',
          idNumberFor('320102', '1961-01-01', 993),
          '',
          'XW-0006',
          '五百',
          '城市低保',
          '',
        ],
        // 9: a start date that does not exist: rejected.
        [
          { float: 7 },
          '吴日期',
          idNumberFor('320102', '1962-02-02', 995),
          '',
          'XW-0007',
          '500',
          '城市低保',
          '2024-13-45',
        ],
        // 10: someone with no file here: unmatched.
        [{ float: 8 }, '陌生人', strangerId, '', 'XW-0008', '500', '城市低保', ''],
        // Empty rows at the end, as left by deleting their contents.
        [' ', null, null, '  '],
        [null, '', '\u3000'],
        [],
      ],
    },
  ]);
}

beforeAll(async () => {
  const [app, made] = await Promise.all([
    createTestApp({ dataDir: await mkdtemp(join(tmpdir(), 'bangfu-registry-lo-')) }),
    convertWithLibreOffice([{ name: 'dibao-roll.fods', content: rollWorkbook() }]),
  ]);
  t = app;
  workbook = made.get('dibao-roll.fods')!;
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city' });
  const county = await buildNode(t.db, city, { type: 'county', regionCode: '320102' });
  union = await buildNode(t.db, county);
  await addNanjingLines(t.db);
  const user = await buildUser(t.db, county, { roles: ['federation_admin', 'case_worker'] });
  clerk = await signIn(t, user.username);
  for (const key of Object.keys(people) as Person[]) {
    const input = householdInput(union.id, {
      headSeq: people[key].seq,
      childSeq: people[key].seq + 100,
    });
    input.members[0]!.name = people[key].name;
    input.members[1]!.name = `${people[key].name}女儿`;
    const res = await clerk.post('/api/households', input);
    expect(res.status, res.text).toBe(201);
    files[key] = res.body.id as number;
  }
}, 180_000);

afterAll(async () => {
  await t?.close();
});

describe('a 低保 roll saved by LibreOffice', () => {
  let roundId: number;
  let findings: any[];

  it('is read from its visible sheet below the merged title, empty rows left out', async () => {
    const res = await clerk.send('POST', '/api/registry/rounds', {
      query: { kind: 'dibao' },
      upload: { fileName: '玄武区低保名册.xlsx', data: workbook },
    });
    expect(res.status, res.text).toBe(201);
    roundId = res.body.id;
    expect(res.body.counts).toEqual({
      rows: 8,
      matchedById: 2,
      matchedByScore: 3,
      unmatched: 1,
      rejected: 2,
      // Row 4 (the number lost its last digits) and row 7 (a wrong check character).
      idUnusable: 2,
    });
    const list = await clerk.get('/api/registry/findings', { roundId });
    expect(list.status, list.text).toBe(200);
    findings = list.body.items;
    // Nothing from the hidden sheet of old data, nothing from the instructions.
    expect(findings.every((f) => f.evidence.sheet === '低保名册')).toBe(true);
    expect(findings.some((f) => f.householdId === files.hidden)).toBe(false);
  });

  it('matches by ID number through full-width digits, with dates from date cells and text', () => {
    const byRow = new Map(findings.map((f) => [f.evidence.rowNo, f]));
    expect(byRow.get(3)).toMatchObject({
      householdId: files.a,
      memberName: people.a.name,
      method: 'id_number',
      score: 100,
      evidence: {
        facts: { certificateNo: 'XW-0001', amountFen: 68_000, since: '2025-03-01' },
      },
    });
    expect(byRow.get(5)).toMatchObject({
      householdId: files.c,
      memberName: '王海涛女儿',
      memberRelation: 'child',
      method: 'id_number',
      evidence: {
        facts: {
          certificateNo: 'XW-0003',
          amountFen: 120_050,
          assistanceType: '特困供养',
          since: '2024-03-01',
        },
      },
    });
  });

  it('scores the rows whose number is missing, wrong or was stored as a number', () => {
    const byRow = new Map(findings.map((f) => [f.evidence.rowNo, f]));
    // The ID typed into a number column keeps its first 15 digits: the birth date is still there.
    expect(byRow.get(4)).toMatchObject({
      householdId: files.b,
      method: 'name_birth_date',
      score: 85,
      evidence: { birthDate: headBirth, idNumberMasked: null },
    });
    expect(byRow.get(6)).toMatchObject({
      householdId: files.d,
      method: 'name_birth_date',
      evidence: { birthDate: headBirth },
    });
    expect(byRow.get(7)).toMatchObject({
      householdId: files.e,
      method: 'name_birth_date',
      evidence: { birthDate: headBirth },
    });
    expect(findings).toHaveLength(5);
    expect(findings.every((f) => f.status === 'open')).toBe(true);
  });

  it('keeps each rejected row with its reason, by sheet and row', async () => {
    const rows = await t.db
      .selectFrom('registry_rows')
      .select(['sheet', 'row_no', 'name', 'problem'])
      .where('round_id', '=', roundId)
      .orderBy('row_no')
      .execute();
    expect(rows.map((r) => r.row_no)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    const problems = rows.filter((r) => r.problem);
    expect(problems.map((r) => [r.sheet, r.row_no, r.name])).toEqual([
      ['低保名册', 8, '周金额'],
      ['低保名册', 9, '吴日期'],
    ]);
    expect(problems[0]!.problem).toContain('月保障金额：“五百”不是金额');
    expect(problems[1]!.problem).toContain('纳入日期');
    expect(problems[1]!.problem).toContain('2024-13-45');
  });

  it('answers the rejected rows with sheet, row, the extract’s column and the reason', async () => {
    const res = await clerk.get(`/api/registry/rounds/${roundId}/rejected-rows`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ roundId, total: 2, nextAfter: null });
    expect(res.body.items).toMatchObject([
      {
        sheet: '低保名册',
        rowNo: 8,
        name: '周金额',
        problems: [
          { column: '月保障金额（元）', message: expect.stringContaining('“五百”不是金额') },
        ],
      },
      {
        sheet: '低保名册',
        rowNo: 9,
        name: '吴日期',
        problems: [{ column: '纳入日期', message: expect.stringContaining('2024-13-45') }],
      },
    ]);
    const page = await clerk.get(`/api/registry/rounds/${roundId}/rejected-rows`, { limit: 1 });
    expect(page.body.items.map((r: { rowNo: number }) => r.rowNo)).toEqual([8]);
    const next = await clerk.get(`/api/registry/rounds/${roundId}/rejected-rows`, {
      limit: 1,
      after: page.body.nextAfter,
    });
    expect(next.body.items.map((r: { rowNo: number }) => r.rowNo)).toEqual([9]);
    expect(next.body.nextAfter).toBeNull();
  });

  it('lists the rows read whose ID number was unusable, with why, the number masked', async () => {
    const res = await clerk.get(`/api/registry/rounds/${roundId}/rejected-rows`, {
      which: 'id_unusable',
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ roundId, which: 'id_unusable', total: 2, nextAfter: null });
    expect(res.body.items).toMatchObject([
      {
        sheet: '低保名册',
        rowNo: 4,
        name: people.b.name,
        problems: [{ column: '身份证号', message: expect.stringMatching(/身份证号/) }],
      },
      {
        sheet: '低保名册',
        rowNo: 7,
        name: people.e.name,
        problems: [{ column: '身份证号', message: expect.stringContaining('校验位') }],
      },
    ]);
    // No full ID number leaves the server, in the list or in the reasons.
    expect(res.text).not.toMatch(/\d{17}[\dX]/);
    const other = await clerk.get(`/api/registry/rounds/${roundId}/rejected-rows`, {
      which: 'other',
    });
    expect(other.status).toBe(400);
  });
});
