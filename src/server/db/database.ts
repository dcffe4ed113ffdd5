import { AsyncLocalStorage } from 'node:async_hooks';
import { Worker } from 'node:worker_threads';
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import {
  Kysely,
  PostgresDialect,
  type DatabaseConnection,
  type Driver,
  type Transaction,
  type TransactionSettings,
} from 'kysely';
import type { Database } from './schema';

export type DatabaseMode = 'postgres' | 'embedded';
/** The root handle. Services receive it; inside a transaction they must use the trx. */
export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the root handle or an open transaction: what query functions take first. */
export type Conn = Kysely<Database>;

const transactionScope = new AsyncLocalStorage<{ open: true }>();

/**
 * Wraps the driver so that asking the pool for a second connection while a
 * transaction is open in the same call chain fails at once, in both modes. In
 * embedded mode the database serialises connections, so such code would wait
 * forever for the transaction it is itself holding; on PostgreSQL it would
 * silently read outside the transaction. Either way the fix is to pass the trx down.
 */
class TransactionGuardDriver implements Driver {
  constructor(private readonly inner: Driver) {}
  init(): Promise<void> {
    return this.inner.init();
  }
  acquireConnection(): Promise<DatabaseConnection> {
    if (transactionScope.getStore()) {
      return Promise.reject(
        new Error(
          'A query used the root database handle while a transaction is open in the same call chain. ' +
            'Pass the transaction (trx) down to every query instead.',
        ),
      );
    }
    return this.inner.acquireConnection();
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }
  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(connection);
  }
  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

class GuardedPostgresDialect extends PostgresDialect {
  override createDriver(): Driver {
    return new TransactionGuardDriver(super.createDriver());
  }
}

/** Runs `fn` in one transaction; any use of the root handle inside it throws. */
export function inTransaction<T>(db: Db, fn: (trx: Tx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Tx);
  return db.transaction().execute((trx) => transactionScope.run({ open: true }, () => fn(trx)));
}

// int8 (bigint ids, count(*)) as JS numbers, refusing values past 2^53.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) {
      return (value: string) => {
        const n = Number(value);
        if (!Number.isSafeInteger(n))
          throw new Error(`int8 value ${value} exceeds the safe integer range`);
        return n;
      };
    }
    return pg.types.getTypeParser(oid, format);
  },
} as unknown as pg.CustomTypesConfig;

export type DatabaseHandle = {
  db: Db;
  mode: DatabaseMode;
  /** A connection string that reaches this database (the embedded one on loopback). */
  connectionString: string;
  /** Embedded only: writes a consistent gzip'd copy of the database directory. */
  dumpTo?: (file: string) => Promise<void>;
  close(): Promise<void>;
};

export type OpenDatabaseOptions = {
  /** PostgreSQL connection string; without it the embedded database is used. */
  databaseUrl?: string | undefined;
  /** Embedded only: directory of the database files; undefined = in memory. */
  dataDir?: string | undefined;
  /**
   * Embedded only: a backup tarball (from dumpTo) to start a new database from;
   * `dataDir` must not already hold a database. Used by restore.
   */
  loadDataDir?: Uint8Array | undefined;
  poolSize?: number;
};

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const handle = createHandle(options.databaseUrl, 'postgres', options.poolSize ?? 10);
    return { ...handle, close: () => handle.db.destroy() };
  }
  const embedded = await startEmbedded(options.dataDir, 8, options.loadDataDir);
  const handle = createHandle(embedded.connectionString, 'embedded', options.poolSize ?? 4);
  return {
    ...handle,
    dumpTo: embedded.dumpTo,
    async close() {
      await handle.db.destroy();
      await embedded.stop();
    },
  };
}

function createHandle(connectionString: string, mode: DatabaseMode, max: number) {
  const pool = new pg.Pool({ connectionString, max, types, application_name: 'bangfu' });
  pool.on('error', (error) => console.error('database pool error', error));
  const db = new Kysely<Database>({ dialect: new GuardedPostgresDialect({ pool }) });
  return { db, mode, connectionString };
}

async function startEmbedded(
  dataDir: string | undefined,
  maxConnections: number,
  loadDataDir?: Uint8Array,
) {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const worker = new Worker(new URL('./embedded-worker.mjs', import.meta.url), {
    workerData: { dataDir, maxConnections, loadDataDir },
  });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (m: { type: string; port?: number; message?: string }) => {
      if (m.type === 'ready') resolve(m.port!);
      if (m.type === 'error') reject(new Error(`embedded database failed to start: ${m.message}`));
    });
  }).catch(async (error: unknown) => {
    await worker.terminate(); // a worker that failed to start would keep the process alive
    throw error;
  });
  let nextId = 0;
  return {
    connectionString: `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    dumpTo(file: string) {
      const id = ++nextId;
      return new Promise<void>((resolve, reject) => {
        const onMessage = (m: { type: string; id?: number; error?: string }) => {
          if (m.type !== 'dumped' || m.id !== id) return;
          worker.off('message', onMessage);
          if (m.error) reject(new Error(`backup failed: ${m.error}`));
          else resolve();
        };
        worker.on('message', onMessage);
        worker.postMessage({ type: 'dump', id, file });
      });
    },
    async stop() {
      const stopped = new Promise<void>((resolve) =>
        worker.on(
          'message',
          (m: { type: string }) => (m.type === 'stopped' || m.type === 'error') && resolve(),
        ),
      );
      worker.postMessage({ type: 'stop' });
      await Promise.race([stopped, new Promise((r) => setTimeout(r, 5000))]);
      await worker.terminate();
    },
  };
}
