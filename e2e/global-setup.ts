import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { e2eAdminPassword, e2eCliAdmins } from './e2e-env';

/**
 * Builds the web app and starts the real server once for all browser tests:
 * a free port, an empty embedded database in a temporary directory — or, when
 * DATABASE_URL is set, a fresh database on that PostgreSQL, dropped afterwards.
 */

const repo = resolve(import.meta.dirname, '..');
const outputDir = join(repo, 'test-output');

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

async function waitForHealth(baseUrl: string, child: ChildProcess, logFile: string) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the server exited with code ${child.exitCode}; see ${logFile}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the server did not answer /api/health within 2 minutes; see ${logFile}`);
}

/** A fresh database on the PostgreSQL of DATABASE_URL; returns its URL and how to drop it. */
async function createScratchDatabase(serverUrl: string) {
  const name = `bangfu_e2e_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.pid === undefined) return done();
    const timer = setTimeout(() => {
      // npx → tsx → node: the whole process group we started.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      done();
    }
  });
}

export default async function setup(project: TestProject) {
  mkdirSync(outputDir, { recursive: true });
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    cwd: repo,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('vite build failed');

  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'bangfu-e2e-'));
  const database = process.env.DATABASE_URL
    ? await createScratchDatabase(process.env.DATABASE_URL)
    : null;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    BANGFU_DATA_DIR: dataDir,
    BANGFU_ADMIN_PASSWORD: e2eAdminPassword,
    BANGFU_BACKUP_INTERVAL_HOURS: '0',
    LOG_LEVEL: 'warn',
  };
  if (database) env.DATABASE_URL = database.url;
  else delete env.DATABASE_URL;

  const logFile = join(outputDir, 'e2e-server.log');
  const log = openSync(logFile, 'w');
  const startServer = () =>
    spawn('npx', ['tsx', 'src/server/main.ts'], {
      cwd: repo,
      env,
      stdio: ['ignore', log, log],
      detached: true,
    });

  const baseUrl = `http://127.0.0.1:${port}`;
  let child = startServer();
  try {
    await waitForHealth(baseUrl, child, logFile);
    // More administrators for flows that must not depend on the foundation
    // flow having run first: made by the operator CLI while the server is
    // stopped (embedded mode allows one process per data directory).
    await stop(child);
    // The server releases the embedded data directory as its last act.
    for (let i = 0; i < 150 && existsSync(join(dataDir, 'bangfu.pid')); i++)
      await new Promise((r) => setTimeout(r, 100));
    for (const cliAdmin of e2eCliAdmins) {
      const admin = spawnSync(
        'npx',
        [
          'tsx',
          'src/server/cli.ts',
          'create-admin',
          '--username',
          cliAdmin.username,
          '--node',
          'ACFTU',
          '--name',
          '测试管理员',
        ],
        {
          cwd: repo,
          env: { ...env, BANGFU_NEW_PASSWORD: cliAdmin.initialPassword },
          encoding: 'utf8',
        },
      );
      if (admin.status !== 0)
        throw new Error(`create-admin failed: ${admin.stderr || admin.stdout}`);
    }
    child = startServer();
    await waitForHealth(baseUrl, child, logFile);
  } catch (error) {
    await stop(child);
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  project.provide('baseUrl', baseUrl);

  return async () => {
    await stop(child);
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

// Module augmentation needs an interface.
/* eslint-disable @typescript-eslint/consistent-type-definitions */
declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
/* eslint-enable @typescript-eslint/consistent-type-definitions */
