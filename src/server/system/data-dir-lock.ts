import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The embedded database is one process's files: two processes opening the same
 * data directory would corrupt it. Whoever opens it (the server, or a CLI command
 * such as backup or restore) first holds `<dataDir>/bangfu.pid`, which holds the
 * pid. A lock whose pid is no longer running is stale and is taken over.
 */
export const lockFileName = 'bangfu.pid';

export type DataDirLock = {
  file: string;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void;
};

/** Dirs this process holds now: our own pid in the file does not make a second holder. */
const heldHere = new Set<string>();

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `the data directory ${dataDir} is in use by a running Bangfu process (pid ${pid}); stop it first` +
        ` (if no such process exists, delete ${join(dataDir, lockFileName)})`,
    );
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid in the lock file when a live process other than a past us holds it, else null. */
export function dataDirLockHolder(dataDir: string): number | null {
  const file = join(dataDir, lockFileName);
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
  } catch {
    return null;
  }
  if (!Number.isSafeInteger(pid) || pid <= 0) return null;
  if (pid === process.pid) return heldHere.has(dataDir) ? pid : null;
  return isRunning(pid) ? pid : null;
}

/**
 * Takes the lock on an embedded data directory or throws DataDirLockedError.
 * With `releaseOnExit` (the server's case) the file is removed when the process
 * exits, including through process.exit().
 */
export function lockDataDir(
  dataDir: string,
  options: { releaseOnExit?: boolean } = {},
): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, lockFileName);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw error;
      const holder = dataDirLockHolder(dataDir);
      if (holder !== null) throw new DataDirLockedError(dataDir, holder);
      // Stale: its process is gone. Remove it and race for a fresh one.
      try {
        unlinkSync(file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
  }
  heldHere.add(dataDir);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    heldHere.delete(dataDir);
    process.off('exit', release);
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
    } catch {
      // already gone
    }
  };
  if (options.releaseOnExit) process.on('exit', release);
  return { file, release };
}

/** Runs `fn` while holding the lock on `dataDir`. */
export async function withDataDirLock<T>(dataDir: string, fn: () => Promise<T>): Promise<T> {
  const lock = lockDataDir(dataDir, { releaseOnExit: true });
  try {
    return await fn();
  } finally {
    lock.release();
  }
}
