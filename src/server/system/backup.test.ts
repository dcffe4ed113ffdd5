import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, type Db } from '../db/database';
import { ensureRootNode, insertChildNode } from '../orgs/orgs.service';
import { backupDatabase, restoreDatabase, withDatabase } from '../cli/commands';
import { runCli, type CliIo } from '../cli/run-cli';
import { createTestDatabase, testConfig } from '../test/test-app';
import { backupKindOf } from './backup';
import { dataDirLockHolder, DataDirLockedError, lockDataDir, lockFileName } from './data-dir-lock';

const root = { name: '中华全国总工会', code: 'ACFTU', type: 'national', regionCode: null } as const;
const quiet = () => {};
const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bangfu-backup-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs)
    for (const d of [dir, ...siblings(dir)]) rmSync(d, { recursive: true, force: true });
});
function siblings(dir: string): string[] {
  const parent = join(dir, '..');
  const base = dir.split('/').at(-1)!;
  return readdirSync(parent)
    .filter((n) => n.startsWith(`${base}.`))
    .map((n) => join(parent, n));
}

function io(env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: { LOG_LEVEL: 'silent', ...env },
    isInteractive: false,
    ask: async () => '',
  };
  return { cli, out, err };
}

async function addProvince(db: Db, name: string, code: string) {
  const rootRow = await ensureRootNode(db, root);
  await inTransaction(db, (trx) =>
    insertChildNode(
      trx,
      '/',
      { actor: null },
      { parentId: rootRow.id, type: 'province', name, code, regionCode: '320000' },
    ),
  );
}

async function nodeCodes(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('org_nodes').select('code').orderBy('code').execute();
  return rows.map((r) => r.code);
}

/** A pid that belonged to a process which has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid!;
}

describe('lockDataDir', () => {
  it('lets one holder in, and the next after release', () => {
    const dir = tempDir();
    const lock = lockDataDir(dir);
    expect(readFileSync(join(dir, lockFileName), 'utf8').trim()).toBe(String(process.pid));
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    lock.release();
    expect(existsSync(join(dir, lockFileName))).toBe(false);
    lockDataDir(dir).release();
  });

  it('refuses while another running process holds the lock', () => {
    const dir = tempDir();
    writeFileSync(join(dir, lockFileName), `${process.ppid}\n`);
    expect(dataDirLockHolder(dir)).toBe(process.ppid);
    expect(() => lockDataDir(dir)).toThrow(/in use by a running Bangfu process \(pid \d+\)/);
  });

  it('takes over a stale lock whose process is gone', () => {
    const dir = tempDir();
    writeFileSync(join(dir, lockFileName), `${deadPid()}\n`);
    expect(dataDirLockHolder(dir)).toBeNull();
    const lock = lockDataDir(dir);
    expect(readFileSync(lock.file, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });

  it('does not remove a lock that another process has taken since', () => {
    const dir = tempDir();
    const lock = lockDataDir(dir);
    writeFileSync(lock.file, `${process.ppid}\n`);
    lock.release();
    expect(existsSync(lock.file)).toBe(true);
  });
});

describe('backup and restore while a server holds the data directory', () => {
  it('refuses both and changes nothing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'PG_VERSION'), '17\n'); // looks like a database; never opened
    writeFileSync(join(dir, lockFileName), `${process.ppid}\n`);
    const archive = join(tempDir(), 'some.tar.gz');
    writeFileSync(archive, gzipSync(Buffer.alloc(1024)));

    const backup = io({ BANGFU_DATA_DIR: dir });
    expect(await runCli(['backup', '--out', join(dir, 'x.tar.gz')], backup.cli)).toBe(1);
    expect(backup.err[0]).toMatch(/in use by a running Bangfu process/);

    const restore = io({ BANGFU_DATA_DIR: dir });
    expect(await runCli(['restore', archive, '--yes'], restore.cli)).toBe(1);
    expect(restore.err[0]).toMatch(/in use by a running Bangfu process/);
    expect(readdirSync(dir).sort()).toEqual(['PG_VERSION', lockFileName]);
    expect(siblings(dir)).toEqual([]);
  });
});

describe.skipIf(Boolean(process.env.DATABASE_URL))('embedded backup and restore', () => {
  let dataDir: string;
  let file: string;
  const config = () => testConfig({ dataDir, databaseUrl: undefined });

  beforeAll(async () => {
    dataDir = tempDir();
    const migrate = io({ BANGFU_DATA_DIR: dataDir });
    expect(await runCli(['migrate'], migrate.cli)).toBe(0);
    expect(migrate.out.join('\n')).toMatch(/schema version: \d{10}/);
    await withDatabase(config(), quiet, (h) => addProvince(h.db, '江苏省总工会', 'JS'));
  });

  it('writes a consistent copy, without the earlier backups in it', async () => {
    const first = await backupDatabase(config());
    expect(first.file).toMatch(/backups\/bangfu-\d{8}-\d{6}-manual\.tar\.gz$/);
    const second = join(dataDir, 'backups', 'second.tar.gz');
    const out = io({ BANGFU_DATA_DIR: dataDir });
    expect(await runCli(['backup', '--out', second], out.cli)).toBe(0);
    expect(out.out.join('\n')).toContain(`backup written: ${second}`);
    expect(backupKindOf(second)).toBe('embedded');
    const entries = execFileSync('tar', ['tzf', second], { encoding: 'utf8', stdio: 'pipe' })
      .split('\n')
      .map((e) => e.replace(/^\//, ''));
    expect(entries).toContain('PG_VERSION');
    expect(entries.filter((e) => /backups|bangfu\.pid/.test(e))).toEqual([]);
    file = second;
  });

  it('restores it over later changes, keeping the replaced files aside', async () => {
    await withDatabase(config(), quiet, (h) => addProvince(h.db, '浙江省总工会', 'ZJ'));
    const restore = io({ BANGFU_DATA_DIR: dataDir });
    expect(await runCli(['restore', file], restore.cli)).toBe(2); // no --yes, no terminal
    expect(await runCli(['restore', file, '--yes'], restore.cli)).toBe(0);
    expect(restore.out.join('\n')).toContain('the previous database files are kept in');

    const codes = await withDatabase(config(), quiet, (h) => nodeCodes(h.db));
    expect(codes).toEqual(['ACFTU', 'JS']);
    const [aside] = siblings(dataDir);
    expect(aside).toMatch(/\.before-restore-\d{8}-\d{6}$/);
    expect(existsSync(join(aside!, 'PG_VERSION'))).toBe(true);
    expect(existsSync(join(dataDir, 'backups', 'second.tar.gz'))).toBe(true);
    expect(existsSync(join(dataDir, lockFileName))).toBe(false);
  });

  it('puts the previous database back when the backup does not hold one', async () => {
    const empty = join(tempDir(), 'empty.tar.gz');
    writeFileSync(empty, gzipSync(Buffer.alloc(1024)));
    const before = siblings(dataDir).length;
    await expect(restoreDatabase(config(), empty)).rejects.toThrow();
    expect(siblings(dataDir)).toHaveLength(before);
    const codes = await withDatabase(config(), quiet, (h) => nodeCodes(h.db));
    expect(codes).toEqual(['ACFTU', 'JS']);
  });
});

describe.runIf(Boolean(process.env.DATABASE_URL))('PostgreSQL backup and restore', () => {
  it('round-trips through pg_dump and pg_restore', async () => {
    const handle = await createTestDatabase();
    try {
      const config = testConfig({ databaseUrl: handle.connectionString });
      await addProvince(handle.db, '江苏省总工会', 'JS');
      const file = join(tempDir(), 'bangfu.dump');
      const out = io({ DATABASE_URL: handle.connectionString });
      expect(await runCli(['backup', '--out', file], out.cli)).toBe(0);
      expect(backupKindOf(file)).toBe('pg_dump');

      await addProvince(handle.db, '浙江省总工会', 'ZJ');
      expect(await nodeCodes(handle.db)).toEqual(['ACFTU', 'JS', 'ZJ']);
      const report = await restoreDatabase(config, file);
      expect(report).toMatchObject({ mode: 'postgres', schemaVersion: expect.any(String) });
      expect(await nodeCodes(handle.db)).toEqual(['ACFTU', 'JS']);

      // An embedded backup is refused by name, before pg_restore runs.
      const tarball = join(tempDir(), 'embedded.tar.gz');
      writeFileSync(tarball, gzipSync(Buffer.alloc(1024)));
      await expect(restoreDatabase(config, tarball)).rejects.toThrow(/unset DATABASE_URL/);
    } finally {
      await handle.close();
      await handle.dropDatabase();
    }
  });
});
