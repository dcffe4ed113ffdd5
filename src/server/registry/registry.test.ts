import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNode, buildUser, createTestApp, type TestApp, type TestNode } from '../test/test-app';
import { signIn, type Client, type Upload } from '../test/clients';
import { addNanjingLines, householdInput, idNumberFor } from '../test/household-fixtures';
import { inTransaction } from '../db/database';
import { registerDirectly } from '../cases/cases.service';
import { extractCsv } from './registry-fixtures';

let t: TestApp;
let county: TestNode;
let union: TestNode;
let otherCounty: TestNode;
/** County clerk: case worker and administrator (may propose exits). */
let clerk: Client;
let otherClerk: Client;

const birth = '1975-04-12';
const files: Record<string, { id: number; headId: string; childId: string }> = {};

async function createFile(key: string, name: string, seq: number, register = true) {
  const input = householdInput(union.id, { headSeq: seq, childSeq: seq + 100 });
  input.members[0]!.name = name;
  input.members[1]!.name = `${name}女儿`;
  const res = await clerk.post('/api/households', input);
  expect(res.status, res.text).toBe(201);
  if (register)
    await inTransaction(t.db, (trx) => registerDirectly(trx, { actor: null }, res.body.id, '测试'));
  files[key] = {
    id: res.body.id,
    headId: idNumberFor('320102', birth, seq),
    childId: idNumberFor('320102', '2008-09-01', seq + 100),
  };
}

async function upload(kind: string, file: Upload, client = clerk) {
  return client.send('POST', '/api/registry/rounds', { query: { kind }, upload: file });
}

async function findingsOf(roundId: number, client = clerk) {
  const res = await client.get('/api/registry/findings', { roundId });
  expect(res.status, res.text).toBe(200);
  return res.body.items as any[];
}

async function xlsxExtract(rows: (string | number | Date)[][]): Promise<Upload> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('车辆');
  ws.addRow(['某市公安局交通管理局 车辆登记信息（导出）']);
  for (const r of rows) ws.addRow(r);
  return { fileName: 'vehicles.xlsx', data: Buffer.from(await wb.xlsx.writeBuffer()) };
}

async function fileOf(id: number) {
  const res = await clerk.get(`/api/households/${id}`);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

beforeAll(async () => {
  t = await createTestApp({ dataDir: await mkdtemp(join(tmpdir(), 'bangfu-registry-')) });
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city' });
  county = await buildNode(t.db, city, { type: 'county', regionCode: '320102' });
  union = await buildNode(t.db, county);
  otherCounty = await buildNode(t.db, city, { type: 'county', regionCode: '320104' });
  await addNanjingLines(t.db);
  const c = await buildUser(t.db, county, { roles: ['federation_admin', 'case_worker'] });
  const o = await buildUser(t.db, otherCounty, { roles: ['federation_admin', 'case_worker'] });
  clerk = await signIn(t, c.username);
  otherClerk = await signIn(t, o.username);
  await createFile('dibao', '张建国', 101);
  await createFile('vehicle', '李卫东', 103);
  await createFile('business', '赵国强', 105);
  await createFile('property', '钱学明', 107);
  await createFile('death', '孙立新', 109);
  await createFile('scored', '王秀英', 111);
  await createFile('insurance', '周海平', 113);
  await createFile('exited', '吴国华', 115);
  await t.db
    .updateTable('households')
    .set({ status: 'exited', exited_at: new Date(), exit_kind: 'out_of_hardship' })
    .where('id', '=', files.exited!.id)
    .execute();
});

afterAll(async () => {
  await t.close();
});

describe('importExtract', () => {
  it('matches a GBK 低保 roll by ID number, with counts of matched, unmatched and rejected rows', async () => {
    const res = await upload(
      'dibao',
      extractCsv(
        [
          ['序号', '姓名', '公民身份号码', '低保证号', '月保障金额（元）', '救助类别', '纳入日期'],
          ['1', '张建国', files.dibao!.headId, 'XW-0001', '680', '城市低保', '2025/3/1'],
          [
            '2',
            '陌生人',
            idNumberFor('320102', '1960-01-01', 991),
            'XW-0002',
            '500',
            '城市低保',
            '',
          ],
          [
            '3',
            '金额错',
            idNumberFor('320102', '1961-01-01', 993),
            'XW-0003',
            '五百',
            '城市低保',
            '',
          ],
          ['', '', '', '', '', '', ''],
        ],
        'gbk',
      ),
    );
    expect(res.status, res.text).toBe(201);
    expect(res.body.kind).toBe('dibao');
    expect(res.body.counts).toEqual({
      rows: 3,
      matchedById: 1,
      matchedByScore: 0,
      unmatched: 1,
      rejected: 1,
      idUnusable: 0,
    });
    const [f] = await findingsOf(res.body.id);
    expect(f).toMatchObject({
      kind: 'dibao_recipient',
      status: 'open',
      householdId: files.dibao!.id,
      memberName: '张建国',
      method: 'id_number',
      score: 100,
      evidence: {
        rowNo: 2,
        name: '张建国',
        facts: { certificateNo: 'XW-0001', amountFen: 68_000, since: '2025-03-01' },
      },
    });
    // The evidence row's ID number is masked.
    expect(f.evidence.idNumberMasked).toMatch(/^3201\*+\d{3}[\dX]$/);
    expect(JSON.stringify(f)).not.toContain(files.dibao!.headId);
    // The rejected row, with the extract's own header and the reason.
    const rejected = await clerk.get(`/api/registry/rounds/${res.body.id}/rejected-rows`);
    expect(rejected.status, rejected.text).toBe(200);
    expect(rejected.body).toMatchObject({ total: 1, nextAfter: null });
    expect(rejected.body.items).toMatchObject([
      {
        sheet: 'CSV',
        rowNo: 4,
        name: '金额错',
        idNumberMasked: expect.stringMatching(/^3201\*+/),
        problems: [
          { column: '月保障金额（元）', message: '“五百”不是金额，请只填数字（单位：元）' },
        ],
      },
    ]);
  });

  it('names the unusable ID number of a rejected row, masked, and of a row matched without it', async () => {
    const badCheck =
      files.dibao!.headId.slice(0, 17) + (files.dibao!.headId[17] === '0' ? '1' : '0');
    const res = await upload(
      'death',
      extractCsv([
        ['姓名', '身份证号', '死亡日期'],
        ['', badCheck, '2026-01-05'],
        ['无此人', '3.20102E+17', '2026-01-05'],
      ]),
    );
    expect(res.status, res.text).toBe(201);
    expect(res.body.counts).toMatchObject({ rows: 2, rejected: 1, unmatched: 1 });
    const rejected = await clerk.get(`/api/registry/rounds/${res.body.id}/rejected-rows`);
    expect(rejected.body.items).toMatchObject([
      {
        rowNo: 2,
        name: null,
        problems: [
          { column: '身份证号', message: '身份证号无效：校验位不对，请核对是否抄错' },
          { column: null, message: '既没有有效的身份证号，也没有姓名，无法比对' },
        ],
      },
    ]);
    expect(rejected.text).not.toContain(badCheck);
    // The second row was read and compared by name: its number is listed as unusable.
    expect(res.body.counts).toMatchObject({ idUnusable: 1 });
    const unusable = await clerk.get(`/api/registry/rounds/${res.body.id}/rejected-rows`, {
      which: 'id_unusable',
    });
    expect(unusable.body).toMatchObject({ which: 'id_unusable', total: 1 });
    expect(unusable.body.items).toMatchObject([
      {
        rowNo: 3,
        name: '无此人',
        problems: [{ column: '身份证号', message: expect.stringContaining('存成了数字') }],
      },
    ]);
  });

  it('refuses a file with no extract header, and other file types', async () => {
    const res = await upload(
      'dibao',
      extractCsv([
        ['甲', '乙'],
        ['1', '2'],
      ]),
    );
    expect(res.status).toBe(400);
    const xls = await upload('dibao', { fileName: 'old.xls', data: Buffer.from('x') });
    expect(xls.status).toBe(400);
  });

  it('scores name and birth matches when the ID number is missing or invalid, and never confirms them', async () => {
    const badCheck =
      files.scored!.headId.slice(0, 17) + (files.scored!.headId[17] === '0' ? '1' : '0');
    const res = await upload(
      'vehicle',
      extractCsv([
        ['车主', '身份证号', '出生日期', '号牌号码', '车辆类型'],
        ['王秀英', '', birth, '苏A11111', '小型轿车'],
        ['王秀英', '', '1975', '苏A22222', '小型轿车'],
        ['王秀瑛', badCheck, '', '苏A33333', '二轮摩托车'],
        ['王秀英', '', '1980-01-01', '苏A44444', '小型轿车'],
      ]),
    );
    expect(res.status, res.text).toBe(201);
    expect(res.body.counts).toMatchObject({
      rows: 4,
      matchedById: 0,
      matchedByScore: 3,
      unmatched: 1,
    });
    const found = (await findingsOf(res.body.id)).sort((a, b) => b.score - a.score);
    expect(found.map((f) => [f.evidence.facts.plate, f.method, f.score, f.status])).toEqual([
      ['苏A11111', 'name_birth_date', 85, 'open'],
      ['苏A22222', 'name_birth_year', 60, 'open'],
      // The birth date came from the invalid number's digits.
      ['苏A33333', 'pinyin_birth_date', 45, 'open'],
    ]);
    expect(found[2].why).toContain('拼音');
    // Why the number could not be used is kept and said.
    expect(found[2].evidence.idProblem).toContain('校验位');
    expect(found[2].why).toContain('校验位');
    expect(found[0].evidence.idProblem).toBeNull();
    expect(found[2].evidence.idNumberMasked).toMatch(/^3201\*+/);
    // The file is untouched until a reviewer confirms.
    const file = await fileOf(files.scored!.id);
    expect(file.exclusions.vehicle.answer).toBe(false);
  });

  it('does not open a second finding for the same member and kind, but counts the row as matched', async () => {
    const extract = extractCsv([
      ['姓名', '身份证号', '状态', '险种'],
      ['周海平', files.insurance!.headId, '欠费', '城镇职工基本养老保险'],
    ]);
    const first = await upload('social_insurance', extract);
    const again = await upload('social_insurance', extract);
    expect(first.body.counts.matchedById).toBe(1);
    expect(again.body.counts.matchedById).toBe(1);
    expect(await findingsOf(first.body.id)).toHaveLength(1);
    expect(await findingsOf(again.body.id)).toHaveLength(0);
    const [f] = await findingsOf(first.body.id);
    expect(f.kind).toBe('insurance_unpaid');
    const paid = await upload(
      'social_insurance',
      extractCsv([
        ['姓名', '身份证号', '缴费状态', '缴费月数'],
        ['周海平女儿', files.insurance!.childId, '正常缴费', '12'],
      ]),
    );
    const [p] = await findingsOf(paid.body.id);
    expect(p).toMatchObject({ kind: 'insurance_paid', evidence: { facts: { monthsPaid: 12 } } });
    const confirmed = await clerk.post(`/api/registry/findings/${p.id}/confirm`, { version: 0 });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.body.action).toEqual({ type: 'recorded' });
  });
});

describe('confirmFinding', () => {
  it('a vehicle (from an .xlsx with a title row) sets the exclusion with its evidence and re-assesses', async () => {
    const before = await fileOf(files.vehicle!.id);
    expect(before.eligible).toBe(true);
    const res = await upload(
      'vehicle',
      await xlsxExtract([
        ['所有人', '证件号码', '号牌号码', '车辆类型'],
        ['李卫东', files.vehicle!.headId, '苏A8K888', '小型普通客车'],
      ]),
    );
    expect(res.status, res.text).toBe(201);
    const [f] = await findingsOf(res.body.id);
    expect(f).toMatchObject({ kind: 'vehicle', method: 'id_number', evidence: { rowNo: 3 } });
    const ok = await clerk.post(`/api/registry/findings/${f.id}/confirm`, { version: f.version });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({
      status: 'confirmed',
      action: { type: 'exclusion', exclusionId: 'vehicle' },
    });
    expect(ok.body.action.assessmentId).toEqual(expect.any(Number));
    const after = await fileOf(files.vehicle!.id);
    expect(after.exclusions.vehicle.answer).toBe(true);
    expect(after.exclusions.vehicle.evidence).toContain('苏A8K888');
    expect(after.eligible).toBe(false);
    expect(after.version).toBeGreaterThan(before.version);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'details', 'before', 'after'])
      .where('entity_type', '=', 'household')
      .where('entity_id', '=', files.vehicle!.id)
      .where('action', 'in', ['registry.finding_confirmed', 'household.assessed'])
      .orderBy('id')
      .execute();
    expect(audit.slice(-2).map((a) => a.action)).toEqual([
      'household.assessed',
      'registry.finding_confirmed',
    ]);
    expect(audit.at(-1)!.after).toMatchObject({ 'exclusion:vehicle': { answer: true } });
  });

  it('a business sets the business exclusion; a property dismissed with a reason changes nothing', async () => {
    const biz = await upload(
      'business',
      extractCsv([
        ['经营者', '身份证号', '主体名称', '统一社会信用代码'],
        ['赵国强', files.business!.headId, '玄武区国强小吃店', '92320102MA1XXXXX'],
      ]),
    );
    const [b] = await findingsOf(biz.body.id);
    expect(b.kind).toBe('business');
    const ok = await clerk.post(`/api/registry/findings/${b.id}/confirm`, { version: 0 });
    expect(ok.status, ok.text).toBe(200);
    expect((await fileOf(files.business!.id)).exclusions.business_owner.answer).toBe(true);

    const prop = await upload(
      'property',
      extractCsv([
        ['权利人', '身份证号', '坐落', '建筑面积'],
        ['钱学明', files.property!.headId, '玄武区中山路1号', '56.3'],
      ]),
    );
    const [p] = await findingsOf(prop.body.id);
    expect(p).toMatchObject({ kind: 'property', evidence: { facts: { areaM2: 56.3 } } });
    const noReason = await clerk.post(`/api/registry/findings/${p.id}/dismiss`, { version: 0 });
    expect(noReason.status).toBe(400);
    const dismissed = await clerk.post(`/api/registry/findings/${p.id}/dismiss`, {
      version: 0,
      reason: '即现住房，仅一套',
    });
    expect(dismissed.status, dismissed.text).toBe(200);
    expect(dismissed.body).toMatchObject({
      status: 'dismissed',
      note: '即现住房，仅一套',
      action: null,
    });
    expect((await fileOf(files.property!.id)).exclusions.multiple_homes.answer).toBe(false);
    // A decided finding is not decided again.
    const again = await clerk.post(`/api/registry/findings/${p.id}/confirm`, { version: 1 });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('INVALID_STATE');
  });

  it('a 低保 roll entry re-assesses the file and keeps the evidence', async () => {
    const [f] = (
      await clerk.get('/api/registry/findings', { kind: 'dibao_recipient', status: 'open' })
    ).body.items;
    const ok = await clerk.post(`/api/registry/findings/${f.id}/confirm`, {
      version: 0,
      note: '与民政核实一致',
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.action).toMatchObject({ type: 'reassessed', assessmentId: expect.any(Number) });
    const panel = await clerk.get(`/api/households/${files.dibao!.id}/registry`);
    expect(panel.body.findings[0]).toMatchObject({ status: 'confirmed', note: '与民政核实一致' });
  });

  it('a death marks the member; the head’s death proposes a 注销 exit; exited files match deaths too', async () => {
    const res = await upload(
      'death',
      extractCsv([
        ['死者姓名', '公民身份号码', '死亡日期'],
        ['孙立新女儿', files.death!.childId, '2026年10月3日'],
        ['孙立新', files.death!.headId, '2026-11-01'],
        ['吴国华', files.exited!.headId, '2026-11-02'],
        ['李卫东', files.vehicle!.headId, ''],
      ]),
    );
    expect(res.status, res.text).toBe(201);
    expect(res.body.counts).toMatchObject({ rows: 4, matchedById: 3, rejected: 1 });
    const found = await findingsOf(res.body.id);
    const byName = Object.fromEntries(found.map((f) => [f.memberName, f]));
    expect(byName['吴国华']).toMatchObject({ kind: 'deceased', householdStatus: 'exited' });

    const child = await clerk.post(`/api/registry/findings/${byName['孙立新女儿'].id}/confirm`, {
      version: 0,
    });
    expect(child.status, child.text).toBe(200);
    expect(child.body.action).toMatchObject({
      type: 'deceased',
      deceasedOn: '2026-10-03',
      exitId: null,
      exitPending: null,
    });
    const head = await clerk.post(`/api/registry/findings/${byName['孙立新'].id}/confirm`, {
      version: 0,
    });
    expect(head.status, head.text).toBe(200);
    expect(head.body.action).toMatchObject({ type: 'deceased', exitId: expect.any(Number) });
    const exit = await t.db
      .selectFrom('household_exits')
      .select(['kind', 'reason_code', 'source', 'status'])
      .where('id', '=', head.body.action.exitId)
      .executeTakeFirstOrThrow();
    expect(exit).toEqual({
      kind: 'cancelled',
      reason_code: 'death',
      source: 'registry',
      status: 'proposed',
    });
    const panel = await clerk.get(`/api/households/${files.death!.id}/registry`);
    expect(panel.body.deceased).toEqual([
      { memberId: expect.any(Number), name: '孙立新', relation: 'head', deceasedOn: '2026-11-01' },
      {
        memberId: expect.any(Number),
        name: '孙立新女儿',
        relation: 'child',
        deceasedOn: '2026-10-03',
      },
    ]);
    // An exited file cannot be proposed for exit: the death is recorded, the exit left pending.
    const exited = await clerk.post(`/api/registry/findings/${byName['吴国华'].id}/confirm`, {
      version: 0,
    });
    expect(exited.status, exited.text).toBe(200);
    expect(exited.body.action).toMatchObject({ exitId: null, exitPending: expect.any(String) });
  });

  it('one of two concurrent decisions wins; the other is told of the conflict', async () => {
    const res = await upload(
      'vehicle',
      extractCsv([
        ['车主', '身份证号', '号牌号码'],
        ['孙立新', files.business!.childId, '苏A99999'],
      ]),
    );
    const [f] = await findingsOf(res.body.id);
    const [a, b] = await Promise.all([
      clerk.post(`/api/registry/findings/${f.id}/confirm`, { version: 0 }),
      clerk.post(`/api/registry/findings/${f.id}/dismiss`, { version: 0, reason: '不是本人车辆' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.error.code).toBe('CONFLICT');
  });
});

describe('scope', () => {
  it('another county sees no round or finding of this one and cannot decide them', async () => {
    const res = await upload(
      'business',
      extractCsv([
        ['姓名', '身份证号', '企业名称'],
        ['王秀英', files.scored!.headId, '秀英商店'],
      ]),
    );
    const [f] = await findingsOf(res.body.id);
    expect((await otherClerk.get(`/api/registry/rounds/${res.body.id}`)).status).toBe(404);
    const rejected = await otherClerk.get(`/api/registry/rounds/${res.body.id}/rejected-rows`);
    expect(rejected.status).toBe(404);
    expect((await otherClerk.get('/api/registry/rounds')).body).toEqual([]);
    expect((await otherClerk.get('/api/registry/findings')).body.items).toEqual([]);
    expect((await otherClerk.get(`/api/households/${files.scored!.id}/registry`)).status).toBe(404);
    const confirm = await otherClerk.post(`/api/registry/findings/${f.id}/confirm`, { version: 0 });
    expect(confirm.status).toBe(404);
    const dismiss = await otherClerk.post(`/api/registry/findings/${f.id}/dismiss`, {
      version: 0,
      reason: '试图越权',
    });
    expect(dismiss.status).toBe(404);
    // Another county's extract does not reach this county's files.
    const theirs = await upload(
      'business',
      extractCsv([
        ['姓名', '身份证号', '企业名称'],
        ['王秀英', files.scored!.headId, '秀英商店'],
      ]),
      otherClerk,
    );
    expect(theirs.status, theirs.text).toBe(201);
    expect(theirs.body.counts).toMatchObject({ rows: 1, matchedById: 0, unmatched: 1 });
    // Nor may it name this county's node.
    const named = await otherClerk.send('POST', '/api/registry/rounds', {
      query: { kind: 'business', nodeId: county.id },
      upload: extractCsv([['姓名'], ['王秀英']]),
    });
    expect(named.status).toBe(404);
  });
});
