import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from './lib/args';
import { printTable, writeResult } from './lib/report';
import { rssOf, waitFor } from './lib/server';

/**
 * Resident memory of the real server (`src/server/main.ts`) started on a
 * generated database: RSS once /api/health answers, and after 200 health calls.
 * The baseline is the RSS of a bare `node` process in the same run.
 * `tsx bench/memory.ts --database-url URL [--label L]`
 */

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const databaseUrl = args.get('database-url') ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('--database-url is required');
  const port = 39_000 + Math.floor(Math.random() * 1000);
  const dataDir = await mkdtemp(join(tmpdir(), 'bangfu-mem-'));
  const bare = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      BANGFU_DATA_DIR: dataDir,
      BANGFU_ADMIN_PASSWORD: 'Bench-2026-memory!',
      BANGFU_BACKUP_INTERVAL_HOURS: '0',
    },
    stdio: 'ignore',
  });
  try {
    await waitFor(`http://127.0.0.1:${port}/api/health`, 60_000);
    const atStart = await rssOf(server.pid!);
    for (let i = 0; i < 200; i++) await fetch(`http://127.0.0.1:${port}/api/health`);
    const after = await rssOf(server.pid!);
    const bareRss = await rssOf(bare.pid!);
    const result = {
      database: new URL(databaseUrl).pathname.slice(1),
      atStartMiB: atStart,
      after200RequestsMiB: after,
      bareNodeMiB: bareRss,
    };
    printTable('server RSS (MiB)', [
      {
        database: result.database,
        'at start': atStart,
        'after 200 requests': after,
        'bare node': bareRss,
        ratio: `${Math.round((after / bareRss) * 10) / 10}×`,
      },
    ]);
    console.log(
      `\n→ ${await writeResult(`memory-${args.get('label') ?? result.database}`, result)}`,
    );
  } finally {
    server.kill('SIGTERM');
    bare.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
