import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '../../shared/permissions';
import { ensureFirstAdmin } from '../bootstrap';
import {
  buildNode,
  buildUser,
  createTestApp,
  testPassword,
  type TestApp,
  type TestNode,
} from '../test/test-app';
import { attemptLogin, signIn, type Client } from '../test/clients';

let t: TestApp;
let city: TestNode;
let countyA: TestNode;
let unionA: TestNode;
let countyB: TestNode;
let adminA: { id: number; username: string };
let a: Client;
let firstAdminPassword: string;

const strongPassword = 'Valid-Passw0rd-2026';
let serial = 0;
const newUsername = () => `new.user${++serial}`;

beforeAll(async () => {
  t = await createTestApp();
  // Before any other user exists: the first start creates the administrator.
  firstAdminPassword = 'First-Chief-Passw0rd';
  await ensureFirstAdmin(t.handle, { ...t.config, adminPassword: firstAdminPassword }, () => {});
  const province = await buildNode(t.db, t.root, { type: 'province' });
  city = await buildNode(t.db, province, { type: 'city' });
  countyA = await buildNode(t.db, city, { type: 'county' });
  unionA = await buildNode(t.db, countyA);
  countyB = await buildNode(t.db, city, { type: 'county', regionCode: '320104' });
  // A county administrator who also holds case_worker, so may create case workers.
  adminA = await buildUser(t.db, countyA, { roles: ['federation_admin', 'case_worker'] });
  a = await signIn(t, adminA.username);
});
afterAll(() => t.close());

function createBody(overrides: Record<string, unknown> = {}) {
  return {
    username: newUsername(),
    displayName: '新用户',
    nodeId: countyA.id,
    roles: ['case_worker'],
    password: strongPassword,
    ...overrides,
  };
}

async function userRow(id: number) {
  return t.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('createUser', () => {
  it('creates a user below the administrator’s node, who must change the password', async () => {
    const res = await a.post('/api/users', createBody({ nodeId: unionA.id }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      nodeId: unionA.id,
      roles: ['case_worker'],
      isActive: true,
      mustChangePassword: true,
      version: 0,
    });
    expect(res.text).not.toMatch(/scrypt|passwordHash|password_hash/);
    expect((await userRow(res.body.id)).password_hash).toMatch(/^scrypt\$/);
  });

  it.each([
    ['the sibling county', () => countyB.id],
    ['the city above', () => city.id],
  ])('answers 404 for a node in %s', async (_, nodeId) => {
    const res = await a.post('/api/users', createBody({ nodeId: nodeId() }));
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('refuses roles the administrator does not hold, naming them', async () => {
    const res = await a.post(
      '/api/users',
      createBody({ roles: ['case_worker', 'auditor', 'system_admin'] }),
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'you cannot grant roles you do not hold: auditor, system_admin',
    );
  });

  it('refuses a taken user name with 409 naming the field', async () => {
    const res = await a.post('/api/users', createBody({ username: adminA.username }));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT');
    expect(res.body.error.issues).toEqual([{ path: 'username', message: 'is taken' }]);
  });

  it.each([
    ['too weak', 'weakpass', 'password'],
    ['containing the user name', 'Weak.user-Passw0rd', 'password'],
    ['a bad user name', strongPassword, 'username', 'Bad Name'],
    ['an unknown role', strongPassword, 'roles.0', undefined, ['chief']],
  ])('refuses %s, naming the field', async (_, password, path, username?, wanted?) => {
    const res = await a.post(
      '/api/users',
      createBody({
        password,
        ...(username ? { username } : { username: 'weak.user' }),
        ...(wanted ? { roles: wanted } : {}),
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual([path]);
  });

  it('refuses a deactivated node', async () => {
    const closed = await buildNode(t.db, countyA);
    await t.db
      .updateTable('org_nodes')
      .set({ is_active: false })
      .where('id', '=', closed.id)
      .execute();
    const res = await a.post('/api/users', createBody({ nodeId: closed.id }));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('INVALID_STATE');
  });
});

describe('updateUser', () => {
  it('refuses to edit, reset or unlock a user holding a role the administrator lacks', async () => {
    const auditor = await buildUser(t.db, countyA, { roles: ['auditor'] });
    const attempts = [
      await a.patch(`/api/users/${auditor.id}`, { displayName: '改名', version: 0 }),
      await a.post(`/api/users/${auditor.id}/reset-password`, { password: strongPassword }),
      await a.post(`/api/users/${auditor.id}/unlock`),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe('the user holds a role you do not hold');
    }
    expect((await userRow(auditor.id)).version).toBe(0);
  });

  it('answers 404 for a user of the sibling county, and for a move out of the subtree', async () => {
    const userB = await buildUser(t.db, countyB, { roles: ['case_worker'] });
    const userA = await buildUser(t.db, countyA, { roles: ['case_worker'] });
    expect((await a.get(`/api/users/${userB.id}`)).status).toBe(404);
    expect((await a.patch(`/api/users/${userB.id}`, { displayName: 'x', version: 0 })).status).toBe(
      404,
    );
    const moved = await a.patch(`/api/users/${userA.id}`, { nodeId: countyB.id, version: 0 });
    expect(moved.status).toBe(404);
    expect((await userRow(userA.id)).node_id).toBe(countyA.id);
  });

  it('refuses a stale version with 409 CONFLICT', async () => {
    const u = await buildUser(t.db, countyA, { roles: ['case_worker'] });
    expect((await a.patch(`/api/users/${u.id}`, { displayName: '甲', version: 0 })).status).toBe(
      200,
    );
    const stale = await a.patch(`/api/users/${u.id}`, { displayName: '乙', version: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({
      code: 'CONFLICT',
      details: { currentVersion: 1, givenVersion: 0 },
    });
    expect((await userRow(u.id)).display_name).toBe('甲');
  });

  it('ends the sessions of a user it deactivates, who can no longer sign in', async () => {
    const u = await buildUser(t.db, countyA, { roles: ['case_worker'] });
    const s = await signIn(t, u.username);
    const res = await a.patch(`/api/users/${u.id}`, { isActive: false, version: 0 });
    expect(res.status).toBe(200);
    expect(res.body.isActive).toBe(false);
    expect((await s.get('/api/auth/me')).status).toBe(401);
    expect((await attemptLogin(t, u.username, testPassword)).status).toBe(401);
  });

  it('ends the sessions of a user whose roles change', async () => {
    const u = await buildUser(t.db, countyA, { roles: ['case_worker'] });
    const s = await signIn(t, u.username);
    const res = await a.patch(`/api/users/${u.id}`, {
      roles: ['case_worker', 'federation_admin'],
      version: 0,
    });
    expect(res.status).toBe(200);
    expect((await s.get('/api/auth/me')).status).toBe(401);
  });

  it('refuses to deactivate oneself or change one’s own roles', async () => {
    const me = (await a.get(`/api/users/${adminA.id}`)).body;
    for (const change of [{ isActive: false }, { roles: ['case_worker'] }]) {
      const res = await a.patch(`/api/users/${adminA.id}`, { ...change, version: me.version });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('INVALID_STATE');
    }
    expect((await a.get('/api/auth/me')).status).toBe(200);
  });
});

describe('resetUserPassword', () => {
  it('sets a password the user must change, and ends their sessions', async () => {
    const u = await buildUser(t.db, countyA, { roles: ['case_worker'] });
    const s = await signIn(t, u.username);
    const res = await a.post(`/api/users/${u.id}/reset-password`, { password: strongPassword });
    expect(res.status).toBe(204);
    expect((await s.get('/api/auth/me')).status).toBe(401);
    const again = await signIn(t, u.username, strongPassword);
    expect((await again.get('/api/auth/me')).body.mustChangePassword).toBe(true);
  });
});

describe('unlockUser', () => {
  it('lifts a lockout', async () => {
    const u = await buildUser(t.db, countyA, { roles: ['case_worker'] });
    await t.db
      .updateTable('users')
      .set({ locked_until: new Date(Date.now() + 3_600_000), failed_login_count: 0 })
      .where('id', '=', u.id)
      .execute();
    expect((await a.get(`/api/users/${u.id}`)).body.lockedUntil).not.toBeNull();
    const res = await a.post(`/api/users/${u.id}/unlock`);
    expect(res.status).toBe(200);
    expect(res.body.lockedUntil).toBeNull();
    expect((await attemptLogin(t, u.username, testPassword)).status).toBe(204);
  });
});

describe('findUsers', () => {
  it('pages by id through every user of the subtree and none outside it', async () => {
    const inside: number[] = [];
    for (let i = 0; i < 4; i++)
      inside.push((await buildUser(t.db, i % 2 ? unionA : countyA, { roles: ['helper'] })).id);
    await buildUser(t.db, countyB, { roles: ['helper'] });
    await buildUser(t.db, city, { roles: ['helper'] });
    const expected = (
      await t.db
        .selectFrom('users as u')
        .innerJoin('org_nodes as n', 'n.id', 'u.node_id')
        .select('u.id')
        .where('n.path', 'like', `${countyA.path}%`)
        .orderBy('u.id')
        .execute()
    ).map((r) => r.id);
    expect(expected).toEqual(expect.arrayContaining(inside));

    const seen: number[] = [];
    let after: number | null = null;
    let pages = 0;
    do {
      const res = await a.get('/api/users', { limit: 2, ...(after ? { after } : {}) });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((u: { id: number }) => u.id));
      after = res.body.nextCursor;
      pages += 1;
    } while (after !== null && pages < 50);
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 2));
  });

  it('filters by node, role and text within the subtree', async () => {
    const helper = await buildUser(t.db, unionA, {
      roles: ['helper'],
      username: 'findable.helper',
      displayName: '帮扶联系人王五',
    });
    const byNode = await a.get('/api/users', { nodeId: unionA.id, limit: 200 });
    expect(byNode.body.items.every((u: { nodeId: number }) => u.nodeId === unionA.id)).toBe(true);
    expect(byNode.body.items.map((u: { id: number }) => u.id)).toContain(helper.id);
    const byRole = await a.get('/api/users', { role: 'helper', limit: 200 });
    expect(byRole.body.items.every((u: { roles: Role[] }) => u.roles.includes('helper'))).toBe(
      true,
    );
    const byText = await a.get('/api/users', { q: '王五' });
    expect(byText.body.items.map((u: { id: number }) => u.id)).toEqual([helper.id]);
    expect((await a.get('/api/users', { q: '%' })).body.items).toEqual([]);
    expect((await a.get('/api/users', { nodeId: countyB.id })).status).toBe(404);
  });
});

describe('ensureFirstAdmin', () => {
  it('creates an administrator who must change the password and may grant every role', async () => {
    const s = await signIn(t, 'admin', firstAdminPassword);
    expect((await s.get('/api/users')).status).toBe(403);
    const changed = await s.post('/api/auth/password', {
      currentPassword: firstAdminPassword,
      newPassword: 'Changed-Chief-Passw0rd',
    });
    expect(changed.status).toBe(204);
    const res = await s.post('/api/users', createBody({ roles: [...roles] }));
    expect(res.status).toBe(201);
    expect(res.body.roles).toEqual([...roles]);
  });
});
