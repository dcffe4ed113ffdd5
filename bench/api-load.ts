import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { parseArgs } from './lib/args';
import { describeTarget, openTarget, targetOf, type Target } from './lib/db';
import { printTable, writeResult } from './lib/report';
import { prepareBenchUser, rssOf, signIn, startServer, waitFor } from './lib/server';

/**
 * Authenticated API endpoints of the real server under load (autocannon) vs a
 * bare Fastify route on the same machine answering the same bytes, measured in
 * the same run. The difference is what Bangfu adds: session and permission
 * check, zod, the SQL, the presenters.
 * `tsx bench/api-load.ts (--database-url URL | --data-dir DIR) [--seconds 10] [--connections 10] [--label L]`
 */

export type LoadCase = {
  name: string;
  path: string;
  bangfu: { requestsPerSecond: number; p50: number; p97_5: number; p99: number; errors: number };
  bare: { requestsPerSecond: number; p50: number; p97_5: number; p99: number };
  throughputRatio: number;
};

export type LoadResult = {
  target: string;
  seconds: number;
  connections: number;
  serverRssMiB: number;
  cases: LoadCase[];
};

async function samplePaths(t: Target): Promise<{ name: string; path: string }[]> {
  const handle = await openTarget(t);
  try {
    const county = await sql<{ id: number; name: string }>`
      select n.id, n.name from org_nodes n
      where n.type = 'county'
      order by (select count(*) from households h where h.node_path like n.path || '%') desc
      limit 1`.execute(handle.db);
    const file = await sql<{ id: number }>`
      select id from households where status = 'active' order by id limit 1`.execute(handle.db);
    const countyId = county.rows[0]?.id;
    const fileId = file.rows[0]?.id;
    if (!countyId || !fileId) throw new Error('no data: run `npm run bench:data` first');
    return [
      { name: 'who am I (session + permissions)', path: '/api/auth/me' },
      { name: 'county list, first page', path: `/api/households?nodeId=${countyId}&limit=20` },
      { name: 'one household file', path: `/api/households/${fileId}` },
    ];
  } finally {
    await handle.close();
  }
}

function run(url: string, headers: Record<string, string>, seconds: number, connections: number) {
  return autocannon({ url, headers, duration: seconds, connections });
}

export async function benchApiLoad(
  t: Target,
  options: { seconds: number; connections: number },
): Promise<LoadResult> {
  const paths = await samplePaths(t);
  await prepareBenchUser(t);
  const server = await startServer(t);
  const barePort = 38_000 + Math.floor(Math.random() * 1000);
  const bare = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/lib/bare-fastify.ts', String(barePort)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  try {
    const session = await signIn(server.baseUrl);
    const headers = { cookie: session.cookie };
    const bodies: Record<string, unknown> = {};
    for (const p of paths) {
      const res = await fetch(`${server.baseUrl}${p.path}`, { headers });
      if (!res.ok) throw new Error(`${p.path}: ${res.status} ${await res.text()}`);
      bodies[new URL(p.path, 'http://x').pathname] = await res.json();
    }
    bare.stdin!.end(JSON.stringify(bodies));
    await waitFor(`http://127.0.0.1:${barePort}/api/auth/me`, 30_000);

    const cases: LoadCase[] = [];
    for (const p of paths) {
      // Interleaved: warm both, then Bangfu and the bare route one after the other.
      await run(`${server.baseUrl}${p.path}`, headers, 2, options.connections);
      const b = await run(
        `${server.baseUrl}${p.path}`,
        headers,
        options.seconds,
        options.connections,
      );
      const r = await run(
        `http://127.0.0.1:${barePort}${p.path}`,
        {},
        options.seconds,
        options.connections,
      );
      cases.push({
        name: p.name,
        path: p.path,
        bangfu: {
          requestsPerSecond: Math.round(b.requests.average),
          p50: b.latency.p50,
          p97_5: b.latency.p97_5,
          p99: b.latency.p99,
          errors: b.errors + b.non2xx,
        },
        bare: {
          requestsPerSecond: Math.round(r.requests.average),
          p50: r.latency.p50,
          p97_5: r.latency.p97_5,
          p99: r.latency.p99,
        },
        throughputRatio: Math.round((b.requests.average / r.requests.average) * 1000) / 1000,
      });
    }
    return {
      target: describeTarget(t),
      seconds: options.seconds,
      connections: options.connections,
      serverRssMiB: await rssOf(server.pid),
      cases,
    };
  } finally {
    bare.kill('SIGTERM');
    await server.stop();
  }
}

export function printApiLoad(result: LoadResult): void {
  printTable(
    `API under load: ${result.target}, ${result.connections} connections × ${result.seconds} s (server RSS ${result.serverRssMiB} MiB)`,
    result.cases.map((c) => ({
      endpoint: c.name,
      'bangfu req/s': c.bangfu.requestsPerSecond,
      'bangfu p50/p99 ms': `${c.bangfu.p50} / ${c.bangfu.p99}`,
      errors: c.bangfu.errors,
      'bare req/s': c.bare.requestsPerSecond,
      'bare p50/p99 ms': `${c.bare.p50} / ${c.bare.p99}`,
      'bangfu ÷ bare': `${c.throughputRatio}×`,
    })),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs(process.argv.slice(2));
  const t = targetOf(args);
  const result = await benchApiLoad(t, {
    seconds: Number(args.get('seconds') ?? 10),
    connections: Number(args.get('connections') ?? 10),
  });
  printApiLoad(result);
  console.log(`\n→ ${await writeResult(`api-load-${args.get('label') ?? 'run'}`, result)}`);
}
