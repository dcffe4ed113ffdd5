import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissions, rolePermissions, roles, type Permission } from '../../shared/permissions';
import { buildUser, createTestApp, type TestApp } from '../test/test-app';
import { anonymousClient, clientOf, signIn, type Client, type Reply } from '../test/clients';
import {
  buildWorld,
  fillUrl,
  findMarker,
  routeFixtures,
  urlParams,
  type Probe,
  type World,
} from '../test/route-fixtures';
import { installRouteRegistry, type RegisteredRoute } from './access';

/**
 * Visits every registered route as: nobody, a role without the permission, a user
 * who must still change the password, a request without the CSRF header, and a
 * user of the sibling county. Routes come from the registry, so a new route is
 * visited (or fails for want of a fixture) without anyone editing this file.
 */

let t: TestApp;
let w: World;
let probes: Map<string, Probe[]>;
let adminA: Client;
let adminB: Client;
let rootAdmin: Client;
let rootAdminName: string;

const keyOf = (r: RegisteredRoute) => `${r.method} ${r.url}`;
const fixtureOf = (r: RegisteredRoute) => routeFixtures[keyOf(r)]!;
const firstProbe = (r: RegisteredRoute) => probes.get(keyOf(r))![0]!;
const isSafe = (r: RegisteredRoute) => r.method === 'GET';
const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

function visit(client: Client, route: RegisteredRoute, probe: Probe, csrf?: false | string) {
  return client.send(route.method, fillUrl(route.url, fixtureOf(route), w, probe.params), {
    ...(probe.query ? { query: probe.query } : {}),
    ...(probe.body !== undefined ? { body: probe.body } : {}),
    ...(probe.upload ? { upload: probe.upload } : {}),
    ...(csrf !== undefined ? { csrf } : {}),
  });
}

function describeVisit(route: RegisteredRoute, probe: Probe, res: Reply): string {
  const query = probe.query ? `?${new URLSearchParams(probe.query as Record<string, string>)}` : '';
  return `${route.method} ${fillUrl(route.url, fixtureOf(route), w, probe.params)}${query} → ${res.status} ${res.text.slice(0, 200)}`;
}

/** Routes the fixture table knows (the registry may hold routes still being built elsewhere). */
function knownRoutes(): RegisteredRoute[] {
  return t.routes.filter((r) => routeFixtures[keyOf(r)]);
}

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
  probes = new Map();
  for (const route of knownRoutes()) probes.set(keyOf(route), await fixtureOf(route).probes(w));
  rootAdminName = 'root.admin';
  // Every role, as the first administrator holds: one may manage only users whose roles one holds.
  await buildUser(t.db, t.root, { username: rootAdminName, roles: [...roles] });
  [adminA, adminB, rootAdmin] = await Promise.all([
    signIn(t, w.adminA.username),
    signIn(t, w.adminB.username),
    signIn(t, rootAdminName),
  ]);
});
afterAll(() => t.close());

describe('route registry', () => {
  it('has a fixture for every registered /api route', () => {
    const missing = t.routes.map(keyOf).filter((k) => !routeFixtures[k]);
    expect(missing, 'add these routes to src/server/test/route-fixtures.ts').toEqual([]);
  });

  it('names the kind of record behind every :param of every route', () => {
    const problems = knownRoutes().flatMap((r) =>
      urlParams(r.url)
        .filter((p) => !fixtureOf(r).params?.[p])
        .map((p) => `${keyOf(r)}: :${p}`),
    );
    expect(problems).toEqual([]);
  });

  it('registers only the permissions of the role table', () => {
    for (const r of t.routes)
      expect(['public', 'session', ...permissions]).toContain(r.access as string);
  });

  it('refuses to start with an /api route that declares no access', async () => {
    const app = Fastify();
    installRouteRegistry(app, []);
    expect(() => app.get('/api/undeclared', async () => 'x')).toThrow(/declares no access/);
    await app.close();
  });

  it('refuses to start with an /api route that declares an unknown permission', async () => {
    const app = Fastify();
    installRouteRegistry(app, []);
    expect(() =>
      app.get(
        '/api/unknown',
        { config: { access: 'household.delete' as Permission } },
        async () => 'x',
      ),
    ).toThrow(/unknown permission household.delete/);
    await app.close();
  });
});

describe('a request without a session', () => {
  it('is answered 401 on every route that is not public', async () => {
    const failures: string[] = [];
    const forged = clientOf(t, 'bangfu_sid=not-a-real-session-token', 'forged');
    for (const route of knownRoutes().filter((r) => r.access !== 'public')) {
      for (const client of [anonymousClient(t), forged]) {
        const res = await visit(client, route, firstProbe(route));
        if (res.status !== 401 || res.body?.error?.code !== 'UNAUTHENTICATED')
          failures.push(describeVisit(route, firstProbe(route), res));
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('a role without the permission', () => {
  it('is answered 403 naming the permission on every permission route', async () => {
    // One user per role, and one whose only stored role this version no longer knows:
    // every permission then has at least one caller who lacks it.
    const callers: { client: Client; has: ReadonlySet<Permission> }[] = [];
    for (const role of roles) {
      const u = await buildUser(t.db, t.root, { username: `only.${role}`, roles: [role] });
      callers.push({ client: await signIn(t, u.username), has: new Set(rolePermissions[role]) });
    }
    const retired = await buildUser(t.db, t.root, { username: 'only.retired', roles: ['helper'] });
    await t.db
      .updateTable('users')
      .set({ roles: ['retired_role'] })
      .where('id', '=', retired.id)
      .execute();
    callers.push({ client: await signIn(t, retired.username), has: new Set() });

    const failures: string[] = [];
    const permissionRoutes = knownRoutes().filter(
      (r) => r.access !== 'public' && r.access !== 'session',
    );
    expect(permissionRoutes.length).toBeGreaterThan(0);
    for (const route of permissionRoutes) {
      const lacking = callers.filter((c) => !c.has.has(route.access as Permission));
      expect(lacking.length, keyOf(route)).toBeGreaterThan(0);
      for (const { client } of lacking) {
        const res = await visit(client, route, firstProbe(route));
        if (
          res.status !== 403 ||
          res.body?.error?.details?.reason !== 'permission' ||
          res.body?.error?.details?.permission !== route.access
        )
          failures.push(`${client.username}: ${describeVisit(route, firstProbe(route), res)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('a user who must change the password', () => {
  let gated: string;
  beforeAll(async () => {
    gated = (
      await buildUser(t.db, t.root, {
        username: 'gated.admin',
        roles: ['system_admin', 'federation_admin', 'auditor'],
        mustChangePassword: true,
      })
    ).username;
  });

  it('is answered 403 on every permission route', async () => {
    const client = await signIn(t, gated);
    const failures: string[] = [];
    for (const route of knownRoutes().filter(
      (r) => r.access !== 'public' && r.access !== 'session',
    )) {
      const res = await visit(client, route, firstProbe(route));
      if (res.status !== 403 || res.body?.error?.details?.reason !== 'password_change')
        failures.push(describeVisit(route, firstProbe(route), res));
    }
    expect(failures).toEqual([]);
  });

  it('may still use every session route (me, regions, password change, logout)', async () => {
    const client = await signIn(t, gated);
    const failures: string[] = [];
    const sessionRoutes = knownRoutes().filter((r) => r.access === 'session');
    expect(sessionRoutes.map(keyOf)).toEqual(
      expect.arrayContaining(['GET /api/auth/me', 'POST /api/auth/password']),
    );
    for (const route of sessionRoutes) {
      const caller = fixtureOf(route).endsSession ? await signIn(t, gated) : client;
      const res = await visit(caller, route, firstProbe(route));
      if (res.status === 401 || res.status === 403 || res.status >= 500)
        failures.push(describeVisit(route, firstProbe(route), res));
    }
    expect(failures).toEqual([]);
  });
});

describe('a state-changing request without the CSRF header', () => {
  it('is answered 403 on every state-changing route, with the header missing or wrong', async () => {
    const failures: string[] = [];
    for (const route of knownRoutes().filter((r) => !isSafe(r) && r.access !== 'public')) {
      for (const csrf of [false, 'forged-token'] as const) {
        const res = await visit(rootAdmin, route, firstProbe(route), csrf);
        if (res.status !== 403 || res.body?.error?.details?.reason !== 'csrf')
          failures.push(`csrf=${csrf}: ${describeVisit(route, firstProbe(route), res)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('a user of the sibling county', () => {
  async function countyASnapshot() {
    const under = `${w.countyA.path}%`;
    const nodes = await t.db
      .selectFrom('org_nodes')
      .select(['id', 'parent_id', 'path', 'name', 'is_active', 'version'])
      .where('path', 'like', under)
      .orderBy('id')
      .execute();
    const users = await t.db
      .selectFrom('users as u')
      .innerJoin('org_nodes as n', 'n.id', 'u.node_id')
      .select([
        'u.id',
        'u.node_id',
        'u.display_name',
        'u.roles',
        'u.is_active',
        'u.version',
        'u.password_hash',
        'u.failed_login_count',
        'u.locked_until',
      ])
      .where('n.path', 'like', under)
      .orderBy('u.id')
      .execute();
    const audit = await t.db
      .selectFrom('audit_log as a')
      .innerJoin('org_nodes as n', 'n.id', 'a.node_id')
      .select((eb) => eb.fn.countAll<number>().as('c'))
      .where('n.path', 'like', under)
      .executeTakeFirstOrThrow();
    const totals = await t.db
      .selectNoFrom((eb) => [
        eb.selectFrom('org_nodes').select(eb.fn.countAll<number>().as('c')).as('nodes'),
        eb.selectFrom('users').select(eb.fn.countAll<number>().as('c')).as('users'),
      ])
      .executeTakeFirstOrThrow();
    return { nodes, users, audit: audit.c, totals };
  }

  it('never gets county A’s records, and changes none of them', async () => {
    const before = await countyASnapshot();
    const failures: string[] = [];
    for (const route of knownRoutes()) {
      for (const probe of probes.get(keyOf(route))!) {
        const client = fixtureOf(route).endsSession ? await signIn(t, w.adminB.username) : adminB;
        const res = await visit(client, route, probe);
        const fail = (why: string) => failures.push(`${why}: ${describeVisit(route, probe, res)}`);
        if (res.status >= 500) fail('server error');
        if (probe.expect === 'refused' && res.status !== 403 && res.status !== 404)
          fail('expected 403 or 404');
        if (probe.expect === 'filtered' && (res.status < 200 || res.status > 299))
          fail('expected a filtered answer');
        if (probe.expect === 'as-if-absent') {
          const absent = await visit(client, route, { ...probe, upload: probe.absent!.upload });
          const [real, fake] = probe.absent!.swap;
          const normalise = (s: string) => s.replaceAll(uuid, '<id>');
          if (
            res.status !== absent.status ||
            normalise(res.text.replaceAll(real, fake)) !== normalise(absent.text)
          )
            fail(`differs from the answer for ${fake} (${absent.status} ${absent.text})`);
        } else {
          const text = probe.read && res.status === 200 ? await probe.read(res) : res.text;
          const marker = findMarker(text);
          if (marker) fail(`answer contains county A’s “${marker}”`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await countyASnapshot()).toEqual(before);
  });
});

describe('county A’s own administrator', () => {
  it('reads every county-A record the sibling county was refused or filtered', async () => {
    const failures: string[] = [];
    for (const route of knownRoutes().filter(isSafe)) {
      for (const probe of probes.get(keyOf(route))!) {
        if (probe.expect !== 'refused' && probe.expect !== 'filtered') continue;
        const res = await visit(adminA, route, probe);
        if (res.status !== 200) failures.push(`expected 200: ${describeVisit(route, probe, res)}`);
        else if (probe.expect === 'filtered') {
          const text = probe.read ? await probe.read(res) : res.text;
          if (!findMarker(text))
            failures.push(`no county-A marker: ${describeVisit(route, probe, res)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('an administrator above both counties', () => {
  // Shows that the sibling's 403/404 came from the scope and not from a bad fixture.
  // This changes county A's records, so it runs last.
  it('gets past validation and scope on every change the sibling county was refused', async () => {
    const failures: string[] = [];
    for (const route of knownRoutes().filter((r) => !isSafe(r))) {
      for (const probe of probes.get(keyOf(route))!) {
        if (probe.expect !== 'refused' && probe.expect !== 'as-if-absent') continue;
        const res = await visit(rootAdmin, route, probe);
        if ([400, 401, 403, 404].includes(res.status) || res.status >= 500)
          failures.push(describeVisit(route, probe, res));
        if (probe.expect === 'as-if-absent') {
          const absent = await visit(rootAdmin, route, { ...probe, upload: probe.absent!.upload });
          if (absent.status === res.status && absent.text === res.text)
            failures.push(`same answer as for an absent code: ${describeVisit(route, probe, res)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
