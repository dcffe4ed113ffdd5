import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inTransaction, openDatabase, type DatabaseHandle, type Db } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { loadConfig, type Config } from '../env';
import { buildApp, type BuiltApp } from '../app';
import { ensureRootNode, insertChildNode } from '../orgs/orgs.service';
import { insertUserAudited } from '../users/users.service';
import { hashPassword } from '../auth/password';
import type { OrgNodeType } from '../../shared/orgs/org-node';
import type { Role } from '../../shared/permissions';
import { createFieldCipher } from '../privacy/field-cipher';

/**
 * A database with no tables: in memory on the embedded database by default, or —
 * when DATABASE_URL points at a PostgreSQL server — a new database created on it,
 * dropped by `dropDatabase`.
 */
export async function createEmptyDatabase(): Promise<
  DatabaseHandle & { dropDatabase(): Promise<void> }
> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return { ...(await openDatabase({})), dropDatabase: async () => {} };
  const name = `bangfu_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  return {
    ...handle,
    async dropDatabase() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** A fresh, migrated database for one test file (see createEmptyDatabase). */
export async function createTestDatabase(): Promise<
  DatabaseHandle & { dropDatabase(): Promise<void> }
> {
  const handle = await createEmptyDatabase();
  await migrateToLatest(handle.db);
  return handle;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ BANGFU_DATA_DIR: '/tmp/bangfu-test-unused', LOG_LEVEL: 'silent' }),
    ...overrides,
  };
}

/** One data key for every test app: tests may compare hashes across apps. */
export const testCipher = createFieldCipher(Buffer.alloc(32, 7));

export const testPassword = 'Test-password-2026';
let cachedHash: Promise<string> | undefined;
/** One scrypt hash of `testPassword`, shared: hashing is slow by design. */
export function testPasswordHash(): Promise<string> {
  cachedHash ??= hashPassword(testPassword);
  return cachedHash;
}

export type TestNode = { id: number; path: string; code: string; name: string };

/** Creates a node straight through the service layer (audited as a system change). */
export async function buildNode(
  db: Db,
  parent: { id: number },
  overrides: { type?: OrgNodeType; name?: string; code?: string; regionCode?: string | null } = {},
): Promise<TestNode> {
  const suffix = randomBytes(3).toString('hex');
  const type = overrides.type ?? 'grassroots';
  const regionCode =
    overrides.regionCode ??
    (type === 'province'
      ? '320000'
      : type === 'city'
        ? '320100'
        : type === 'county'
          ? '320102'
          : null);
  const row = await inTransaction(db, (trx) =>
    insertChildNode(
      trx,
      '/',
      { actor: null },
      {
        parentId: parent.id,
        type,
        name: overrides.name ?? `测试单位${suffix}`,
        code: overrides.code ?? `T${suffix}`,
        regionCode,
      },
    ),
  );
  return { id: row.id, path: row.path, code: row.code, name: row.name };
}

export async function buildUser(
  db: Db,
  node: { id: number },
  overrides: {
    username?: string;
    roles?: Role[];
    displayName?: string;
    mustChangePassword?: boolean;
  } = {},
) {
  const username = overrides.username ?? `u${randomBytes(4).toString('hex')}`;
  const id = await inTransaction(db, async (trx) =>
    insertUserAudited(
      trx,
      { actor: null },
      {
        username,
        displayName: overrides.displayName ?? `用户${username}`,
        phone: null,
        nodeId: node.id,
        roles: overrides.roles ?? ['federation_admin'],
        passwordHash: await testPasswordHash(),
        mustChangePassword: overrides.mustChangePassword ?? false,
      },
    ),
  );
  return { id, username, password: testPassword };
}

/** A signed-in HTTP client: keeps the cookie and sends the CSRF header. */
export type Session = {
  username: string;
  /** The `cookie` header value (for raw `app.inject` calls, e.g. downloads). */
  cookie: string;
  request(
    method: string,
    url: string,
    body?: unknown,
  ): Promise<{ status: number; body: any; text: string; headers: Record<string, unknown> }>;
  get(url: string): ReturnType<Session['request']>;
  post(url: string, body?: unknown): ReturnType<Session['request']>;
  patch(url: string, body?: unknown): ReturnType<Session['request']>;
  put(url: string, body?: unknown): ReturnType<Session['request']>;
};

export type TestApp = BuiltApp & {
  db: Db;
  handle: DatabaseHandle;
  config: Config;
  root: TestNode;
  /** Signs in with the shared test password (or the one given). */
  login(username: string, password?: string): Promise<Session>;
  anonymous(): Session;
  close(): Promise<void>;
};

export async function createTestApp(configOverrides: Partial<Config> = {}): Promise<TestApp> {
  const handle = await createTestDatabase();
  const config = testConfig(configOverrides);
  const rootRow = await ensureRootNode(handle.db, {
    name: '中华全国总工会',
    code: 'ACFTU',
    type: 'national',
    regionCode: null,
  });
  const built = await buildApp(
    { db: handle.db, mode: handle.mode, config, cipher: testCipher },
    { logger: false, webDir: '/nonexistent' },
  );
  const { app } = built;

  function session(cookie: string | null, csrf: string | null, username: string): Session {
    const request: Session['request'] = async (method, url, body) => {
      const res = await app.inject({
        method: method as 'GET',
        url,
        headers: {
          ...(cookie ? { cookie } : {}),
          ...(csrf ? { 'x-csrf-token': csrf } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
      let parsed: unknown;
      try {
        parsed = res.body ? JSON.parse(res.body) : null;
      } catch {
        parsed = null;
      }
      return { status: res.statusCode, body: parsed, text: res.body, headers: res.headers };
    };
    return {
      username,
      cookie: cookie ?? '',
      request,
      get: (url) => request('GET', url),
      post: (url, body) => request('POST', url, body ?? {}),
      patch: (url, body) => request('PATCH', url, body ?? {}),
      put: (url, body) => request('PUT', url, body ?? {}),
    };
  }

  return {
    ...built,
    db: handle.db,
    handle,
    config,
    root: { id: rootRow.id, path: rootRow.path, code: rootRow.code, name: rootRow.name },
    anonymous: () => session(null, null, ''),
    async login(username, password = testPassword) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password },
      });
      if (res.statusCode !== 204)
        throw new Error(`login of ${username} failed: ${res.statusCode} ${res.body}`);
      const setCookie = [res.headers['set-cookie']].flat()[0] as string;
      const cookie = setCookie.split(';')[0]!;
      const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
      return session(cookie, (JSON.parse(me.body) as { csrfToken: string }).csrfToken, username);
    },
    async close() {
      await app.close();
      await handle.close();
      await handle.dropDatabase();
    },
  };
}
