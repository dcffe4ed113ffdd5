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
import { previewRequest } from '../test/route-fixtures';
import {
  getDefaultPolicyVersion,
  type CurrentPolicy,
  type PolicyVersion,
} from '../../shared/households/policy';
import { todayInShanghai } from './policy.service';

let t: TestApp;
let union: TestNode;
/** federation_admin at the root: may change national data. */
let national: Session;
/** federation_admin of a city: holds policy.manage, but not at the root. */
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

/** A copy of the 2019 version under a new id, from a new date, with changes. */
function copyOf2019(id: string, effectiveFrom: string, changes: Partial<CurrentPolicy> = {}) {
  return {
    ...(getDefaultPolicyVersion('national-2019') as CurrentPolicy),
    id,
    nameZh: `困难职工认定 ${id}`,
    nameEn: `Identification ${id}`,
    effectiveFrom,
    effectiveTo: null,
    ...changes,
  } satisfies PolicyVersion;
}

async function rowOf(id: string) {
  const res = await worker.get('/api/policy/versions');
  expect(res.status).toBe(200);
  return res.body.find((r: any) => r.id === id);
}

async function auditOf(id: string) {
  return t.db
    .selectFrom('audit_log')
    .select(['action', 'entity_type', 'node_id', 'before', 'after'])
    .where('action', '=', 'policy.version_saved')
    .where(({ eb, ref }) => eb(ref('details', '->>').key('policyVersionId' as never), '=', id))
    .orderBy('id')
    .execute();
}

describe('GET /api/policy/versions', () => {
  it('marks the version in force today, and that it can no longer change', async () => {
    expect(await rowOf('national-2019')).toMatchObject({
      scheme: 'current',
      isInForce: true,
      isEditable: false,
      assessmentCount: 0,
    });
    expect(await rowOf('national-2014')).toMatchObject({ isInForce: false, isEditable: false });
  });
});

describe('createPolicyVersion', () => {
  it('adds a copy with a later effectiveFrom and new multipliers, audited', async () => {
    const body = copyOf2019('national-2090', '2090-01-01', {
      relativeLinePercent: 250,
      accidentLossPercentOfIncome: 60,
      incomePeriodMonths: 6,
    });
    const res = await national.post('/api/policy/versions', body);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      id: 'national-2090',
      effectiveFrom: '2090-01-01',
      version: 0,
      isEditable: true,
      isInForce: false,
      definition: { relativeLinePercent: 250, accidentLossPercentOfIncome: 60 },
    });
    expect((await rowOf('national-2019')).isInForce).toBe(true);
    const audit = await auditOf('national-2090');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity_type: 'policy_version', node_id: t.root.id });
    expect(audit[0]!.after).toMatchObject({ relativeLinePercent: 250 });
  });

  it('is used by the assessment preview from its effectiveFrom on', async () => {
    const before = await worker.post('/api/assessments/preview', {
      ...previewRequest,
      asOf: '2089-12-31',
    });
    expect(before.status, before.text).toBe(200);
    expect(before.body.policyVersionId).toBe('national-2019');
    const after = await worker.post('/api/assessments/preview', {
      ...previewRequest,
      asOf: '2090-03-01',
    });
    expect(after.status, after.text).toBe(200);
    expect(after.body.policyVersionId).toBe('national-2090');
  });

  it('refuses a taken id, a second start of the scheme on the same day, and a bad period', async () => {
    const taken = await national.post(
      '/api/policy/versions',
      copyOf2019('national-2019', '2091-01-01'),
    );
    expect(taken.status).toBe(409);
    expect(taken.body.error.issues).toEqual([{ path: 'id', message: 'exists already' }]);
    const sameDay = await national.post(
      '/api/policy/versions',
      copyOf2019('other-2090', '2090-01-01'),
    );
    expect(sameDay.status).toBe(409);
    expect(sameDay.body.error.issues[0].path).toBe('effectiveFrom');
    const period = await national.post(
      '/api/policy/versions',
      copyOf2019('national-2092', '2092-01-01', { effectiveTo: '2091-12-31' }),
    );
    expect(period.status).toBe(400);
    const range = await national.post(
      '/api/policy/versions',
      copyOf2019('national-2093', '2093-01-01', { relativeLinePercent: 100 }),
    );
    expect(range.status).toBe(400);
    expect(range.body.error.issues[0].path).toBe('relativeLinePercent');
    for (const id of ['other-2090', 'national-2092', 'national-2093'])
      expect(await rowOf(id)).toBeUndefined();
  });

  it('refuses a user below the root (national data) and a role without policy.manage', async () => {
    const body = copyOf2019('city-2094', '2094-01-01');
    const city = await cityAdmin.post('/api/policy/versions', body);
    expect(city.status).toBe(403);
    expect(city.body.error.details.reason).toBe('national');
    const plain = await worker.post('/api/policy/versions', body);
    expect(plain.status).toBe(403);
    expect(plain.body.error.details.reason).toBe('permission');
    expect(await rowOf('city-2094')).toBeUndefined();
    expect(await auditOf('city-2094')).toHaveLength(0);
  });
});

describe('updatePolicyVersion', () => {
  it('changes a version not yet in force and never used, refusing a stale version', async () => {
    const row = await rowOf('national-2090');
    const definition = { ...row.definition, relativeLinePercent: 180, nameZh: '改过的版本' };
    const res = await national.put('/api/policy/versions/national-2090', {
      version: row.version,
      definition,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ version: 1, definition: { relativeLinePercent: 180 } });
    const stale = await national.put('/api/policy/versions/national-2090', {
      version: row.version,
      definition: { ...definition, relativeLinePercent: 190 },
    });
    expect(stale.status).toBe(409);
    expect((await rowOf('national-2090')).definition.relativeLinePercent).toBe(180);
    const audit = await auditOf('national-2090');
    expect(audit).toHaveLength(2);
    expect(audit[1]!.before).toMatchObject({ relativeLinePercent: 250 });
    expect(audit[1]!.after).toMatchObject({ relativeLinePercent: 180 });
  });

  it('keeps the id, and refuses a user below the root', async () => {
    const row = await rowOf('national-2090');
    const renamed = await national.put('/api/policy/versions/national-2090', {
      version: row.version,
      definition: { ...row.definition, id: 'renamed-2090' },
    });
    expect(renamed.status).toBe(400);
    const city = await cityAdmin.put('/api/policy/versions/national-2090', {
      version: row.version,
      definition: row.definition,
    });
    expect(city.status).toBe(403);
    expect(city.body.error.details.reason).toBe('national');
    const missing = await national.put('/api/policy/versions/no-such-version', {
      version: 0,
      definition: { ...row.definition, id: 'no-such-version' },
    });
    expect(missing.status).toBe(404);
  });

  it('refuses to change a version in force, saying to create a new one', async () => {
    const row = await rowOf('national-2019');
    const res = await national.put('/api/policy/versions/national-2019', {
      version: row.version,
      definition: { ...row.definition, relativeLinePercent: 220 },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('INVALID_STATE');
    expect(res.body.error.message).toMatch(/create a new version/);
    expect((await rowOf('national-2019')).definition.relativeLinePercent).toBe(200);
  });

  it('refuses to change a version a stored assessment used', async () => {
    // A version in force from the start of this year: new files are assessed under it.
    const year = todayInShanghai().slice(0, 4);
    const created = await national.post(
      '/api/policy/versions',
      copyOf2019(`national-${year}`, `${year}-01-01`, { relativeLinePercent: 210 }),
    );
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ isInForce: true, isEditable: false });
    expect((await rowOf('national-2019')).isInForce).toBe(false);
    const file = await worker.post('/api/households', householdInput(union.id));
    expect(file.status, file.text).toBe(201);
    expect(file.body.assessment.result.policyVersionId).toBe(`national-${year}`);
    expect((await rowOf(`national-${year}`)).assessmentCount).toBe(1);

    // The same rule for a version not yet in force: its use alone freezes it.
    await t.db
      .updateTable('household_assessments')
      .set({ policy_version_id: 'national-2090' })
      .where('id', '=', file.body.assessment.id)
      .execute();
    const row = await rowOf('national-2090');
    expect(row).toMatchObject({ assessmentCount: 1, isEditable: false });
    const res = await national.put('/api/policy/versions/national-2090', {
      version: row.version,
      definition: { ...row.definition, relativeLinePercent: 170 },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/used by 1 stored assessments/);
  });
});
