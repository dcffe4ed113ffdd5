import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/server/db/database';
import { migrateToLatest } from '../../src/server/db/migrate';
import { ensureRootNode } from '../../src/server/orgs/orgs.service';

export type Target = { databaseUrl?: string; dataDir?: string };

/** The target named on the command line: `--database-url URL` or `--data-dir DIR` (embedded). */
export function targetOf(args: Map<string, string>): Target {
  const databaseUrl = args.get('database-url') ?? process.env.DATABASE_URL;
  if (databaseUrl) return { databaseUrl };
  return { dataDir: args.get('data-dir') ?? 'data/bench' };
}

export function describeTarget(t: Target): string {
  return t.databaseUrl
    ? `postgres ${new URL(t.databaseUrl).pathname.slice(1)}`
    : `embedded ${t.dataDir}`;
}

/** Opens the target, applies the migrations and makes sure the root of the tree exists. */
export async function openTarget(t: Target): Promise<DatabaseHandle> {
  const handle = await openDatabase({ databaseUrl: t.databaseUrl, dataDir: t.dataDir });
  await migrateToLatest(handle.db);
  await ensureRootNode(handle.db, {
    name: '中华全国总工会',
    code: 'ACFTU',
    type: 'national',
    regionCode: null,
  });
  return handle;
}

function adminUrl(url: string): { admin: string; name: string } {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  return { admin: u.toString(), name };
}

/** Creates the scratch database of a PostgreSQL URL (dropping it first when `fresh`). */
export async function createScratchDatabase(url: string, fresh: boolean): Promise<void> {
  const { admin, name } = adminUrl(url);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`scratch database name ${name}: use [a-z0-9_]`);
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    if (fresh) await client.query(`drop database if exists ${name} with (force)`);
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!exists.rowCount) await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
}

export async function dropScratchDatabase(url: string): Promise<void> {
  const { admin, name } = adminUrl(url);
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
  } finally {
    await client.end();
  }
}
