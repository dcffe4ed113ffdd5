import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildNode,
  buildUser,
  createTestApp,
  testCipher,
  type Session,
  type TestApp,
  type TestNode,
} from '../test/test-app';
import { householdInput, idNumberFor, addNanjingLines } from '../test/household-fixtures';
import type { HouseholdFileInputJson } from '../../shared/households/household-file';
import type { DuplicateGroup } from '../../shared/households/duplicates';
import { nameBirthKey } from './duplicates.service';

let t: TestApp;
let countyA: TestNode;
let unionA1: TestNode;
let unionA2: TestNode;
let unionB: TestNode;
let workerA: Session;
let workerB: Session;
let cityWorker: Session;
let helperA: Session;

beforeAll(async () => {
  t = await createTestApp();
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city' });
  countyA = await buildNode(t.db, city, { type: 'county', regionCode: '320102' });
  unionA1 = await buildNode(t.db, countyA);
  unionA2 = await buildNode(t.db, countyA);
  const countyB = await buildNode(t.db, city, { type: 'county', regionCode: '320104' });
  unionB = await buildNode(t.db, countyB);
  await addNanjingLines(t.db, { dibao: 121_000 });
  const users = await Promise.all([
    buildUser(t.db, countyA, { roles: ['case_worker'] }),
    buildUser(t.db, countyB, { roles: ['case_worker'] }),
    buildUser(t.db, city, { roles: ['case_worker'] }),
    buildUser(t.db, countyA, { roles: ['helper'] }),
  ]);
  const [a, b, c, h] = await Promise.all(users.map((u) => t.login(u.username)));
  [workerA, workerB, cityWorker, helperA] = [a!, b!, c!, h!];
}, 60_000);
afterAll(() => t.close());

let serial = 0;

/**
 * A two-person file with its own names, ID numbers, phone and bank account, so
 * that it matches nothing unless a test says so.
 */
function uniqueFile(
  nodeId: number,
  change: (f: HouseholdFileInputJson) => void = () => {},
): HouseholdFileInputJson {
  serial += 1;
  const f = householdInput(nodeId, { headSeq: 100 + serial * 2 + 1, childSeq: 100 + serial * 2 });
  f.phone = `139${String(serial).padStart(8, '0')}`;
  f.bankAccount = `6222${String(serial).padStart(15, '0')}`;
  f.members[0]!.name = `户主${serial}号`;
  f.members[1]!.name = `子女${serial}号`;
  change(f);
  return f;
}

async function create(session: Session, file: HouseholdFileInputJson) {
  const res = await session.post('/api/households', file);
  expect(res.status, res.text).toBe(201);
  return res.body as { id: number; version: number; members: { id: number }[] };
}

async function groupsOf(session: Session, query = ''): Promise<DuplicateGroup[]> {
  const res = await session.get(`/api/duplicates?limit=200${query}`);
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

const phoneKey = (phone: string) => testCipher.hash('phone', phone);
const bankKey = (account: string) => testCipher.hash('bank_account', account);
const find = (groups: DuplicateGroup[], keyHash: string) =>
  groups.find((g) => g.keyHash === keyHash);

describe('GET /api/duplicates', () => {
  it('finds the same name and birth date in two files, as head in one and spouse in the other', async () => {
    const a = await create(
      workerA,
      uniqueFile(unionA1.id, (f) => {
        f.members[0]!.name = '王秀兰';
        f.members[0]!.birthDate = '1976-03-08';
        f.members[0]!.sex = 'female';
        f.members[0]!.idNumber = idNumberFor('320102', '1976-03-08', 12);
      }),
    );
    const b = await create(
      workerA,
      uniqueFile(unionA2.id, (f) => {
        f.members.push({
          ref: 'spouse',
          relation: 'spouse',
          name: '王秀兰',
          idNumber: idNumberFor('320104', '1976-03-08', 24),
          birthDate: '1976-03-08',
          sex: 'female',
          isAbleToWork: true,
          workStatus: 'employed',
        });
      }),
    );
    const group = find(await groupsOf(workerA), nameBirthKey(testCipher, '王秀兰', '1976-03-08'));
    expect(group).toMatchObject({
      kind: 'name_birth',
      description: '王秀兰 1976-03-08',
      outsideCount: 0,
      review: null,
    });
    expect(group!.files.map((f) => f.id)).toEqual([a.id, b.id]);
    expect(group!.files.map((f) => f.matchedMember)).toEqual([
      { name: '王秀兰', relation: 'head' },
      { name: '王秀兰', relation: 'spouse' },
    ]);
    expect(group!.files[0]).toMatchObject({ nodeName: unionA1.name, category: 'deep' });
    expect(group!.files[0]!.headIdNumberMasked).toMatch(/^3201\*+\d{3}[\dX]$/);
  });

  it('does not flag two members of one file, nor files that share only a name', async () => {
    await create(
      workerA,
      uniqueFile(unionA1.id, (f) => {
        f.members[0]!.name = '李双';
        f.members.push({
          ref: 'sibling',
          relation: 'sibling',
          name: '李双',
          idNumber: idNumberFor('320102', '1975-04-12', 998),
          birthDate: '1975-04-12',
          sex: 'female',
          isAbleToWork: true,
          workStatus: 'employed',
        });
      }),
    );
    await create(
      workerA,
      uniqueFile(unionA2.id, (f) => {
        f.members[0]!.name = '李双';
        f.members[0]!.birthDate = '1977-01-01';
        f.members[0]!.idNumber = idNumberFor('320102', '1977-01-01', 11);
      }),
    );
    const groups = await groupsOf(workerA, '&kind=name_birth');
    expect(groups.filter((g) => g.description.startsWith('李双'))).toEqual([]);
  });

  it('finds a shared phone and a shared bank account, showing them masked', async () => {
    const phone = '13905550101';
    const account = '6217001234567000555';
    const a = await create(
      workerA,
      uniqueFile(unionA1.id, (f) => {
        f.phone = phone;
      }),
    );
    const b = await create(
      workerA,
      uniqueFile(unionA2.id, (f) => {
        f.phone = phone;
        f.bankAccount = account;
      }),
    );
    const c = await create(
      workerA,
      uniqueFile(unionA2.id, (f) => {
        f.bankAccount = account;
      }),
    );
    const res = await workerA.get('/api/duplicates?limit=200');
    expect(res.text).not.toContain(phone);
    expect(res.text).not.toContain(account);
    const byPhone = find(res.body.items, phoneKey(phone));
    expect(byPhone).toMatchObject({ kind: 'phone', description: '139****0101' });
    expect(byPhone!.files.map((f) => f.id)).toEqual([a.id, b.id]);
    expect(byPhone!.files[0]!.matchedMember).toBeNull();
    const byBank = find(res.body.items, bankKey(account));
    expect(byBank).toMatchObject({ kind: 'bank_account', description: '6217 **** **** 0555' });
    expect(byBank!.files.map((f) => f.id)).toEqual([b.id, c.id]);
    const onlyBanks = await groupsOf(workerA, '&kind=bank_account');
    expect(onlyBanks.every((g) => g.kind === 'bank_account')).toBe(true);
    expect(find(onlyBanks, bankKey(account))).toBeDefined();
  });

  it('ignores removed members and exited files', async () => {
    const first = await create(
      workerA,
      uniqueFile(unionA1.id, (f) => {
        f.members[1]!.name = '赵小军';
      }),
    );
    const second = uniqueFile(unionA2.id, (f) => {
      f.members[1]!.name = '赵小军';
      f.members[1]!.idNumber = idNumberFor('320102', '2008-09-01', 702);
    });
    const created = await create(workerA, second);
    const key = nameBirthKey(testCipher, '赵小军', '2008-09-01');
    expect(find(await groupsOf(workerA), key)).toBeDefined();

    // The second file drops the member: the group goes.
    const edited = uniqueFile(unionA2.id);
    edited.members = [{ ...second.members[0]!, id: created.members[0]!.id }];
    delete edited.members[0]!.idNumber;
    edited.incomes = [{ memberRef: edited.members[0]!.ref, type: 'transfers', amountFen: 1_000 }];
    edited.rigidExpenditures = [];
    const put = await workerA.put(`/api/households/${created.id}`, {
      version: created.version,
      file: edited,
    });
    expect(put.status, put.text).toBe(200);
    expect(find(await groupsOf(workerA), key)).toBeUndefined();

    // A shared phone with a file that has since exited: no group either.
    const phone = '13905550202';
    const a = await create(
      workerA,
      uniqueFile(unionA1.id, (f) => (f.phone = phone)),
    );
    await create(
      workerA,
      uniqueFile(unionA2.id, (f) => (f.phone = phone)),
    );
    expect(find(await groupsOf(workerA), phoneKey(phone))).toBeDefined();
    // Exiting a file is a later workflow (issue 3 keeps `status`); set it as that workflow will.
    await t.db.updateTable('households').set({ status: 'exited' }).where('id', '=', a.id).execute();
    expect(find(await groupsOf(workerA), phoneKey(phone))).toBeUndefined();
    expect(first.id).toBeGreaterThan(0);
  });

  it('lists a group only where two of its files lie in scope, counting the others unnamed', async () => {
    const phone = '13905550303';
    const a = await create(
      workerA,
      uniqueFile(unionA1.id, (f) => (f.phone = phone)),
    );
    const b = await create(
      workerA,
      uniqueFile(unionA2.id, (f) => (f.phone = phone)),
    );
    const c = await create(
      cityWorker,
      uniqueFile(unionB.id, (f) => (f.phone = phone)),
    );
    const key = phoneKey(phone);

    const seenByA = find(await groupsOf(workerA), key);
    expect(seenByA!.files.map((f) => f.id)).toEqual([a.id, b.id]);
    expect(seenByA!.outsideCount).toBe(1);

    const resB = await workerB.get('/api/duplicates?limit=200');
    expect(find(resB.body.items, key)).toBeUndefined();
    expect(resB.text).not.toContain(unionA1.name);

    const seenByCity = find(await groupsOf(cityWorker), key);
    expect(seenByCity!.files.map((f) => f.id)).toEqual([a.id, b.id, c.id]);
    expect(seenByCity!.outsideCount).toBe(0);

    // County B may not decide on a group it cannot see two files of.
    const review = await workerB.post('/api/duplicates/review', {
      kind: 'phone',
      keyHash: key,
      decision: 'dismissed',
    });
    expect(review.status).toBe(404);
    expect(
      await t.db.selectFrom('duplicate_reviews').selectAll().where('key_hash', '=', key).execute(),
    ).toEqual([]);
  });
});

describe('POST /api/duplicates/review', () => {
  it('hides a dismissed group, shows it with include=decided, and audits the decision', async () => {
    const phone = '13905550404';
    const a = await create(
      workerA,
      uniqueFile(unionA1.id, (f) => (f.phone = phone)),
    );
    const b = await create(
      workerA,
      uniqueFile(unionA2.id, (f) => (f.phone = phone)),
    );
    const key = phoneKey(phone);
    const before = await workerA.get('/api/duplicates?kind=phone');
    const res = await workerA.post('/api/duplicates/review', {
      kind: 'phone',
      keyHash: key,
      decision: 'dismissed',
      note: '夫妻二人分别建档前已核实，非同一户',
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.review).toMatchObject({ decision: 'dismissed' });

    expect(find(await groupsOf(workerA), key)).toBeUndefined();
    const after = await workerA.get('/api/duplicates?kind=phone');
    expect(after.body.counts.phone).toBe(before.body.counts.phone - 1);
    const decided = find(await groupsOf(workerA, '&include=decided'), key);
    expect(decided!.review).toMatchObject({
      decision: 'dismissed',
      note: '夫妻二人分别建档前已核实，非同一户',
    });

    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type', 'entity_id', 'details', 'after'])
      .where('action', '=', 'duplicate.reviewed')
      .where('request_id', '=', String(res.headers['x-request-id']))
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      entity_type: 'duplicate_review',
      details: { kind: 'phone', decision: 'dismissed', householdIds: [a.id, b.id] },
      after: { decision: 'dismissed' },
    });
  });

  it('replaces an earlier decision; a file joining later puts the group back on the list', async () => {
    const account = '6217001234567000666';
    await create(
      workerA,
      uniqueFile(unionA1.id, (f) => (f.bankAccount = account)),
    );
    await create(
      workerA,
      uniqueFile(unionA2.id, (f) => (f.bankAccount = account)),
    );
    const key = bankKey(account);
    const review = (decision: string) =>
      workerA.post('/api/duplicates/review', { kind: 'bank_account', keyHash: key, decision });
    expect((await review('dismissed')).status).toBe(200);
    expect((await review('confirmed')).status).toBe(200);
    const rows = await t.db
      .selectFrom('duplicate_reviews')
      .select('decision')
      .where('key_hash', '=', key)
      .execute();
    expect(rows).toEqual([{ decision: 'confirmed' }]);
    expect(find(await groupsOf(workerA), key)).toBeUndefined();

    await create(
      workerA,
      uniqueFile(unionA1.id, (f) => (f.bankAccount = account)),
    );
    const back = find(await groupsOf(workerA), key);
    expect(back!.files).toHaveLength(3);
    expect(back!.review).toBeNull();
  });

  it('hides a county’s decision from the county only while the city sees more of the group', async () => {
    const phone = '13905550606';
    await create(
      workerA,
      uniqueFile(unionA1.id, (f) => (f.phone = phone)),
    );
    await create(
      workerA,
      uniqueFile(unionA2.id, (f) => (f.phone = phone)),
    );
    await create(
      cityWorker,
      uniqueFile(unionB.id, (f) => (f.phone = phone)),
    );
    const key = phoneKey(phone);
    const res = await workerA.post('/api/duplicates/review', {
      kind: 'phone',
      keyHash: key,
      decision: 'dismissed',
      note: '县内两户已核实',
    });
    expect(res.status, res.text).toBe(200);
    expect(find(await groupsOf(workerA), key)).toBeUndefined();
    // The city sees a third file the county never saw: still to be reviewed there.
    const atCity = find(await groupsOf(cityWorker), key);
    expect(atCity!.files).toHaveLength(3);
    expect(atCity!.review).toBeNull();
  });

  it('is refused to a helper (read only) and for a key nobody shares', async () => {
    const phone = '13905550505';
    await create(
      workerA,
      uniqueFile(unionA1.id, (f) => (f.phone = phone)),
    );
    await create(
      workerA,
      uniqueFile(unionA2.id, (f) => (f.phone = phone)),
    );
    const body = { kind: 'phone', keyHash: phoneKey(phone), decision: 'confirmed' };
    expect(find(await groupsOf(helperA), phoneKey(phone))).toBeDefined();
    expect((await helperA.post('/api/duplicates/review', body)).status).toBe(403);
    const unknown = { ...body, keyHash: phoneKey('13900000000') };
    expect((await workerA.post('/api/duplicates/review', unknown)).status).toBe(404);
    expect((await t.anonymous().get('/api/duplicates')).status).toBe(401);
  });
});
