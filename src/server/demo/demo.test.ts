import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { childRegions, isRegionCode } from '../../shared/regions/region-code';
import { createTestApp, testCipher, testPassword, type TestApp } from '../test/test-app';
import { demoUsers } from './demo-city';
import { parseIdNumber } from '../../shared/households/id-number';
import {
  demoDibaoFen,
  demoHouseholdCount,
  demoMinimumWageFen,
  demoRateNote,
} from './demo-households';
import { loadDemoCity, planDemoCity, type DemoResult } from './demo.service';

let t: TestApp;
let first: DemoResult;
const root = { name: '中华全国总工会', code: 'ACFTU', type: 'national', regionCode: null } as const;

beforeAll(async () => {
  t = await createTestApp();
  first = await loadDemoCity(t.db, { root, password: testPassword, cipher: testCipher });
}, 120_000);
afterAll(() => t.close());

async function countFiles() {
  const row = await t.db
    .selectFrom('households')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

async function countNodes(prefix: string) {
  const rows = await t.db
    .selectFrom('org_nodes')
    .select(['type', (eb) => eb.fn.countAll<number>().as('n')])
    .where('code', 'like', `${prefix}%`)
    .groupBy('type')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.type, r.n]));
}

describe('loadDemoCity', () => {
  it('loads the city once; a second run changes nothing', async () => {
    expect(first.isCreated).toBe(true);
    expect(first.password).toBe(testPassword);
    const before = await countNodes('JS');
    const users = await t.db.selectFrom('users').select('username').execute();
    const files = await countFiles();
    const again = await loadDemoCity(t.db, { root, password: testPassword, cipher: testCipher });
    expect(again.isCreated).toBe(false);
    expect(again.password).toBeNull();
    expect(again.logins.map((l) => l.username)).toEqual(first.logins.map((l) => l.username));
    expect(await countNodes('JS')).toEqual(before);
    expect(await t.db.selectFrom('users').select('username').execute()).toHaveLength(users.length);
    expect(await countFiles()).toBe(files);
  });

  it('makes the tree by type: a province, a city, every district, streets, centres, 30+ unions and stations', async () => {
    const counts = await countNodes('JS');
    const districts = childRegions('320100');
    expect(counts).toMatchObject({ province: 1, city: 1, county: districts.length });
    expect(counts.service_centre).toBe(districts.length + 1);
    expect(counts.town).toBeGreaterThanOrEqual(districts.length * 2);
    expect(counts.town).toBeLessThanOrEqual(districts.length * 3);
    expect(counts.grassroots).toBeGreaterThanOrEqual(30);
    expect(counts.service_station).toBeGreaterThanOrEqual(counts.town!);
    expect(first.nodeCounts).toEqual(counts);
  });

  it('has every district of Nanjing with its GB/T 2260 code, under 南京市总工会', async () => {
    const city = await t.db
      .selectFrom('org_nodes')
      .select(['id', 'region_code'])
      .where('code', '=', 'JS-NJ')
      .executeTakeFirstOrThrow();
    expect(city.region_code).toBe('320100');
    const counties = await t.db
      .selectFrom('org_nodes')
      .select(['name', 'region_code', 'parent_id'])
      .where('type', '=', 'county')
      .where('code', 'like', 'JS-NJ-%')
      .execute();
    const expected = childRegions('320100');
    expect(counties.map((c) => c.region_code).sort()).toEqual(expected.map((r) => r.code).sort());
    for (const county of counties) {
      expect(isRegionCode(county.region_code!)).toBe(true);
      expect(county.parent_id).toBe(city.id);
      const region = expected.find((r) => r.code === county.region_code)!;
      expect(county.name).toBe(`${region.name}总工会`);
    }
  });

  it('writes an audit record for every node and user it made', async () => {
    const nodes = planDemoCity().length;
    const audited = await t.db
      .selectFrom('audit_log')
      .select(['action', (eb) => eb.fn.countAll<number>().as('n')])
      .where('request_id', '=', 'demo-data')
      .groupBy('action')
      .execute();
    expect(Object.fromEntries(audited.map((a) => [a.action, a.n]))).toEqual({
      'org.created': nodes,
      'user.created': demoUsers.length,
      'policy.rate_created': 2,
      'household.created': demoHouseholdCount,
      'household.assessed': demoHouseholdCount,
      'case.action': demoHouseholdCount,
      // 职工卡: every registered demo file's head gets a card.
      'card.issued': demoHouseholdCount,
    });
  });

  it('gives a district admin their streets and unions only', async () => {
    const admin = await t.login('xw_admin', testPassword);
    const me = await admin.get('/api/auth/me');
    expect(me.status).toBe(200);
    const district = await t.db
      .selectFrom('org_nodes')
      .select(['id', 'path'])
      .where('code', '=', 'JS-NJ-XW')
      .executeTakeFirstOrThrow();
    // What the district admin's scope holds, by the tree: the district's own nodes.
    const inScope = await t.db
      .selectFrom('org_nodes')
      .select('code')
      .where(sql<boolean>`path like ${`${district.path}%`}`)
      .execute();
    expect(inScope.length).toBeGreaterThan(5);
    expect(inScope.every((n) => n.code.startsWith('JS-NJ-XW'))).toBe(true);

    const children = await admin.get(`/api/orgs/${district.id}/children`);
    expect(children.status).toBe(200);
    const types = new Set(children.body.map((c: { type: string }) => c.type));
    expect(types).toEqual(new Set(['town', 'grassroots', 'service_centre']));
    const street = children.body.find((c: { code: string }) => c.code === 'JS-NJ-XW-S1');
    expect(street.name).toBe('玄武区梅园新村街道总工会');
    const streetUnions = await admin.get(`/api/orgs/${street.id}/children`);
    expect(streetUnions.body.map((c: { name: string }) => c.name)).toContain(
      '梅园新村街道长江路社区联合工会',
    );

    const elsewhere = await t.db
      .selectFrom('org_nodes')
      .select(['id', 'code'])
      .where('code', 'in', ['JS-NJ-QH-U001', 'JS-NJ-U001', 'JS-NJ', 'JS-NJ-QH-S1'])
      .execute();
    expect(elsewhere).toHaveLength(4);
    for (const node of elsewhere)
      expect((await admin.get(`/api/orgs/${node.id}`)).status).toBe(404);
  });

  it('lets the demo users sign in at once, without a forced password change', async () => {
    const helper = await t.login('helper_panda', testPassword);
    const me = await helper.get('/api/auth/me');
    expect(me.body.mustChangePassword).toBe(false);
    expect(me.body.node.name).toBe('南京熊猫电子股份有限公司工会');
  });
});

describe('demo households', () => {
  const files = () =>
    t.db
      .selectFrom('households')
      .select([
        'id',
        'category',
        'eligible',
        'provisional',
        'main_cause',
        'member_count',
        'last_assessment_id',
        'region_code',
        'node_path',
      ])
      .execute();

  it('registers a few hundred files across the districts, every one assessed', async () => {
    const rows = await files();
    expect(rows).toHaveLength(demoHouseholdCount);
    expect(rows.every((r) => r.last_assessment_id !== null && r.eligible === true)).toBe(true);
    expect(rows.some((r) => r.provisional)).toBe(false);
    expect(new Set(rows.map((r) => r.region_code)).size).toBe(childRegions('320100').length);
    const rates = await t.db
      .selectFrom('policy_rates')
      .select(['kind', 'monthly_fen', 'note'])
      .where('region_code', '=', '320100')
      .orderBy('kind')
      .execute();
    expect(rates).toEqual([
      { kind: 'dibao', monthly_fen: demoDibaoFen, note: demoRateNote },
      { kind: 'minimum_wage', monthly_fen: demoMinimumWageFen, note: demoRateNote },
    ]);
  });

  it('has the category mix of domain.md §10, illness leading, about 2.7 people a household', async () => {
    const rows = await files();
    const share = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).length / rows.length;
    expect(share((r) => r.category === 'deep')).toBeCloseTo(0.14, 1);
    expect(share((r) => r.category === 'relative')).toBeCloseTo(0.74, 1);
    expect(share((r) => r.category === 'accident')).toBeCloseTo(0.12, 1);
    const illness = share((r) => r.main_cause === 'illness');
    expect(illness).toBeGreaterThanOrEqual(0.37);
    expect(illness).toBeLessThanOrEqual(0.6);
    const size = rows.reduce((s, r) => s + r.member_count, 0) / rows.length;
    expect(size).toBeGreaterThan(2.5);
    expect(size).toBeLessThan(2.9);
  });

  it('gives every person a valid ID number matching their birth date, sex and district', async () => {
    const members = await t.db
      .selectFrom('household_members as m')
      .innerJoin('households as h', 'h.id', 'm.household_id')
      .select([
        'm.id_number_enc',
        sql<string>`to_char(m.birth_date, 'YYYY-MM-DD')`.as('birth_date'),
        'm.sex',
        'm.relation',
        'h.region_code',
      ])
      .execute();
    for (const m of members) {
      const id = parseIdNumber(testCipher.decrypt(m.id_number_enc!));
      if (!id.ok) throw new Error(`${m.relation}: ${id.message}`);
      expect(id.birthDate).toBe(m.birth_date);
      expect(id.sex).toBe(m.sex);
      expect(id.isRegionCurrent).toBe(true);
      expect(id.regionCode.startsWith('3201')).toBe(true);
    }
    const heads = members.filter((m) => m.relation === 'head');
    const inOwnDistrict = heads.filter((m) =>
      testCipher.decrypt(m.id_number_enc!).startsWith(m.region_code),
    );
    expect(inOwnDistrict.length).toBeGreaterThan(heads.length * 0.95);
  });

  it('plants likely duplicates: the city sees each kind, a district its own', async () => {
    const city = await t.login('nj_admin', testPassword);
    const res = await city.get('/api/duplicates?limit=200');
    expect(res.status, res.text).toBe(200);
    expect(res.body.counts.name_birth).toBeGreaterThanOrEqual(3);
    expect(res.body.counts.phone).toBeGreaterThanOrEqual(3);
    expect(res.body.counts.bank_account).toBeGreaterThanOrEqual(1);
    const district = await t.login('xw_admin', testPassword);
    const own = await district.get('/api/duplicates');
    expect(own.body.total).toBeGreaterThanOrEqual(2);
  });
});
