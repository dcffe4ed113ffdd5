import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseHandle } from '../db/database';
import type { Config } from '../env';

export function backupDir(config: Config): string {
  return join(config.dataDir, 'backups');
}

function stamp(date = new Date()): string {
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
  const file = join(dir, `bangfu-${stamp()}.tar.gz`);
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
