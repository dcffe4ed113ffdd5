import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdmin, resetPassword } from '../../src/server/cli/commands';
import { openTarget, type Target } from './db';

/**
 * The real server (`src/server/main.ts`) started as its own process on a bench
 * database, and a signed-in session on it: what the API benchmarks measure.
 */

export type RunningServer = {
  baseUrl: string;
  pid: number;
  process: ChildProcess;
  stop(): Promise<void>;
};

export type BenchSession = { cookie: string; csrfToken: string };

const benchUser = 'bench.api';
const initialPassword = 'Bench-Start-2026!';
const password = 'Bench-Load-2026!';

export async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

export async function waitFor(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

/**
 * Makes (or resets) the bench's administrator at the root of the tree, with a
 * password to change at first login. Runs before the server starts: the
 * embedded database takes one process at a time.
 */
export async function prepareBenchUser(t: Target): Promise<void> {
  const handle = await openTarget(t);
  try {
    const root = {
      name: '中华全国总工会',
      code: 'ACFTU',
      type: 'national' as const,
      regionCode: null,
    };
    try {
      await createAdmin(handle.db, root, {
        username: benchUser,
        nodeCode: 'ACFTU',
        displayName: '基准测试',
        password: initialPassword,
      });
    } catch {
      await resetPassword(handle.db, benchUser, initialPassword);
    }
  } finally {
    await handle.close();
  }
}

/** Starts the server on the target; the embedded data directory is the target's own. */
export async function startServer(t: Target): Promise<RunningServer> {
  const port = 39_000 + Math.floor(Math.random() * 1000);
  const scratch = await mkdtemp(join(tmpdir(), 'bangfu-bench-server-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    BANGFU_DATA_DIR: t.dataDir ?? scratch,
    BANGFU_ADMIN_PASSWORD: 'Bench-Admin-2026!',
    BANGFU_BACKUP_INTERVAL_HOURS: '0',
    LOG_LEVEL: 'warn',
  };
  if (t.databaseUrl) env.DATABASE_URL = t.databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env,
    stdio: 'ignore',
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    await rm(scratch, { recursive: true, force: true });
  };
  try {
    await waitFor(`${baseUrl}/api/health`, 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, pid: child.pid!, process: child, stop };
}

async function login(baseUrl: string, pw: string): Promise<string | null> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: benchUser, password: pw }),
  });
  if (!res.ok) return null;
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function me(baseUrl: string, cookie: string) {
  const res = await fetch(`${baseUrl}/api/auth/me`, { headers: { cookie } });
  return (await res.json()) as { csrfToken: string; mustChangePassword?: boolean };
}

/** Signs the bench's administrator in, changing the first-login password. */
export async function signIn(baseUrl: string): Promise<BenchSession> {
  let cookie = await login(baseUrl, initialPassword);
  if (cookie) {
    const { csrfToken } = await me(baseUrl, cookie);
    const changed = await fetch(`${baseUrl}/api/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ currentPassword: initialPassword, newPassword: password }),
    });
    if (!changed.ok) throw new Error(`password change: ${changed.status} ${await changed.text()}`);
  }
  cookie = await login(baseUrl, password);
  if (!cookie) throw new Error(`${benchUser} could not sign in`);
  return { cookie, csrfToken: (await me(baseUrl, cookie)).csrfToken };
}
