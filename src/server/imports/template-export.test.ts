import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
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
import { addNanjingLines, idNumberFor } from '../test/household-fixtures';
import type { HouseholdFileInputJson } from '../../shared/households/household-file';
import { runJobs } from '../jobs/job-runner';
import { importJobHandlers } from './import-job';
import { runningChecks } from './imports.service';
import { buildHouseholdTemplate } from './import-workbooks';

let t: TestApp;
let county: TestNode;
let union: TestNode;
let union2: TestNode;
let otherCounty: TestNode;
let clerk: Client;
let reader: Client;
let otherClerk: Client;
let seq = 300;

const handlers = importJobHandlers(testCipher);

/** A household of three with only what the import template holds. */
function input(nodeId: number, overrides: Partial<HouseholdFileInputJson> = {}) {
  seq += 4;
  const region = nodeId === otherCounty.id ? '320104' : '320102';
  return {
    nodeId,
    regionCode: region,
    standardLevel: 'grassroots',
    phone: '13812345678',
    address: '南京市玄武区中山路1号',
    employerName: '南京机械厂',
    mainCause: 'illness',
    secondaryCauses: ['unemployment', 'disability'],
    situation: '户主患病 下岗在家',
    bankName: '中国工商银行',
    bankAccount: '6222021234567890123',
    isSingleParent: false,
    isZeroEmployment: true,
    members: [
      {
        ref: 'head',
        relation: 'head',
        name: `张建国${seq}`,
        idNumber: idNumberFor(region, '1975-04-12', seq + 1),
        birthDate: '1975-04-12',
        sex: 'male',
        isAbleToWork: false,
        workStatus: 'laid_off',
        healthStatus: 'malignant_tumour',
      },
      {
        ref: 'spouse',
        relation: 'spouse',
        name: `李秀英${seq}`,
        idNumber: idNumberFor(region, '1977-02-03', seq + 2),
        birthDate: '1977-02-03',
        sex: 'female',
        isAbleToWork: true,
        workStatus: 'employed',
      },
      {
        ref: 'child',
        relation: 'child',
        name: `张小燕${seq}`,
        idNumber: idNumberFor(region, '2008-09-01', seq),
        birthDate: '2008-09-01',
        sex: 'female',
        isAbleToWork: false,
        isInFullTimeStudy: true,
        studyLevel: 'senior_secondary',
      },
    ],
    incomes: [
      { memberRef: 'head', type: 'transfers', amountFen: 1_800_000 },
      { memberRef: 'spouse', type: 'wages', amountFen: 2_400_050 },
    ],
    rigidExpenditures: [
      { memberRef: null, type: 'medical', amountFen: 300_000 },
      // No column in the template: an import keeps it.
      { memberRef: 'head', type: 'other_allowed', amountFen: 50_000, note: '护理用品' },
    ],
    ...overrides,
  } as HouseholdFileInputJson;
}

async function create(client: Client, body: HouseholdFileInputJson): Promise<number> {
  const res = await client.post('/api/households', body);
  expect(res.status, res.text).toBe(201);
  return res.body.id as number;
}

async function check(client: Client, nodeId: number, data: Buffer) {
  const res = await client.send('POST', '/api/imports', {
    query: { nodeId },
    upload: { fileName: 'export.xlsx', data },
  });
  expect(res.status, res.text).toBe(202);
  await runningChecks.get(res.body.id);
  const view = (await client.get(`/api/imports/${res.body.id}`)).body;
  expect(view.status, JSON.stringify(view.issues)).toBe('validated');
  return view;
}

/** What a file holds, without what a save changes (ids, versions, times, assessment). */
async function contentOf(client: Client, id: number) {
  const file = (await client.get(`/api/households/${id}`)).body;
  const refs = new Map<string, string>(
    file.members.map((m: { ref: string; idNumberMasked: string }) => [m.ref, m.idNumberMasked]),
  );
  return {
    regionCode: file.regionCode,
    standardLevel: file.standardLevel,
    address: file.address,
    employerName: file.employerName,
    mainCause: file.mainCause,
    secondaryCauses: file.secondaryCauses,
    situation: file.situation,
    bankName: file.bankName,
    isSingleParent: file.isSingleParent,
    isZeroEmployment: file.isZeroEmployment,
    housingType: file.housingType,
    members: file.members.map((m: Record<string, unknown>) => {
      const { id: _id, ref: _ref, ...rest } = m;
      void _id;
      void _ref;
      return rest;
    }),
    incomes: file.incomes
      .map((i: { memberRef: string | null; type: string; amountFen: number }) => ({
        member: i.memberRef ? refs.get(i.memberRef) : null,
        type: i.type,
        amountFen: i.amountFen,
      }))
      .sort((a: { type: string }, b: { type: string }) => a.type.localeCompare(b.type)),
    rigidExpenditures: file.rigidExpenditures.map(
      (e: { memberRef: string | null; type: string; amountFen: number; note?: string }) => ({
        member: e.memberRef ? refs.get(e.memberRef) : null,
        type: e.type,
        amountFen: e.amountFen,
        note: e.note ?? null,
      }),
    ),
  };
}

/** Exports one file, imports the workbook back under the node, and reads the file again. */
async function roundTripOne(id: number, nodeId: number) {
  const exported = await clerk.get(`/api/households/${id}/template-export`);
  const view = await check(clerk, nodeId, exported.raw);
  expect((await clerk.post(`/api/imports/${view.id}/commit`)).status).toBe(200);
  await runJobs(t.db, { handlers });
  return (await clerk.get(`/api/households/${id}`)).body;
}

async function workbookOf(data: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  return wb;
}

/** The text of the rows below the header of a sheet. */
function dataRows(wb: ExcelJS.Workbook, sheet: string): string[][] {
  const ws = wb.getWorksheet(sheet)!;
  const out: string[][] = [];
  ws.eachRow((row, n) => {
    if (n < 3) return;
    const values = (row.values as ExcelJS.CellValue[]).slice(1).map((v) => String(v ?? ''));
    if (values.some(Boolean)) out.push(values);
  });
  return out;
}

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'bangfu-template-export-'));
  t = await createTestApp({ dataDir });
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city' });
  county = await buildNode(t.db, city, { type: 'county', regionCode: '320102' });
  union = await buildNode(t.db, county);
  union2 = await buildNode(t.db, county);
  otherCounty = await buildNode(t.db, city, { type: 'county', regionCode: '320104' });
  await addNanjingLines(t.db);
  const [u1, u2, u3] = await Promise.all([
    buildUser(t.db, county, { roles: ['case_worker'] }),
    buildUser(t.db, county, { roles: ['auditor'] }),
    buildUser(t.db, otherCounty, { roles: ['case_worker'] }),
  ]);
  [clerk, reader, otherClerk] = await Promise.all([
    signIn(t, u1.username),
    signIn(t, u2.username),
    signIn(t, u3.username),
  ]);
}, 60_000);
afterAll(() => t?.close());

describe('export in the import template format', () => {
  let listIds: number[] = [];
  let otherId = 0;

  it('writes the template itself: sheets, headers, drop-downs and text ID columns', async () => {
    listIds = [await create(clerk, input(union.id)), await create(clerk, input(union.id))];
    otherId = await create(otherClerk, input(otherCounty.id));
    const res = await clerk.get('/api/households/template-export', { nodeId: union.id });
    expect(res.status, res.text).toBe(200);
    expect(String(res.headers['content-disposition'])).toContain('.xlsx');
    const [exported, template] = await Promise.all([
      workbookOf(res.raw),
      workbookOf(await buildHouseholdTemplate(t.db)),
    ]);
    expect(exported.worksheets.map((w) => [w.name, w.state])).toEqual(
      template.worksheets.map((w) => [w.name, w.state]),
    );
    for (const name of ['家庭', '成员']) {
      const [e, tp] = [exported.getWorksheet(name)!, template.getWorksheet(name)!];
      expect(e.getRow(1).values).toEqual(tp.getRow(1).values);
      expect(e.getRow(2).values).toEqual(tp.getRow(2).values);
      const validations = (ws: ExcelJS.Worksheet) =>
        Object.keys((ws as unknown as { dataValidations: { model: object } }).dataValidations.model)
          .length;
      expect(validations(e)).toBeGreaterThan(0);
      expect(validations(e)).toBe(validations(tp));
      const idCol = (e.getRow(2).values as string[]).indexOf('身份证号');
      expect(e.getColumn(idCol).numFmt).toBe('@');
      expect(e.getCell(3, idCol).numFmt).toBe('@');
    }
    const heads = dataRows(exported, '家庭');
    expect(heads).toHaveLength(2);
    // Values in clear, the example rows gone.
    expect(heads.flat()).toContain('6222021234567890123');
    expect(heads.flat().some((v) => v.startsWith('示例'))).toBe(false);
    expect(dataRows(exported, '成员')).toHaveLength(4);
  });

  it('round-trips a list through the import: nothing new, nothing rejected, nothing changed', async () => {
    const before = await Promise.all(listIds.map((id) => contentOf(clerk, id)));
    const first = await clerk.get('/api/households/template-export', { nodeId: union.id });
    // Files entered on screen (no import digest yet) are compared with the sheet by content.
    const view = await check(clerk, union.id, first.raw);
    expect(view.summary).toMatchObject({
      households: 2,
      new: 0,
      rejected: 0,
      rejectedRows: 0,
      changed: 0,
      unchanged: 2,
    });
    expect((await clerk.post(`/api/imports/${view.id}/commit`)).status).toBe(200);
    await runJobs(t.db, { handlers });
    expect(await Promise.all(listIds.map((id) => contentOf(clerk, id)))).toEqual(before);
    const versions = await Promise.all(
      listIds.map(async (id) => (await clerk.get(`/api/households/${id}`)).body.version),
    );
    // A changed cell is a change; committing it keeps what the sheet has no column for.
    const edited = await workbookOf(first.raw);
    const ws = edited.getWorksheet('家庭')!;
    const addressCol = (ws.getRow(2).values as string[]).indexOf('家庭住址');
    ws.getCell(3, addressCol).value = '南京市玄武区新街口 1 号';
    // A blank cell the import would fill with a default says nothing about a stored file.
    const zeroCol = (ws.getRow(2).values as string[]).indexOf('是否零就业');
    expect(ws.getCell(3, zeroCol).value).toBe('是');
    ws.getCell(3, zeroCol).value = null;
    const changed = await check(clerk, union.id, Buffer.from(await edited.xlsx.writeBuffer()));
    expect(changed.summary).toMatchObject({ households: 2, changed: 1, unchanged: 1 });
    expect((await clerk.post(`/api/imports/${changed.id}/commit`)).status).toBe(200);
    await runJobs(t.db, { handlers });
    const after = await Promise.all(listIds.map((id) => contentOf(clerk, id)));
    const firstRow = dataRows(edited, '家庭')[0]!;
    const editedIndex = after.findIndex((c) => JSON.stringify(c).includes('新街口 1 号'));
    expect(editedIndex, JSON.stringify(firstRow)).toBeGreaterThanOrEqual(0);
    expect(after[1 - editedIndex]).toEqual(before[1 - editedIndex]);
    expect({ ...after[editedIndex], address: null }).toEqual({
      ...before[editedIndex],
      address: null,
    });
    const versionsAfter = await Promise.all(
      listIds.map(async (id) => (await clerk.get(`/api/households/${id}`)).body.version),
    );
    expect(versionsAfter.filter((v, i) => v !== versions[i])).toHaveLength(1);
    // …and the export of the imported files comes back unchanged, file by file.
    const again = await clerk.get('/api/households/template-export', { nodeId: union.id });
    const second = await check(clerk, union.id, again.raw);
    expect(second.summary).toMatchObject({
      households: 2,
      new: 0,
      changed: 0,
      unchanged: 2,
      rejected: 0,
    });
  });

  it('round-trips one file', async () => {
    const res = await clerk.get(`/api/households/${listIds[0]}/template-export`);
    expect(res.status, res.text).toBe(200);
    const wb = await workbookOf(res.raw);
    expect(dataRows(wb, '家庭')).toHaveLength(1);
    expect(dataRows(wb, '成员')).toHaveLength(2);
    const view = await check(clerk, union.id, res.raw);
    expect(view.summary).toMatchObject({
      households: 1,
      new: 0,
      changed: 0,
      unchanged: 1,
      rejected: 0,
    });
  });

  it('keeps to the caller’s scope: another county’s files are never exported', async () => {
    const all = await workbookOf((await clerk.get('/api/households/template-export')).raw);
    const otherHead = idNumberFor('320104', '1975-04-12', 0).slice(0, 6);
    expect(dataRows(all, '家庭').some((r) => r.some((v) => v.startsWith(otherHead)))).toBe(false);
    expect(dataRows(all, '家庭')).toHaveLength(2);
    const single = await clerk.get(`/api/households/${otherId}/template-export`);
    expect(single.status).toBe(404);
    expect(single.body.error.code).toBe('NOT_FOUND');
    const outside = await otherClerk.get('/api/households/template-export', { nodeId: union.id });
    expect(outside.status).toBe(404);
  });

  it('needs household.reveal: household.read alone is refused', async () => {
    expect((await reader.get('/api/households/template-export')).status).toBe(403);
    expect((await reader.get(`/api/households/${listIds[0]}/template-export`)).status).toBe(403);
  });

  it('writes one audit record per export: the filter, the count and the file ids', async () => {
    const mark = await t.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirstOrThrow();
    await clerk.get('/api/households/template-export', {
      nodeId: union.id,
      q: idNumberFor('320102', '1975-04-12', 305),
    });
    await clerk.get('/api/households/template-export', { nodeId: union.id, cause: 'illness' });
    await clerk.get(`/api/households/${listIds[1]}/template-export`);
    const rows = await t.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type', 'entity_id', 'details', 'actor_username'])
      .where('id', '>', Number(mark.id ?? 0))
      .where('action', '=', 'household.exported_full')
      .orderBy('id')
      .execute();
    expect(rows).toHaveLength(3);
    const details = rows.map((r) =>
      typeof r.details === 'string' ? JSON.parse(r.details) : r.details,
    );
    // A searched ID number is never written to the log in clear.
    expect(JSON.stringify(details[0])).not.toContain(idNumberFor('320102', '1975-04-12', 305));
    expect(details[1]).toMatchObject({
      filter: { nodeId: union.id, cause: 'illness' },
      count: 2,
      householdIds: expect.arrayContaining(listIds),
    });
    expect(rows[2]).toMatchObject({
      entity_type: 'household',
      entity_id: listIds[1],
      actor_username: clerk.username,
    });
    expect(details[2]).toMatchObject({ count: 1, householdIds: [listIds[1]] });
  });

  it('refuses a filter on files not in force, saying why', async () => {
    const res = await clerk.get('/api/households/template-export', { status: 'exited' });
    expect(res.status).toBe(400);
    expect(res.body.error.userMessage).toContain('在档');
  });

  describe('the spreadsheet-injection guard', () => {
    let guardedId = 0;
    const formulaLike = '=HYPERLINK("http://x","点我")';

    it('puts an apostrophe before text that a spreadsheet would run', async () => {
      guardedId = await create(
        clerk,
        input(union2.id, { situation: formulaLike, address: '-3号楼 @ 东门' }),
      );
      const res = await clerk.get(`/api/households/${guardedId}/template-export`);
      const wb = await workbookOf(res.raw);
      const row = dataRows(wb, '家庭')[0]!;
      expect(row).toContain(`'${formulaLike}`);
      expect(row).toContain("'-3号楼 @ 东门");
      expect(row.some((v) => /^[=+\-@]/.test(v))).toBe(false);
    });

    // The import undoes the guard's apostrophe (cleanText): a guarded value comes back as it was.
    it('round-trips a guarded value unchanged through the import', async () => {
      const file = await roundTripOne(guardedId, union2.id);
      expect(file.situation).toBe(formulaLike);
    });
  });

  // Chinese punctuation in free text (，（）) is the user's text: the import keeps it as typed.
  it('round-trips full-width punctuation in free text', async () => {
    const situation = '户主患病，下岗在家（2026年）';
    const id = await create(clerk, input(union2.id, { situation }));
    const file = await roundTripOne(id, union2.id);
    expect(file.situation).toBe(situation);
  });
});
