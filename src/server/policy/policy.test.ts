import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNode, buildUser, createTestApp, type Session, type TestApp } from '../test/test-app';
import { previewRequest } from '../test/route-fixtures';
import type { Role } from '../../shared/permissions';
import { isRegionCovered } from './policy.policy';

let t: TestApp;
/** At the root: governs every region. */
let rootAdmin: Session;
/** City 南京市 (320100). */
let cityAdmin: Session;
/** County 玄武区 (320102). */
let countyAdmin: Session;
let worker: Session;

beforeAll(async () => {
  t = await createTestApp();
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city' });
  const county = await buildNode(t.db, city, { type: 'county' });
  const union = await buildNode(t.db, county);
  const signIn = async (node: { id: number }, role: Role) =>
    t.login((await buildUser(t.db, node, { roles: [role] })).username);
  rootAdmin = await signIn(t.root, 'system_admin');
  cityAdmin = await signIn(city, 'federation_admin');
  countyAdmin = await signIn(county, 'federation_admin');
  worker = await signIn(union, 'case_worker');
});
afterAll(() => t.close());

let year = 1990;
/** A one-year rate in a year no other test uses. */
function rateBody(overrides: Record<string, unknown> = {}) {
  year += 1;
  return {
    kind: 'dibao',
    regionCode: '320102',
    monthlyFen: 100_000,
    effectiveFrom: `${year}-01-01`,
    effectiveTo: `${year}-12-31`,
    ...overrides,
  };
}

describe('isRegionCovered', () => {
  it.each([
    [null, '320102', true],
    ['320000', '320102', true],
    ['320000', '330102', false],
    ['320100', '320102', true],
    ['320100', '320100', true],
    ['320100', '320200', false],
    ['320102', '320102', true],
    ['320102', '320104', false],
  ])('governing %s covers %s: %s', (governing, code, expected) => {
    expect(isRegionCovered(governing, code)).toBe(expected);
  });
});

describe('createRate', () => {
  it('adds a rate that lists with its region name, and audits it', async () => {
    const res = await countyAdmin.post('/api/policy/rates', rateBody({ note: '2024 年调整' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'dibao',
      regionCode: '320102',
      monthlyFen: 100_000,
      effectiveTo: `${year}-12-31`,
      note: '2024 年调整',
      version: 0,
    });
    expect(res.body.regionName).toContain('玄武区');
    const list = await worker.get('/api/policy/rates?kind=dibao&regionCode=320102');
    expect(list.status).toBe(200);
    expect(list.body.map((r: { id: number }) => r.id)).toContain(res.body.id);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type', 'after'])
      .where('entity_type', '=', 'policy_rate')
      .where('entity_id', '=', res.body.id)
      .execute();
    expect(audit).toEqual([
      {
        action: 'policy.rate_created',
        entity_type: 'policy_rate',
        after: expect.objectContaining({ monthlyFen: 100_000, regionCode: '320102' }),
      },
    ]);
  });

  it('refuses a period that overlaps another of the same kind and region', async () => {
    // Open-ended, in a district no other test uses.
    const first = rateBody({ regionCode: '320106', effectiveTo: null });
    expect((await cityAdmin.post('/api/policy/rates', first)).status).toBe(201);
    const res = await cityAdmin.post('/api/policy/rates', {
      ...first,
      effectiveFrom: `${year + 3}-06-01`,
    });
    expect(res.status).toBe(409);
    expect(res.text).toContain('overlaps');
    // Another kind, or the city's own line, is a separate table row.
    const wage = await cityAdmin.post('/api/policy/rates', { ...first, kind: 'minimum_wage' });
    expect(wage.status).toBe(201);
    const cityLine = await cityAdmin.post('/api/policy/rates', { ...first, regionCode: '320100' });
    expect(cityLine.status).toBe(201);
  });

  it('refuses a region outside the caller’s own with 403', async () => {
    const res = await countyAdmin.post('/api/policy/rates', rateBody({ regionCode: '320104' }));
    expect(res.status).toBe(403);
    expect(res.text).toContain('outside your region');
    const elsewhere = await cityAdmin.post('/api/policy/rates', rateBody({ regionCode: '320200' }));
    expect(elsewhere.status).toBe(403);
    const anywhere = await rootAdmin.post('/api/policy/rates', rateBody({ regionCode: '110101' }));
    expect(anywhere.status).toBe(201);
  });

  it('is refused to a role without policy.manage', async () => {
    expect((await worker.post('/api/policy/rates', rateBody())).status).toBe(403);
  });

  it('names the field of a bad body', async () => {
    const res = await countyAdmin.post(
      '/api/policy/rates',
      rateBody({ effectiveFrom: '2030-02-30' }),
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('effectiveFrom');
  });
});

describe('updateRate', () => {
  it('changes the amount and end date, refuses a stale version, audits the change', async () => {
    const created = (await countyAdmin.post('/api/policy/rates', rateBody())).body;
    const res = await countyAdmin.patch(`/api/policy/rates/${created.id}`, {
      monthlyFen: 110_000,
      effectiveTo: `${year}-06-30`,
      version: 0,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      monthlyFen: 110_000,
      effectiveTo: `${year}-06-30`,
      version: 1,
    });
    const stale = await countyAdmin.patch(`/api/policy/rates/${created.id}`, {
      monthlyFen: 120_000,
      version: 0,
    });
    expect(stale.status).toBe(409);
    const actions = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'policy_rate')
      .where('entity_id', '=', created.id)
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['policy.rate_created', 'policy.rate_updated']);
  });

  it('refuses to reopen a period into the next one', async () => {
    const a = (await countyAdmin.post('/api/policy/rates', rateBody())).body;
    await countyAdmin.post('/api/policy/rates', {
      ...rateBody(),
      effectiveFrom: `${year}-01-01`,
    });
    const res = await countyAdmin.patch(`/api/policy/rates/${a.id}`, {
      effectiveTo: null,
      version: 0,
    });
    expect(res.status).toBe(409);
  });

  it('refuses a rate of another county with 403, and an unknown one with 404', async () => {
    const other = (await cityAdmin.post('/api/policy/rates', rateBody({ regionCode: '320104' })))
      .body;
    const res = await countyAdmin.patch(`/api/policy/rates/${other.id}`, {
      monthlyFen: 1,
      version: 0,
    });
    expect(res.status).toBe(403);
    expect((await countyAdmin.patch('/api/policy/rates/999999', { version: 0 })).status).toBe(404);
  });
});

describe('findPolicyVersions', () => {
  it('lists the seeded versions with their definitions', async () => {
    const res = await worker.get('/api/policy/versions');
    expect(res.status).toBe(200);
    expect(res.body.map((v: { id: string }) => v.id)).toEqual(['national-2019', 'national-2014']);
    expect(res.body[0]).toMatchObject({
      scheme: 'current',
      effectiveFrom: '2019-01-01',
      definition: { relativeLinePercent: 200 },
      version: 0,
    });
  });
});

describe('previewAssessment', () => {
  it('assesses with the lines inline', async () => {
    const res = await worker.post('/api/assessments/preview', previewRequest);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ category: 'deep', perCapitaMonthlyFen: 50_000 });
  });

  it('looks the lines up by region, falling back from the county to its city', async () => {
    await rootAdmin.post('/api/policy/rates', {
      kind: 'dibao',
      regionCode: '440100',
      monthlyFen: 100_000,
      effectiveFrom: '2024-01-01',
      effectiveTo: '2024-12-31',
    });
    await rootAdmin.post('/api/policy/rates', {
      kind: 'minimum_wage',
      regionCode: '440103',
      monthlyFen: 200_000,
      effectiveFrom: '2024-01-01',
      effectiveTo: '2024-12-31',
    });
    const { lines: _inline, ...request } = previewRequest;
    const body = {
      ...request,
      household: { ...request.household, regionCode: '440103' },
      // 150 % of the line: 相对困难 (below 200 %).
    };
    body.household.incomes = [{ memberRef: 'head', type: 'wages', amountFen: 150_000 * 12 }];
    const res = await worker.post('/api/assessments/preview', body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      category: 'relative',
      lines: {
        dibaoMonthlyFen: 100_000,
        lineRegionCode: '440100',
        minimumWageMonthlyFen: 200_000,
        minimumWageRegionCode: '440103',
      },
    });
    const rows = await t.db
      .selectFrom('audit_log')
      .select('id')
      .where('request_id', '=', String(res.headers['x-request-id']))
      .execute();
    expect(rows).toEqual([]);
  });

  it('answers 422 naming the region and date when no line applies', async () => {
    const { lines: _inline, ...request } = previewRequest;
    const res = await worker.post('/api/assessments/preview', {
      ...request,
      asOf: '2024-03-01',
      household: { ...request.household, regionCode: '310101' },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('INVALID_STATE');
    expect(res.text).toContain('310101');
    expect(res.text).toContain('2024-03-01');
  });
});
