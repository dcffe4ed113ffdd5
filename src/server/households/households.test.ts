import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildNode,
  buildUser,
  createTestApp,
  type Session,
  type TestApp,
  type TestNode,
} from '../test/test-app';
import { householdInput, idNumberFor, addNanjingLines } from '../test/household-fixtures';
import type { HouseholdFileInputJson } from '../../shared/households/household-file';

let t: TestApp;
let county: TestNode;
let union: TestNode;
let union2: TestNode;
let otherCounty: TestNode;
let otherUnion: TestNode;
let worker: Session;
let countyAdmin: Session;
let helper: Session;
let auditor: Session;
let other: Session;
let seq = 100;

/** A household with ID numbers no other test used. */
function fresh(nodeId = union.id, overrides: Partial<HouseholdFileInputJson> = {}) {
  seq += 2;
  return householdInput(nodeId, { headSeq: seq + 1, childSeq: seq, ...overrides });
}

async function create(session: Session, input: HouseholdFileInputJson) {
  const res = await session.post('/api/households', input);
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** The body of a PUT that changes nothing: stored members by id, sensitive values kept. */
function unchanged(file: any): HouseholdFileInputJson {
  return {
    nodeId: file.nodeId,
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
    members: file.members.map((m: any) => {
      const { idNumberMasked: _i, hasDiagnosis: _d, ...rest } = m;
      return rest;
    }),
    incomes: file.incomes,
    rigidExpenditures: file.rigidExpenditures,
    exclusions: file.exclusions,
    accident: file.accident,
    monthlyIncomes: file.monthlyIncomes,
    migrantWorker: file.migrantWorker,
  };
}

beforeAll(async () => {
  t = await createTestApp();
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city' });
  county = await buildNode(t.db, city, { type: 'county', regionCode: '320102' });
  union = await buildNode(t.db, county, { name: '玄武机械厂工会' });
  union2 = await buildNode(t.db, county, { name: '玄武纺织厂工会' });
  otherCounty = await buildNode(t.db, city, {
    type: 'county',
    regionCode: '320104',
    name: '秦淮区总工会',
  });
  otherUnion = await buildNode(t.db, otherCounty, { name: '秦淮印刷厂工会' });
  await t.db
    .updateTable('org_nodes')
    .set({ phone: '025-84561234' })
    .where('id', '=', otherUnion.id)
    .execute();
  await addNanjingLines(t.db);
  const users = await Promise.all([
    buildUser(t.db, union, { roles: ['case_worker'] }),
    buildUser(t.db, county, { roles: ['federation_admin'] }),
    buildUser(t.db, county, { roles: ['helper'] }),
    buildUser(t.db, county, { roles: ['auditor'] }),
    buildUser(t.db, otherCounty, { roles: ['case_worker'] }),
  ]);
  [worker, countyAdmin, helper, auditor, other] = (await Promise.all(
    users.map((u) => t.login(u.username)),
  )) as [Session, Session, Session, Session, Session];
}, 60_000);

afterAll(() => t.close());

describe('creating a file', () => {
  it('stores the file, assesses it and masks every sensitive value', async () => {
    const input = fresh();
    const res = await worker.post('/api/households', input);
    expect(res.status, res.text).toBe(201);
    const file = res.body;
    expect(file.headName).toBe('张建国');
    expect(file.nodeName).toBe('玄武机械厂工会');
    expect(file.members).toHaveLength(2);
    expect(file.members[0].idNumberMasked).toMatch(/^3201\*{10}\d{3}[\dX]$/);
    expect(file.phoneMasked).toBe('138****5678');
    expect(file.bankAccountMasked).toBe('6222 **** **** 0123');
    expect(file.members[0].hasDiagnosis).toBe(true);
    for (const secret of [
      '13812345678',
      '6222021234567890123',
      '肺癌',
      input.members[0]!.idNumber!,
    ])
      expect(res.text).not.toContain(secret);
    // (18,000 − 3,000) / 12 / 2 = 625 yuan ≤ the 1,180 line: deep hardship.
    expect(file.category).toBe('deep');
    expect(file.perCapitaMonthlyFen).toBe(62_500);
    expect(file.assessment.policyVersionId).toBeTruthy();
    expect(file.assessment.result.lines.dibaoMonthlyFen).toBe(118_000);
    expect(file.assessment.result.trace.length).toBeGreaterThan(3);
    expect(file.assessmentProblem).toBeNull();
    expect(file.createdBy).toBeTruthy();
    // Income items point at stored members.
    expect(file.incomes[0].memberRef).toBe(String(file.members[0].id));
  });

  it('keeps sensitive values only encrypted, with a keyed hash, in the database', async () => {
    const input = fresh();
    const file = await create(worker, input);
    const row = await t.db
      .selectFrom('households')
      .selectAll()
      .where('id', '=', file.id)
      .executeTakeFirstOrThrow();
    const members = await t.db
      .selectFrom('household_members')
      .selectAll()
      .where('household_id', '=', file.id)
      .execute();
    const stored = JSON.stringify({ row, members });
    for (const secret of [
      '13812345678',
      '6222021234567890123',
      '肺癌',
      input.members[0]!.idNumber!,
    ])
      expect(stored).not.toContain(secret);
    expect(row.phone_enc).toMatch(/^v1\./);
    expect(members[0]!.id_number_hash).toHaveLength(43);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(sql<string>`before::text || after::text`.as('text'))
      .where('entity_type', '=', 'household')
      .where('entity_id', '=', file.id)
      .execute();
    for (const a of audit)
      for (const secret of ['13812345678', '肺癌', input.members[0]!.idNumber!])
        expect(a.text ?? '').not.toContain(secret);
  });

  it('refuses an ID number with a bad check character, naming the field', async () => {
    const input = fresh();
    const id = input.members[1]!.idNumber!;
    input.members[1]!.idNumber = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    const res = await worker.post('/api/households', input);
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: any) => i.path)).toContain('members.1.idNumber');
  });

  it('refuses a birth date or sex that contradicts the ID number', async () => {
    const input = fresh();
    input.members[0]!.birthDate = '1975-04-13';
    const res = await worker.post('/api/households', input);
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: any) => i.path)).toContain('members.0.birthDate');
    const input2 = fresh();
    input2.members[0]!.sex = 'female';
    const res2 = await worker.post('/api/households', input2);
    expect(res2.body.error.issues.map((i: any) => i.path)).toContain('members.0.sex');
  });

  it('normalises full-width digits, a lower-case x and 15-digit numbers', async () => {
    const input = fresh();
    const head = input.members[0]!;
    const fullWidth = head.idNumber!.replace(/\d/g, (d) =>
      String.fromCharCode(d.charCodeAt(0) + 0xfee0),
    );
    head.idNumber = fullWidth.toLowerCase();
    // The old 15-digit form of a 1968 number: region, yymmdd, sequence.
    input.members[1] = {
      ...input.members[1]!,
      relation: 'spouse',
      idNumber: '320102680315123',
      birthDate: '1968-03-15',
      sex: 'male',
      isInFullTimeStudy: false,
      studyLevel: null,
    };
    const file = await create(worker, input);
    const found = await worker.get(`/api/households?q=${idNumberFor('320102', '1968-03-15', 123)}`);
    expect(found.body.items.map((h: any) => h.id)).toContain(file.id);
  });

  it('refuses two heads, a repeated cause and an unknown dictionary code', async () => {
    const input = fresh();
    input.members[1]!.relation = 'head';
    input.secondaryCauses = ['illness'];
    input.housingType = 'castle';
    const res = await worker.post('/api/households', input);
    expect(res.status).toBe(400);
    const paths = res.body.error.issues.map((i: any) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['members', 'secondaryCauses']));
    const res2 = await worker.post('/api/households', { ...fresh(), housingType: 'castle' });
    expect(res2.status).toBe(400);
    expect(res2.body.error.issues[0].path).toBe('housingType');
  });

  it('refuses a node outside the caller’s scope as if it did not exist', async () => {
    const res = await worker.post('/api/households', fresh(otherUnion.id));
    expect(res.status).toBe(404);
  });

  it('saves a file whose region has no 低保 line, unassessed, and says why', async () => {
    const res = await worker.post('/api/households', { ...fresh(), regionCode: '110101' });
    expect(res.status, res.text).toBe(201);
    expect(res.body.category).toBeNull();
    expect(res.body.assessment).toBeNull();
    expect(res.body.assessmentProblem).toMatch(/110101|低保/);
  });
});

describe('one person, one active file', () => {
  it('refuses a member who is in another active file, naming only the node to contact', async () => {
    const first = fresh(otherUnion.id);
    await create(other, first);
    const second = fresh();
    second.members[1]!.idNumber = first.members[1]!.idNumber;
    second.members[1]!.birthDate = first.members[1]!.birthDate;
    second.members[1]!.sex = first.members[1]!.sex;
    const res = await worker.post('/api/households', second);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT');
    expect(res.body.error.message).toContain('秦淮印刷厂工会');
    expect(res.body.error.message).toContain('025-84561234');
    expect(res.body.error.issues[0].path).toBe('members.1.idNumber');
    // Outside the caller's scope: no id, no contents of the other file.
    expect(res.body.error.details.householdId).toBeUndefined();
    expect(res.text).not.toContain('张建国');
  });

  it('tells a user who may see the other file which one it is', async () => {
    const first = await create(worker, fresh());
    const second = fresh(union2.id);
    second.members[0] = { ...second.members[0]!, ...householdInputHead(first) };
    const res = await countyAdmin.post('/api/households', second);
    expect(res.status).toBe(409);
    expect(res.body.error.details.householdId).toBe(first.id);
  });

  it('frees a member’s number once the member is taken out of the file', async () => {
    const input = fresh();
    const file = await create(worker, input);
    const body = unchanged(file);
    body.members = body.members.filter((m) => m.relation === 'head');
    body.incomes = [];
    body.rigidExpenditures = [];
    const saved = await worker.put(`/api/households/${file.id}`, {
      version: file.version,
      file: body,
    });
    expect(saved.status, saved.text).toBe(200);
    const again = fresh();
    again.members[1] = input.members[1]!;
    await create(worker, again);
  });

  it('lets exactly one of two concurrent files take the same person', async () => {
    const a = fresh();
    const b = fresh(union2.id);
    b.members[1] = a.members[1]!;
    const results = await Promise.all([
      worker.post('/api/households', a),
      countyAdmin.post('/api/households', b),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });
});

/** The head of a stored file, as a new member row with the same (known) ID number. */
function householdInputHead(file: any) {
  const head = file.members[0];
  return {
    name: head.name,
    birthDate: head.birthDate,
    sex: head.sex,
    idNumber: idNumberFor('320102', head.birthDate, seqOfStoredHead(file)),
  };
}
/** fresh() gives heads odd sequence numbers; the masked number keeps the last four characters. */
function seqOfStoredHead(file: any): number {
  return Number(String(file.members[0].idNumberMasked).slice(-4, -1));
}

describe('editing a file', () => {
  it('keeps sensitive values the form left out, clears those set to null', async () => {
    const file = await create(worker, fresh());
    const body = { ...unchanged(file), address: '南京市玄武区北京东路9号', phone: null };
    const res = await worker.put(`/api/households/${file.id}`, {
      version: file.version,
      file: body,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.version).toBe(file.version + 1);
    expect(res.body.address).toBe('南京市玄武区北京东路9号');
    expect(res.body.phoneMasked).toBeNull();
    expect(res.body.bankAccountMasked).toBe(file.bankAccountMasked);
    expect(res.body.members[0].idNumberMasked).toBe(file.members[0].idNumberMasked);
    expect(res.body.members[0].hasDiagnosis).toBe(true);
    expect(res.body.assessment.id).not.toBe(file.assessment.id);
  });

  it('refuses a stale version with CONFLICT and says what changed, by whom', async () => {
    const file = await create(worker, fresh());
    const first = await countyAdmin.put(`/api/households/${file.id}`, {
      version: file.version,
      file: { ...unchanged(file), address: '南京市玄武区珠江路1号' },
    });
    expect(first.status).toBe(200);
    const stale = await worker.put(`/api/households/${file.id}`, {
      version: file.version,
      file: { ...unchanged(file), situation: '我的修改' },
    });
    expect(stale.status).toBe(409);
    const details = stale.body.error.details;
    expect(details.currentVersion).toBe(file.version + 1);
    expect(details.changedBy).toBe(countyAdmin.username);
    expect(details.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'address', after: '南京市玄武区珠江路1号' }),
      ]),
    );
  });

  it('lets exactly one of two concurrent saves of one version through', async () => {
    const file = await create(worker, fresh());
    const results = await Promise.all(
      ['一', '二'].map((n) =>
        worker.put(`/api/households/${file.id}`, {
          version: file.version,
          file: { ...unchanged(file), situation: `并发修改${n}` },
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('refuses a member id from another file', async () => {
    const a = await create(worker, fresh());
    const b = await create(worker, fresh());
    const body = unchanged(a);
    body.members[1]!.id = b.members[1].id;
    const res = await worker.put(`/api/households/${a.id}`, { version: a.version, file: body });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].path).toBe('members.1.id');
  });

  it('keeps a field-level history of every save and assessment', async () => {
    const file = await create(worker, fresh());
    await worker.put(`/api/households/${file.id}`, {
      version: file.version,
      file: { ...unchanged(file), address: '南京市玄武区龙蟠路2号', isSingleParent: true },
    });
    const history = await worker.get(`/api/households/${file.id}/history`);
    expect(history.status).toBe(200);
    const actions = history.body.items.map((i: any) => i.action);
    expect(actions).toEqual([
      'household.assessed',
      'household.updated',
      'household.assessed',
      'household.created',
    ]);
    const update = history.body.items[1];
    expect(update.changes).toEqual(
      expect.arrayContaining([
        { field: 'address', before: '南京市玄武区中山路1号', after: '南京市玄武区龙蟠路2号' },
        { field: 'isSingleParent', before: false, after: true },
      ]),
    );
    const assessments = await worker.get(`/api/households/${file.id}/assessments`);
    expect(assessments.body.map((a: any) => a.reason)).toEqual(['updated', 'created']);
    const one = await worker.get(
      `/api/households/${file.id}/assessments/${assessments.body[1].id}`,
    );
    expect(one.body.result.trace.length).toBeGreaterThan(3);
    const other = await create(worker, fresh());
    expect(
      (await worker.get(`/api/households/${other.id}/assessments/${assessments.body[1].id}`))
        .status,
    ).toBe(404);
  });
});

describe('privacy', () => {
  it('reveals one value with a reason and writes it to the read log', async () => {
    const input = fresh();
    const file = await create(worker, input);
    const res = await worker.post(`/api/households/${file.id}/reveal`, {
      field: 'idNumber',
      memberId: file.members[1].id,
      reason: '核对身份证原件',
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.value).toBe(input.members[1]!.idNumber);
    const phone = await worker.post(`/api/households/${file.id}/reveal`, {
      field: 'phone',
      reason: '电话联系职工',
    });
    expect(phone.body.value).toBe('13812345678');
    const diagnosis = await worker.post(`/api/households/${file.id}/reveal`, {
      field: 'diagnosis',
      reason: '核实病情材料',
    });
    expect(diagnosis.body.value).toBe('肺癌术后化疗');
    const log = await auditor.get('/api/audit?action=household.revealed');
    expect(log.status).toBe(200);
    const mine = log.body.items.filter((r: any) => r.entityId === file.id);
    expect(mine.map((r: any) => r.details.reason).sort()).toEqual(
      ['核对身份证原件', '核实病情材料', '电话联系职工'].sort(),
    );
  });

  it('refuses a reveal without a reason, to a role without the permission, and outside scope', async () => {
    const file = await create(worker, fresh());
    expect(
      (await worker.post(`/api/households/${file.id}/reveal`, { field: 'phone', reason: '' }))
        .status,
    ).toBe(400);
    const byHelper = await helper.post(`/api/households/${file.id}/reveal`, {
      field: 'phone',
      reason: '电话联系职工',
    });
    expect(byHelper.status).toBe(403);
    const byOther = await other.post(`/api/households/${file.id}/reveal`, {
      field: 'phone',
      reason: '电话联系职工',
    });
    expect(byOther.status).toBe(404);
    // A helper still reads the file, masked.
    expect((await helper.get(`/api/households/${file.id}`)).body.phoneMasked).toBe('138****5678');
  });

  it('does not reveal a member of another file', async () => {
    const a = await create(worker, fresh());
    const b = await create(worker, fresh());
    const res = await worker.post(`/api/households/${a.id}/reveal`, {
      field: 'idNumber',
      memberId: b.members[0].id,
      reason: '核对身份证原件',
    });
    expect(res.status).toBe(404);
  });
});

describe('finding files', () => {
  let ids: number[] = [];
  let listUnion: TestNode;

  beforeAll(async () => {
    listUnion = await buildNode(t.db, county, { name: '玄武电子厂工会' });
    const names = ['李秀英', '王建华', '刘洋', '陈静', '吕志强'];
    ids = [];
    for (const [i, name] of names.entries()) {
      const input = fresh(listUnion.id);
      input.members[0]!.name = name;
      input.phone = `1391234${String(5000 + i)}`;
      input.isSingleParent = i === 1;
      input.secondaryCauses = i === 2 ? ['schooling'] : [];
      // Income rises with i: the last two are relative, not deep.
      input.incomes = [{ memberRef: 'head', type: 'wages', amountFen: 1_800_000 + i * 600_000 }];
      ids.push((await create(countyAdmin, input)).id);
    }
  });

  const list = (query: string) =>
    countyAdmin.get(`/api/households?nodeId=${listUnion.id}&${query}`).then((r) => {
      expect(r.status, r.text).toBe(200);
      return r.body;
    });
  const namesOf = (body: any) => body.items.map((h: any) => h.headName);

  it('searches by name, pinyin, pinyin initials, ID number and phone', async () => {
    expect(namesOf(await list('q=秀英'))).toEqual(['李秀英']);
    expect(namesOf(await list('q=wjh'))).toEqual(['王建华']);
    expect(namesOf(await list('q=liuyang'))).toEqual(['刘洋']);
    expect(namesOf(await list('q=lzq'))).toEqual(['吕志强']);
    expect(namesOf(await list('q=13912345003'))).toEqual(['陈静']);
    // A member's name, pinyin or initials finds the file too.
    expect((await list('q=张小燕')).items).toHaveLength(5);
    expect((await list('q=zxy')).items).toHaveLength(5);
    expect((await list('q=zhangxiaoyan')).items).toHaveLength(5);
    // Nationwide, members are found by another path (an index scan of the whole country).
    const root = await t.login(
      (await buildUser(t.db, t.root, { roles: ['federation_admin'] })).username,
    );
    const nationwide = (await root.get('/api/households?q=zxy&limit=100')).body;
    expect(nationwide.items.map((h: any) => h.id)).toEqual(expect.arrayContaining(ids));
    const lzq = (await root.get('/api/households?q=lzq&limit=100')).body;
    expect(lzq.items.map((h: any) => h.headName)).toContain('吕志强');
  });

  it('filters by category, cause (main or secondary) and flags', async () => {
    expect(namesOf(await list('singleParent=true'))).toEqual(['王建华']);
    expect(namesOf(await list('cause=schooling'))).toEqual(['刘洋']);
    expect((await list('cause=illness')).items).toHaveLength(5);
    const deep = (await list('category=deep')).items.length;
    const relative = (await list('category=relative')).items.length;
    expect(deep + relative).toBe(5);
    expect(relative).toBeGreaterThan(0);
    expect((await list('neverAssisted=true')).items).toHaveLength(5);
    expect((await list('stale=true')).items).toHaveLength(0);
  });

  it('finds files not updated for a year', async () => {
    await sql`update households set updated_at = now() - interval '400 days', assessed_at = now() - interval '400 days' where id = ${ids[0]!}`.execute(
      t.db,
    );
    expect(namesOf(await list('stale=true'))).toEqual(['李秀英']);
  });

  it('pages with a keyset cursor in every sort, missing and repeating nothing', async () => {
    for (const sort of ['updated_desc', 'created_desc', 'name_asc', 'per_capita_asc']) {
      const seen: number[] = [];
      let after = '';
      for (let page = 0; page < 5; page++) {
        const body = await list(`sort=${sort}&limit=2${after ? `&after=${after}` : ''}`);
        seen.push(...body.items.map((h: any) => h.id));
        if (!body.nextCursor) break;
        after = body.nextCursor;
      }
      expect([...seen].sort(), sort).toEqual([...ids].sort());
    }
    const byName = await list('sort=name_asc');
    expect(namesOf(byName)).toEqual(['陈静', '刘洋', '李秀英', '吕志强', '王建华']);
    expect((await worker.get('/api/households?after=nonsense')).status).toBe(400);
  });

  it('counts the files by category and cause', async () => {
    const applications = await countyAdmin.get(`/api/households/figures?nodeId=${listUnion.id}`);
    expect(applications.body).toMatchObject({ total: 0, applications: 5 });
    await t.db
      .updateTable('households')
      .set({ case_status: 'registered', case_step: 'approval' })
      .where('id', 'in', ids)
      .execute();
    const res = await countyAdmin.get(`/api/households/figures?nodeId=${listUnion.id}`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(5);
    expect((res.body.byCategory.deep ?? 0) + (res.body.byCategory.relative ?? 0)).toBe(5);
    expect(res.body.byMainCause).toEqual({ illness: 5 });
    expect(res.body.singleParent).toBe(1);
    expect((await other.get(`/api/households/figures?nodeId=${listUnion.id}`)).status).toBe(404);
  });

  it('shows another county none of the files', async () => {
    const res = await other.get('/api/households?q=秀英');
    expect(res.body.items).toEqual([]);
    expect((await other.get(`/api/households?nodeId=${listUnion.id}`)).status).toBe(404);
  });

  it('exports the filtered list to a workbook with masked values', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/households/export?nodeId=${listUnion.id}&singleParent=true`,
      headers: { cookie: countyAdmin.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(2);
    expect(ws.getRow(2).getCell(2).text).toBe('王建华');
    expect(ws.getRow(2).getCell(3).text).toMatch(/\*{10}/);
    expect(ws.getRow(2).getCell(4).text).toBe('139****5001');
    expect(['深度困难', '相对困难']).toContain(ws.getRow(2).getCell(8).text);
  });
});

describe('moving a union', () => {
  it('takes its files along: the new county sees them, the old one no longer does', async () => {
    const movable = await buildNode(t.db, county, { name: '玄武搬迁厂工会' });
    const file = await create(countyAdmin, fresh(movable.id));
    const root = await buildUser(t.db, t.root, { roles: ['federation_admin'] });
    const rootSession = await t.login(root.username);
    const node = (await rootSession.get(`/api/orgs/${movable.id}`)).body;
    const moved = await rootSession.post(`/api/orgs/${movable.id}/move`, {
      newParentId: otherCounty.id,
      version: node.version,
    });
    expect(moved.status, moved.text).toBe(200);
    expect((await countyAdmin.get(`/api/households/${file.id}`)).status).toBe(404);
    const seen = await other.get(`/api/households/${file.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.nodeName).toBe('玄武搬迁厂工会');
  });
});
