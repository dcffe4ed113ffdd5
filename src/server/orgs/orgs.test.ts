import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNode, buildUser, createTestApp, type TestApp } from '../test/test-app';
import { signIn } from '../test/clients';

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

describe('createOrgNode', () => {
  it('refuses a type that cannot hang under the parent, naming parentId', async () => {
    const city = await buildNode(t.db, province, { type: 'city' });
    const county = await buildNode(t.db, city, { type: 'county' });
    const s = await signIn(t, (await buildUser(t.db, city)).username);
    const res = await s.post('/api/orgs', {
      parentId: county.id,
      type: 'county',
      name: '县下之县',
      code: `X${county.code}`,
      regionCode: '320104',
    });
    expect(res.status).toBe(422);
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['parentId']);
  });

  it.each([
    ['missing', undefined],
    ['not in GB/T 2260', '320199'],
  ])('refuses a county whose region code is %s, naming regionCode', async (_, regionCode) => {
    const city = await buildNode(t.db, province, { type: 'city' });
    const s = await signIn(t, (await buildUser(t.db, city)).username);
    const res = await s.post('/api/orgs', {
      parentId: city.id,
      type: 'county',
      name: '无区划县总工会',
      code: `R${city.code}`,
      ...(regionCode ? { regionCode } : {}),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['regionCode']);
  });
});

describe('updateOrgNode', () => {
  it('renames a node and refuses a stale version with 409 CONFLICT', async () => {
    const city = await buildNode(t.db, province, { type: 'city' });
    const union = await buildNode(t.db, city);
    const s = await signIn(t, (await buildUser(t.db, city)).username);
    const renamed = await s.patch(`/api/orgs/${union.id}`, { name: '新名称工会', version: 0 });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: '新名称工会', version: 1 });
    const stale = await s.patch(`/api/orgs/${union.id}`, { name: '又一个名称', version: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CONFLICT');
    expect((await s.get(`/api/orgs/${union.id}`)).body.name).toBe('新名称工会');
  });
});

describe('setOrgNodeActive', () => {
  it('deactivates a leaf, never one with active children nor the caller’s own node', async () => {
    const city = await buildNode(t.db, province, { type: 'city' });
    const union = await buildNode(t.db, city);
    const station = await buildNode(t.db, union, { type: 'service_station' });
    const s = await signIn(t, (await buildUser(t.db, city)).username);

    const parent = await s.post(`/api/orgs/${union.id}/active`, { isActive: false, version: 0 });
    expect(parent.status).toBe(422);
    expect(parent.body.error.details).toEqual({ activeChildren: 1 });
    const own = await s.post(`/api/orgs/${city.id}/active`, { isActive: false, version: 0 });
    expect(own.status).toBe(422);

    const leaf = await s.post(`/api/orgs/${station.id}/active`, { isActive: false, version: 0 });
    expect(leaf.status).toBe(200);
    expect(leaf.body.isActive).toBe(false);
    const children = await s.get(`/api/orgs/${union.id}/children`);
    expect(children.body).toEqual([]);
    const all = await s.get(`/api/orgs/${union.id}/children`, { includeInactive: 'true' });
    expect(all.body.map((n: { id: number }) => n.id)).toEqual([station.id]);
    // Still there to read: nodes are deactivated, never deleted.
    expect((await s.get(`/api/orgs/${station.id}`)).status).toBe(200);
  });
});

describe('searchOrgNodes', () => {
  it('finds nodes by name, code or region code inside the caller’s subtree only', async () => {
    const city = await buildNode(t.db, province, { type: 'city' });
    const countyA = await buildNode(t.db, city, { type: 'county', regionCode: '320105' });
    const countyB = await buildNode(t.db, city, { type: 'county', regionCode: '320106' });
    const mine = await buildNode(t.db, countyA, { name: '搜索测试工会甲', code: 'FIND-A1' });
    await buildNode(t.db, countyB, { name: '搜索测试工会乙', code: 'FIND-B1' });
    const s = await signIn(t, (await buildUser(t.db, countyA)).username);
    const ids = async (q: string) =>
      (await s.get('/api/orgs/search', { q })).body.map((n: { id: number }) => n.id);
    expect(await ids('搜索测试')).toEqual([mine.id]);
    expect(await ids('FIND-')).toEqual([mine.id]);
    expect(await ids('320105')).toEqual([countyA.id]);
    expect(await ids('320106')).toEqual([]);
    expect(await ids('%')).toEqual([]);
  });
});
