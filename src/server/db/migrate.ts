import { sql, type Kysely } from 'kysely';
import { migrations, type Migration } from './migrations';
import type { Db } from './database';

const lockKey = 2026_1129; // pg_advisory_xact_lock key: one migrator at a time

/**
 * Applies pending migrations in order, each in its own transaction together with
 * its row in schema_migrations. Safe to run twice and from two processes at once.
 * Returns the versions applied.
 */
export async function migrateToLatest(
  db: Db,
  list: Migration[] = migrations,
  log: (line: string) => void = () => {},
): Promise<string[]> {
  // Under the lock too: two `create table if not exists` at once collide on PostgreSQL.
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${lockKey})`.execute(trx);
    await sql`
      create table if not exists schema_migrations (
        version text primary key,
        name text not null,
        applied_at timestamptz not null default now()
      )`.execute(trx);
  });
  const applied: string[] = [];
  for (const migration of list) {
    const done = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${lockKey})`.execute(trx);
      const existing = await trx
        .selectFrom('schema_migrations')
        .select('version')
        .where('version', '=', migration.version)
        .executeTakeFirst();
      if (existing) return false;
      await migration.up(trx as unknown as Kysely<unknown>);
      await trx
        .insertInto('schema_migrations')
        .values({ version: migration.version, name: migration.name })
        .execute();
      return true;
    });
    if (done) {
      applied.push(migration.version);
      log(`applied migration ${migration.version} ${migration.name}`);
    }
  }
  return applied;
}

export async function getSchemaVersion(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom('schema_migrations')
    .select(({ fn }) => fn.max('version').as('version'))
    .executeTakeFirst();
  return row?.version ?? null;
}
