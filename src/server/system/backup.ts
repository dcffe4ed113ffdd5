import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  renameSync,
  rmSync,
  rmdirSync,
} from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type DatabaseHandle } from '../db/database';
import { getSchemaVersion } from '../db/migrate';
import { migrations } from '../db/migrations';
import type { Config } from '../env';
import { lockDataDir, lockFileName, withDataDirLock } from './data-dir-lock';

export function backupDir(config: Config): string {
  return join(config.dataDir, 'backups');
}

/** `20261129-044819` (UTC), the time part of every backup's file name. */
export function backupStamp(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\..+/, '').replace('T', '-');
}

/** Writes one backup of the embedded database and keeps only the newest `keep`. */
export async function backupEmbedded(
  handle: DatabaseHandle,
  dir: string,
  keep: number,
): Promise<string> {
  if (!handle.dumpTo) throw new Error('only the embedded database is backed up this way');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bangfu-${backupStamp()}.tar.gz`);
  await handle.dumpTo(file);
  const old = readdirSync(dir)
    .filter((f) => /^bangfu-\d{8}-\d{6}\.tar\.gz$/.test(f))
    .sort()
    .slice(0, -keep);
  for (const f of old) rmSync(join(dir, f));
  return file;
}

/**
 * Embedded mode never fsyncs, so it survives a crash of the process but not a
 * power loss: it takes a backup at start and then every interval.
 */
export function startBackupSchedule(handle: DatabaseHandle, config: Config) {
  const dir = backupDir(config);
  const backupNow = () => backupEmbedded(handle, dir, config.backupKeep);
  let timer: NodeJS.Timeout | undefined;
  if (config.backupIntervalMs > 0) {
    void backupNow().catch((e) => console.error('automatic backup failed', e));
    timer = setInterval(
      () => void backupNow().catch((e) => console.error('automatic backup failed', e)),
      config.backupIntervalMs,
    );
    timer.unref();
  }
  return { backupNow, stop: () => timer && clearInterval(timer) };
}

// ---- Operator backups and restores (npx bangfu backup / restore) ----

/**
 * Where `bangfu backup` writes without --out: PostgreSQL dumps in the working
 * directory; embedded copies beside the automatic ones, named `-manual` so that
 * the automatic rotation never deletes them.
 */
export function defaultBackupFile(config: Config, date = new Date()): string {
  return config.databaseUrl
    ? join(process.cwd(), `bangfu-${backupStamp(date)}.dump`)
    : join(backupDir(config), `bangfu-${backupStamp(date)}-manual.tar.gz`);
}

export type BackupKind = 'pg_dump' | 'embedded' | 'unknown';

/** Tells a pg_dump custom-format file from an embedded-database tarball by its first bytes. */
export function backupKindOf(file: string): BackupKind {
  const head = Buffer.alloc(512);
  const fd = openSync(file, 'r');
  let length: number;
  try {
    length = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (length >= 5 && head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'pg_dump';
  if (length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'embedded'; // gzip
  if (length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'embedded';
  return 'unknown';
}

function expectKind(file: string, wanted: Exclude<BackupKind, 'unknown'>): void {
  if (!existsSync(file)) throw new Error(`${file}: no such file`);
  const kind = backupKindOf(file);
  if (kind === wanted) return;
  if (kind === 'embedded')
    throw new Error(
      `${file} is a backup of the embedded database; unset DATABASE_URL to restore it there`,
    );
  if (kind === 'pg_dump')
    throw new Error(`${file} is a PostgreSQL dump; set DATABASE_URL to restore it into PostgreSQL`);
  throw new Error(
    `${file} is not a Bangfu backup (expected ${wanted === 'pg_dump' ? 'a pg_dump custom-format file' : 'a .tar.gz written by bangfu backup'})`,
  );
}

/**
 * Runs a PostgreSQL client tool against a connection string. The password goes
 * through PGPASSWORD, not the command line, where other users could read it.
 */
function runPgTool(tool: 'pg_dump' | 'pg_restore', databaseUrl: string, args: string[]) {
  const url = new URL(databaseUrl);
  const env = { ...process.env };
  if (url.password) {
    env.PGPASSWORD = decodeURIComponent(url.password);
    url.password = '';
  }
  return new Promise<void>((resolve, reject) => {
    const child = spawn(tool, [...args, `--dbname=${url.toString()}`], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(
              `${tool} not found: install the PostgreSQL client tools (postgresql-client, the server's major version or newer)`,
            )
          : error,
      ),
    );
    child.on('close', (code) => {
      if (code === 0) return resolve();
      const detail = stderr.trim().split('\n').slice(0, 3).join(' / ');
      reject(new Error(`${tool} failed (exit ${code}): ${detail || 'no message'}`));
    });
  });
}

/** `pg_dump --format=custom` of the database into `file`, written beside it and then renamed. */
export async function backupPostgres(databaseUrl: string, file: string): Promise<void> {
  const partial = `${file}.partial`;
  try {
    await runPgTool('pg_dump', databaseUrl, ['--format=custom', `--file=${partial}`]);
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
}

/**
 * Restores a pg_dump custom-format file over the database: drops the objects the
 * dump holds and recreates them, in one transaction (a failure changes nothing).
 * Returns the schema version now in the database.
 */
export async function restorePostgres(databaseUrl: string, file: string): Promise<string | null> {
  expectKind(file, 'pg_dump');
  await runPgTool('pg_restore', databaseUrl, [
    '--clean',
    '--if-exists',
    '--no-owner',
    '--single-transaction',
    file,
  ]);
  const handle = await openDatabase({ databaseUrl, poolSize: 1 });
  try {
    return await getSchemaVersion(handle.db);
  } finally {
    await handle.close();
  }
}

function hasEmbeddedDatabase(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'));
}

/**
 * A consistent copy of the embedded database at `dataDir` into `file` (the same
 * .tar.gz the server's automatic backups are). Refuses while a server runs on
 * the data directory: that server's own backups are taken with
 * POST /api/system/backup or land in <dataDir>/backups on their own.
 */
export async function backupEmbeddedDataDir(dataDir: string, file: string): Promise<void> {
  if (!hasEmbeddedDatabase(dataDir)) throw new Error(`${dataDir} holds no embedded database`);
  await withDataDirLock(dataDir, async () => {
    const handle = await openDatabase({ dataDir, poolSize: 1 });
    try {
      await handle.dumpTo!(file);
    } finally {
      await handle.close();
    }
  });
}

export type EmbeddedRestoreReport = {
  dataDir: string;
  /** Where the database files that were there before now are; null when there were none. */
  previousMovedTo: string | null;
  schemaVersion: string;
  /** Migrations the restored database lacks: the server applies them at its next start. */
  pendingMigrations: number;
};

/** Bangfu's own files in the data directory: they stay where they are through a restore. */
function isBangfuEntry(name: string): boolean {
  return name === lockFileName || name === 'backups' || name.startsWith('before-restore-');
}

/**
 * Moves the database files out of `dataDir`, to `<dataDir>.before-restore-<stamp>`
 * beside it, or, where the data directory is a mount point (a container volume)
 * that its files cannot leave by rename, to `<dataDir>/before-restore-<stamp>`.
 */
function moveDatabaseAside(dataDir: string, stamp: string): { dir: string; entries: string[] } {
  const entries = readdirSync(dataDir).filter((name) => !isBangfuEntry(name));
  const candidates = [
    `${dataDir}.before-restore-${stamp}`,
    join(dataDir, `before-restore-${stamp}`),
  ];
  for (const dir of candidates) {
    const moved: string[] = [];
    try {
      mkdirSync(dir);
      for (const name of entries) {
        renameSync(join(dataDir, name), join(dir, name));
        moved.push(name);
      }
      return { dir, entries };
    } catch (error) {
      for (const name of moved) renameSync(join(dir, name), join(dataDir, name));
      if (existsSync(dir)) rmdirSync(dir);
      const code = (error as NodeJS.ErrnoException).code;
      if (dir === candidates.at(-1) || !['EXDEV', 'EBUSY', 'EACCES', 'EPERM'].includes(code ?? ''))
        throw error;
    }
  }
  throw new Error('unreachable');
}

/** Undoes moveDatabaseAside after a failed restore: removes what the restore wrote. */
function moveDatabaseBack(dataDir: string, aside: { dir: string; entries: string[] }): void {
  for (const name of readdirSync(dataDir).filter((n) => !isBangfuEntry(n)))
    rmSync(join(dataDir, name), { recursive: true, force: true });
  for (const name of aside.entries) renameSync(join(aside.dir, name), join(dataDir, name));
  rmdirSync(aside.dir);
}

/**
 * Replaces the embedded database at `dataDir` with a backup: refuses while a
 * server holds the data directory, moves the current database files aside (they
 * are kept), starts a new database from the tarball and checks that it opens and
 * has Bangfu's schema. On any failure the previous files are put back. The
 * backups folder and the lock stay in place.
 */
export async function restoreEmbeddedDataDir(
  dataDir: string,
  file: string,
  now = new Date(),
): Promise<EmbeddedRestoreReport> {
  expectKind(file, 'embedded');
  // Read first: the file may well live in <dataDir>/backups.
  const archive = new Uint8Array(readFileSync(file));
  const lock = lockDataDir(dataDir, { releaseOnExit: true });
  try {
    const hasOtherFiles = readdirSync(dataDir).some((name) => !isBangfuEntry(name));
    const aside = hasOtherFiles ? moveDatabaseAside(dataDir, backupStamp(now)) : null;
    let handle: DatabaseHandle | undefined;
    try {
      handle = await openDatabase({ dataDir, loadDataDir: archive, poolSize: 1 }).catch(
        (error: unknown) => {
          throw new Error(`${file} does not open as a database: ${String(error)}`, {
            cause: error,
          });
        },
      );
      const schemaVersion = await getSchemaVersion(handle.db).catch((error: unknown) => {
        throw new Error(`the restored database has no Bangfu schema: ${String(error)}`);
      });
      if (!schemaVersion) throw new Error('the restored database has no applied migrations');
      await handle.close();
      handle = undefined;
      return {
        dataDir,
        previousMovedTo: aside?.dir ?? null,
        schemaVersion,
        pendingMigrations: migrations.filter((m) => m.version > schemaVersion).length,
      };
    } catch (error) {
      await handle?.close().catch(() => {});
      if (aside) moveDatabaseBack(dataDir, aside);
      else
        for (const name of readdirSync(dataDir).filter((n) => !isBangfuEntry(n)))
          rmSync(join(dataDir, name), { recursive: true, force: true });
      throw error;
    }
  } finally {
    lock.release();
  }
}
