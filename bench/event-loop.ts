import { parseArgs } from './lib/args';
import { describeTarget, targetOf, type Target } from './lib/db';
import { percentile, printTable, writeResult } from './lib/report';
import { prepareBenchUser, signIn, startServer } from './lib/server';

/**
 * Does the HTTP server stall while a heavy report runs? A probe asks
 * /api/health every 10 ms and records each answer's latency: first with the
 * server idle (the baseline, same run), then while heavy reports run one after
 * the other (the home-page figures of the whole country, the Excel export of
 * the files in scope). Goal (issue 6): no stall > 50 ms — on the embedded
 * database the queries run in the worker thread, so what can stall the event
 * loop is JavaScript work on the main thread (building a workbook, presenting
 * rows).
 * `tsx bench/event-loop.ts (--data-dir DIR | --database-url URL) [--seconds 10] [--label L]`
 */

type Probe = { p50: number; p99: number; max: number; over50: number; samples: number };
type Report = { name: string; path: string; runs: number; meanMs: number };

export type EventLoopResult = {
  target: string;
  idle: Probe;
  underReports: Probe;
  reports: Report[];
  isGoalMet: boolean;
};

async function probe(baseUrl: string, until: () => boolean): Promise<Probe> {
  const latencies: number[] = [];
  while (!until()) {
    const started = performance.now();
    await fetch(`${baseUrl}/api/health`).then((r) => r.arrayBuffer());
    latencies.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 10));
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? 0),
    over50: sorted.filter((l) => l > 50).length,
    samples: sorted.length,
  };
}

export async function benchEventLoop(t: Target, seconds: number): Promise<EventLoopResult> {
  await prepareBenchUser(t);
  const server = await startServer(t);
  try {
    const { cookie } = await signIn(server.baseUrl);
    const idleEnd = Date.now() + seconds * 1000;
    const idle = await probe(server.baseUrl, () => Date.now() > idleEnd);

    const reports: (Report & { totalMs: number })[] = [
      {
        name: 'figures, whole country',
        path: '/api/households/figures',
        runs: 0,
        meanMs: 0,
        totalMs: 0,
      },
      {
        name: 'Excel export, files in scope',
        path: '/api/households/export',
        runs: 0,
        meanMs: 0,
        totalMs: 0,
      },
    ];
    let done = false;
    const load = (async () => {
      const end = Date.now() + seconds * 1000;
      while (Date.now() < end)
        for (const r of reports) {
          const started = performance.now();
          const res = await fetch(`${server.baseUrl}${r.path}`, { headers: { cookie } });
          if (!res.ok) throw new Error(`${r.path}: ${res.status} ${await res.text()}`);
          await res.arrayBuffer();
          r.totalMs += performance.now() - started;
          r.runs += 1;
        }
      done = true;
    })();
    const underReports = await probe(server.baseUrl, () => done);
    await load;
    return {
      target: describeTarget(t),
      idle,
      underReports,
      reports: reports.map(({ totalMs, ...r }) => ({
        ...r,
        meanMs: Math.round(totalMs / Math.max(1, r.runs)),
      })),
      isGoalMet: underReports.max <= 50,
    };
  } finally {
    await server.stop();
  }
}

export function printEventLoop(r: EventLoopResult): void {
  printTable(
    `/api/health latency (ms) every 10 ms: ${r.target}`,
    [
      { while: 'idle (baseline)', ...r.idle },
      { while: 'heavy reports run', ...r.underReports },
    ].map((row) => ({ ...row })),
  );
  printTable(
    'the heavy reports',
    r.reports.map((x) => ({ report: x.name, path: x.path, runs: x.runs, 'mean ms': x.meanMs })),
  );
  console.log(`goal (no stall > 50 ms): ${r.isGoalMet ? 'met' : 'NOT met'}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs(process.argv.slice(2));
  const result = await benchEventLoop(targetOf(args), Number(args.get('seconds') ?? 10));
  printEventLoop(result);
  console.log(`\n→ ${await writeResult(`event-loop-${args.get('label') ?? 'run'}`, result)}`);
}
