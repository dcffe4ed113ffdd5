import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNode, buildUser, createTestApp, type TestApp } from '../test/test-app';

let t: TestApp;
let province: { id: number };
beforeAll(async () => {
  t = await createTestApp();
  province = await buildNode(t.db, t.root, { type: 'province' });
});
afterAll(() => t.close());

describe('moveOrgNode', () => {
  it('moves a whole subtree and its users into the new parent’s scope', async () => {
    const city = await buildNode(t.db, province, { type: 'city' });
    const countyA = await buildNode(t.db, city, { type: 'county' });
    const countyB = await buildNode(t.db, city, { type: 'county', regionCode: '320104' });
    const union = await buildNode(t.db, countyA, { type: 'grassroots' });
    const station = await buildNode(t.db, union, { type: 'service_station' });
    await buildUser(t.db, station, { roles: ['case_worker'] });
    const adminB = await buildUser(t.db, countyB, { roles: ['federation_admin'] });
    const cityAdmin = await buildUser(t.db, city);
    const cityS = await t.login(cityAdmin.username);
    const bS = await t.login(adminB.username);

    expect((await bS.get(`/api/orgs/${station.id}`)).status).toBe(404);
    const node = (await cityS.get(`/api/orgs/${union.id}`)).body;
    const moved = await cityS.post(`/api/orgs/${union.id}/move`, {
      newParentId: countyB.id,
      version: node.version,
    });
    expect(moved.status).toBe(200);
    expect(moved.body.parentId).toBe(countyB.id);
    const seen = await bS.get(`/api/orgs/${station.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.ancestors.map((a: { id: number }) => a.id)).toEqual([
      t.root.id,
      province.id,
      city.id,
      countyB.id,
      union.id,
      station.id,
    ]);
    const users = await bS.get(`/api/users?nodeId=${station.id}`);
    expect(users.body.items).toHaveLength(1);
  });

  it('refuses to move a node under its own descendant', async () => {
    const city = await buildNode(t.db, province, { type: 'city' });
    const county = await buildNode(t.db, city, { type: 'county' });
    const union = await buildNode(t.db, county, { type: 'grassroots' });
    const child = await buildNode(t.db, union, { type: 'grassroots' });
    const admin = await buildUser(t.db, city);
    const s = await t.login(admin.username);
    const res = await s.post(`/api/orgs/${union.id}/move`, { newParentId: child.id, version: 0 });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/under itself/);
  });
});
