import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildNode,
  buildUser,
  createTestApp,
  type Session,
  type TestApp,
  type TestNode,
} from '../test/test-app';
import { householdInput, addNanjingLines } from '../test/household-fixtures';
import type { HouseholdFileInputJson } from '../../shared/households/household-file';

let t: TestApp;
let union: TestNode;
/** federation_admin at the root: may change national data. */
let national: Session;
/** federation_admin of a city: holds dictionary.manage, but not at the root. */
let cityAdmin: Session;
let worker: Session;

beforeAll(async () => {
  t = await createTestApp();
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city' });
  const county = await buildNode(t.db, city, { type: 'county', regionCode: '320102' });
  union = await buildNode(t.db, county);
  await addNanjingLines(t.db);
  const users = await Promise.all([
    buildUser(t.db, t.root, { roles: ['federation_admin'] }),
    buildUser(t.db, city, { roles: ['federation_admin'] }),
    buildUser(t.db, union, { roles: ['case_worker'] }),
  ]);
  [national, cityAdmin, worker] = await Promise.all([
    t.login(users[0].username),
    t.login(users[1].username),
    t.login(users[2].username),
  ]);
}, 60_000);
afterAll(() => t.close());

async function itemOf(dictionary: string, code: string) {
  const res = await worker.get('/api/dictionaries');
  expect(res.status).toBe(200);
  return res.body.find((d: any) => d.code === dictionary)?.items.find((i: any) => i.code === code);
}

function save(session: Session, dictionary: string, code: string, body: object) {
  return session.put(`/api/dictionaries/${dictionary}/items/${code}`, body);
}

async function auditOf(itemCode: string) {
  return t.db
    .selectFrom('audit_log')
    .select(['action', 'details', 'before', 'after', 'entity_type'])
    .where('action', '=', 'dictionary.item_saved')
    .where(({ eb, ref }) => eb(ref('details', '->>').key('itemCode' as never), '=', itemCode))
    .orderBy('id')
    .execute();
}

describe('GET /api/dictionaries', () => {
  it('lists every default item at version 0, marked as a default', async () => {
    const item = await itemOf('housing_type', 'rented');
    expect(item).toEqual({
      code: 'rented',
      labelZh: '租房',
      labelEn: 'rented',
      sort: 4,
      isActive: true,
      version: 0,
      isDefault: true,
    });
  });
});

describe('saveDictionaryItem', () => {
  it('relabels and re-sorts a default item, then refuses the version it was read at', async () => {
    const first = await save(national, 'political_status', 'masses', {
      labelZh: '普通群众',
      labelEn: 'citizen',
      sort: 0,
      isActive: true,
      version: 0,
    });
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ code: 'masses', labelZh: '普通群众', version: 1 });
    const dictionaries = (await worker.get('/api/dictionaries')).body;
    const items = dictionaries.find((d: any) => d.code === 'political_status').items;
    expect(items.find((i: any) => i.code === 'masses')).toMatchObject({
      labelZh: '普通群众',
      sort: 0,
      version: 1,
    });
    expect(items.findIndex((i: any) => i.code === 'masses')).toBeLessThan(2);

    const stale = await save(national, 'political_status', 'masses', {
      labelZh: '群众',
      sort: 5,
      isActive: true,
      version: 0,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CONFLICT');
    expect((await itemOf('political_status', 'masses')).labelZh).toBe('普通群众');

    const second = await save(national, 'political_status', 'masses', {
      labelZh: '群众',
      sort: 5,
      isActive: true,
      version: 1,
    });
    expect(second.status, second.text).toBe(200);
    expect(second.body.version).toBe(2);
    const audit = await auditOf('masses');
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({
      entity_type: 'dictionary',
      details: { dictionaryCode: 'political_status', itemCode: 'masses' },
      before: { labelZh: '群众', labelEn: 'ordinary citizen', sort: 5, isActive: true },
      after: { labelZh: '普通群众', labelEn: 'citizen', sort: 0, isActive: true },
    });
  });

  it('adds an item to an open dictionary, and a second add of the same code is stale', async () => {
    const body = { labelZh: '人才公寓', labelEn: 'talent flat', sort: 10, isActive: true };
    const res = await save(national, 'housing_type', 'talent_flat', { ...body, version: 0 });
    expect(res.status, res.text).toBe(200);
    expect(await itemOf('housing_type', 'talent_flat')).toMatchObject({
      ...body,
      version: 1,
      isDefault: false,
    });
    const again = await save(national, 'housing_type', 'talent_flat', { ...body, version: 0 });
    expect(again.status).toBe(409);
    const audit = await auditOf('talent_flat');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toBeNull();
  });

  it('relabels and re-sorts a locked dictionary’s item', async () => {
    const res = await save(national, 'work_status', 'laid_off', {
      labelZh: '下岗职工',
      labelEn: 'laid-off worker',
      sort: 20,
      isActive: true,
      version: 0,
    });
    expect(res.status, res.text).toBe(200);
    expect(await itemOf('work_status', 'laid_off')).toMatchObject({
      labelZh: '下岗职工',
      sort: 20,
    });
  });

  it('refuses to add to or deactivate in a locked dictionary', async () => {
    const added = await save(national, 'work_status', 'gig_worker', {
      labelZh: '平台劳动者',
      sort: 30,
      isActive: true,
      version: 0,
    });
    expect(added.status).toBe(422);
    expect(added.body.error.code).toBe('INVALID_STATE');
    expect(added.body.error.issues).toEqual([
      { path: 'itemCode', message: 'locked dictionary: no new codes' },
    ]);
    const deactivated = await save(national, 'hardship_cause', 'other', {
      labelZh: '其他',
      sort: 8,
      isActive: false,
      version: 0,
    });
    expect(deactivated.status).toBe(422);
    expect(deactivated.body.error.issues[0].path).toBe('isActive');
    expect(await itemOf('work_status', 'gig_worker')).toBeUndefined();
    expect((await itemOf('hardship_cause', 'other')).isActive).toBe(true);
  });

  it('refuses a user below the root (national data), and changes nothing', async () => {
    const res = await save(cityAdmin, 'housing_type', 'other', {
      labelZh: '其它',
      sort: 6,
      isActive: true,
      version: 0,
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(res.body.error.details.reason).toBe('national');
    expect((await itemOf('housing_type', 'other')).labelZh).toBe('其他');
    expect(await auditOf('other')).toHaveLength(0);
  });

  it('refuses a role without dictionary.manage, and an unknown dictionary', async () => {
    const body = { labelZh: '其它', sort: 6, isActive: true, version: 0 };
    expect((await save(worker, 'housing_type', 'other', body)).status).toBe(403);
    expect((await save(national, 'no_such_dictionary', 'other', body)).status).toBe(400);
    expect((await save(national, 'housing_type', 'Bad Code', body)).status).toBe(400);
  });
});

describe('a deactivated item', () => {
  let seq = 500;
  function fresh(): HouseholdFileInputJson {
    seq += 2;
    return {
      ...householdInput(union.id, { headSeq: seq + 1, childSeq: seq }),
      housingType: 'low_rent',
    };
  }

  it('stays on a file that holds it, but is refused on a new file and no longer offered as active', async () => {
    const created = await worker.post('/api/households', fresh());
    expect(created.status, created.text).toBe(201);
    expect(created.body.housingType).toBe('low_rent');

    const off = await save(national, 'housing_type', 'low_rent', {
      labelZh: '廉租房',
      labelEn: 'low-rent public housing',
      sort: 1,
      isActive: false,
      version: 0,
    });
    expect(off.status, off.text).toBe(200);
    expect((await itemOf('housing_type', 'low_rent')).isActive).toBe(false);

    const file = (await worker.get(`/api/households/${created.body.id}`)).body;
    const kept = await worker.put(`/api/households/${file.id}`, {
      version: file.version,
      file: unchanged(file),
    });
    expect(kept.status, kept.text).toBe(200);
    expect(kept.body.housingType).toBe('low_rent');

    const refused = await worker.post('/api/households', fresh());
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('VALIDATION');
    expect(refused.body.error.issues).toContainEqual({
      path: 'housingType',
      message: 'not an item of the dictionary housing_type',
    });
  });
});

/** The body of a PUT that changes nothing: stored members by id, sensitive values kept. */
function unchanged(file: any): HouseholdFileInputJson {
  return {
    nodeId: file.nodeId,
    regionCode: file.regionCode,
    standardLevel: file.standardLevel,
    address: file.address,
    employerName: file.employerName,
    housingType: file.housingType,
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
