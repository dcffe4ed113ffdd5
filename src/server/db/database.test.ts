import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, openDatabase } from './database';
import { getSchemaVersion, migrateToLatest } from './migrate';
import { migrations } from './migrations';
import { buildUser, createEmptyDatabase, createTestApp, type TestApp } from '../test/test-app';

const isEmbedded = !process.env.DATABASE_URL;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('inTransaction', () => {
  it('refuses the root handle inside a transaction, in either database mode', async () => {
    await expect(
      inTransaction(t.db, async () => t.db.selectFrom('users').select('id').execute()),
    ).rejects.toThrow(/root database handle while a transaction is open/);
    // Deeper in the call chain, after an await, it is refused all the same.
    await expect(
      inTransaction(t.db, async (trx) => {
        await sql`select 1`.execute(trx);
        await Promise.resolve();
        return (async () => sql`select 2`.execute(t.db))();
      }),
    ).rejects.toThrow(/Pass the transaction \(trx\) down/);
    // The pool is still usable afterwards.
    expect((await sql<{ n: number }>`select 1::int as n`.execute(t.db)).rows).toEqual([{ n: 1 }]);
  });

  it('hands an open transaction to nested calls, and rolls everything back on error', async () => {
    const username = `nested${randomBytes(3).toString('hex')}`;
    await expect(
      inTransaction(t.db, async (trx) => {
        await inTransaction(trx, async (inner) => {
          expect(inner).toBe(trx);
          await buildUser(inner, t.root, { username });
        });
        throw new Error('change of mind');
      }),
    ).rejects.toThrow('change of mind');
    const found = await t.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .execute();
    expect(found).toEqual([]);
  });

  it('does not refuse queries of another call chain while a transaction is open', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const inside = inTransaction(t.db, async (trx) => {
      await sql`select 1`.execute(trx);
      await gate;
      return 'committed';
    });
    const outside = sql<{ n: number }>`select 2::int as n`.execute(t.db);
    release();
    expect(await inside).toBe('committed');
    expect((await outside).rows).toEqual([{ n: 2 }]);
  });
});

describe('the connection pool', () => {
  it('keeps concurrent parameterised queries of several connections apart', async () => {
    // While one connection holds a transaction the embedded database makes the
    // others wait; when it ends, their queued statements must not mix. Alternating
    // one and two parameters shows any query bound to another's statement.
    const transactions = Array.from({ length: 6 }, (_, i) =>
      inTransaction(t.db, async (trx) => {
        for (let k = 0; k < 3; k++) await sql`select ${i}::int + ${k}::int`.execute(trx);
        return i;
      }),
    );
    const queries = Array.from({ length: 40 }, (_, i) =>
      i % 2
        ? sql<{ v: number }>`select ${i}::int as v`.execute(t.db)
        : sql<{ v: number }>`select ${i}::int + ${1000}::int as v`.execute(t.db),
    );
    expect(await Promise.all(transactions)).toEqual([0, 1, 2, 3, 4, 5]);
    expect((await Promise.all(queries)).map((r) => r.rows[0]!.v)).toEqual(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? i : i + 1000)),
    );
  });

  it('returns int8 ids and counts as numbers, and refuses values past 2^53', async () => {
    const u = await buildUser(t.db, t.root);
    const row = await t.db
      .selectFrom('users')
      .select(['id', (eb) => eb.fn.countAll<number>().over().as('total')])
      .where('id', '=', u.id)
      .executeTakeFirstOrThrow();
    expect(typeof row.id).toBe('number');
    expect(row.id).toBe(u.id);
    expect(typeof row.total).toBe('number');
    const max = await sql<{ n: number }>`select 9007199254740991::int8 as n`.execute(t.db);
    expect(max.rows[0]!.n).toBe(Number.MAX_SAFE_INTEGER);
    await expect(sql`select 9007199254740993::int8 as n`.execute(t.db)).rejects.toThrow(
      /exceeds the safe integer range/,
    );
    expect((await sql<{ n: number }>`select 3::int8 as n`.execute(t.db)).rows).toEqual([{ n: 3 }]);
  });
});

describe('migrateToLatest', () => {
  it('applies nothing when run a second time', async () => {
    expect(await migrateToLatest(t.db)).toEqual([]);
    expect(await getSchemaVersion(t.db)).toBe(migrations.at(-1)!.version);
  });

  it('applies each migration exactly once when two processes start at once', async () => {
    const bare = await createEmptyDatabase();
    // A second pool on the same database stands for the second process.
    const other = await openDatabase({ databaseUrl: bare.connectionString, poolSize: 2 });
    try {
      const [first, second] = await Promise.all([
        migrateToLatest(bare.db),
        migrateToLatest(other.db),
      ]);
      expect([...first, ...second].sort()).toEqual(migrations.map((m) => m.version));
      const rows = await bare.db.selectFrom('schema_migrations').select('version').execute();
      expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
      expect(await migrateToLatest(other.db)).toEqual([]);
    } finally {
      await other.close();
      await bare.close();
      await bare.dropDatabase();
    }
  });
});

describe.skipIf(!isEmbedded)('the embedded database', () => {
  it('answers /api/health while a slow query runs', async () => {
    const order: string[] = [];
    const slow = sql`select pg_sleep(1.5)`.execute(t.db).then(() => order.push('slow query'));
    const health = t.app.inject({ method: 'GET', url: '/api/health' }).then((res) => {
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'ok', database: 'embedded' });
      order.push('health');
    });
    await Promise.all([slow, health]);
    expect(order).toEqual(['health', 'slow query']);
  });
});
