import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { childRegions, isRegionCode } from '../../shared/regions/region-code';
import { createTestApp, testPassword, type TestApp } from '../test/test-app';
import { demoUsers } from './demo-city';
import { loadDemoCity, planDemoCity, type DemoResult } from './demo.service';

let t: TestApp;
let first: DemoResult;
const root = { name: '中华全国总工会', code: 'ACFTU', type: 'national', regionCode: null } as const;

beforeAll(async () => {
  t = await createTestApp();
  first = await loadDemoCity(t.db, { root, password: testPassword });
});
afterAll(() => t.close());

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
    const again = await loadDemoCity(t.db, { root, password: testPassword });
    expect(again.isCreated).toBe(false);
    expect(again.password).toBeNull();
    expect(again.logins.map((l) => l.username)).toEqual(first.logins.map((l) => l.username));
    expect(await countNodes('JS')).toEqual(before);
    expect(await t.db.selectFrom('users').select('username').execute()).toHaveLength(users.length);
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
