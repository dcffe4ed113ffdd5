import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from './generate';
import { parseArgs, sizeOf, type Size } from './lib/args';
import { createScratchDatabase, dropScratchDatabase, type Target } from './lib/db';
import { machine, printTable, writeResult } from './lib/report';
import { benchList, printList } from './list';
import { benchReassess, printReassess, type ReassessResult } from './reassess';
import { benchApiLoad, printApiLoad } from './api-load';
import { benchEventLoop, printEventLoop } from './event-loop';
import { benchImport, printImport, type ImportBenchResult } from './import';

/**
 * The quick set (`npm run bench`): for each size (S and M by default) a
 * scratch PostgreSQL database is created, filled by the generator, measured
 * and dropped; S also runs on the embedded database in a temporary directory.
 * With S, the import bench runs on its own empty databases (500 households on
 * PostgreSQL, 200 embedded).
 * `npm run bench -- [--sizes S,M] [--pg-base postgres://postgres@127.0.0.1:5432] [--keep] [--no-embedded]`
 */

type SummaryRow = {
  size: Size;
  database: 'postgres' | 'embedded';
  benchmark: string;
  measured: string;
  baseline: string;
  ratio: string;
  goal: string;
  met: 'met' | 'NOT met' | '—';
};

async function runOne(
  t: Target,
  size: Size,
  database: SummaryRow['database'],
  rows: SummaryRow[],
  reassessed: ReassessResult[],
) {
  const gen = await generate(t, size, 1, (l) => console.log(`[${size} ${database}] ${l}`));
  rows.push({
    size,
    database,
    benchmark: 'generate (bulk insert)',
    measured: `${gen.householdsPerSecond} files/s, ${gen.rowsPerSecond} rows/s, ${gen.seconds} s`,
    baseline: '—',
    ratio: '—',
    goal: '—',
    met: '—',
  });
  const list = await benchList(t, size === 'S' ? 30 : 20);
  printList(list);
  await writeResult(`list-${size}-${database}`, list);
  for (const c of list.cases)
    rows.push({
      size,
      database,
      benchmark: `list ${c.scope} (${c.scope === 'county' ? list.sample.countyFiles : list.sample.provinceFiles} files): ${c.name}`,
      measured: `p50 ${c.bangfu.p50} / p95 ${c.bangfu.p95} ms`,
      baseline: `raw p95 ${c.raw.p95} ms`,
      ratio: `${c.ratioP95}× (p50 ${c.ratioP50}×)`,
      goal: 'p95 ≤ 50 ms and ≤ 2× raw',
      met: c.isGoalMet ? 'met' : 'NOT met',
    });
  const r = await benchReassess(
    t,
    database === 'embedded' ? 300 : 1_000,
    database === 'embedded' ? 20 : 50,
  );
  reassessed.push(r);
  await writeResult(`reassess-${size}-${database}`, r);
  rows.push({
    size,
    database,
    benchmark: `re-assessment (${r.files} files)`,
    measured: `${r.bangfuFilesPerSecond} files/s → 5.5 M in ${r.extrapolatedMinutes5_5M} min`,
    baseline: `raw read ${r.rawFilesPerSecond} files/s`,
    ratio: `${r.ratioToRaw}×`,
    goal: '5.5 M in < 5 min',
    met: r.isGoalMet ? 'met' : 'NOT met',
  });
  if (size === 'S' && database === 'postgres') {
    const load = await benchApiLoad(t, { seconds: 5, connections: 10 });
    printApiLoad(load);
    await writeResult(`api-load-${size}-${database}`, load);
    for (const c of load.cases)
      rows.push({
        size,
        database,
        benchmark: `API under load: ${c.name}`,
        measured: `${c.bangfu.requestsPerSecond} req/s, p99 ${c.bangfu.p99} ms`,
        baseline: `bare Fastify ${c.bare.requestsPerSecond} req/s`,
        ratio: `${c.throughputRatio}×`,
        goal: '— (ratio reported)',
        met: '—',
      });
  }
  if (database === 'embedded') {
    const loop = await benchEventLoop(t, 10);
    printEventLoop(loop);
    await writeResult(`event-loop-${size}-${database}`, loop);
    rows.push({
      size,
      database,
      benchmark: 'event-loop: /api/health latency while heavy reports run',
      measured: `max ${loop.underReports.max} ms, p99 ${loop.underReports.p99} ms`,
      baseline: `idle max ${loop.idle.max} ms, p99 ${loop.idle.p99} ms`,
      ratio: `${Math.round((loop.underReports.p99 / Math.max(0.1, loop.idle.p99)) * 10) / 10}× (p99)`,
      goal: 'no stall > 50 ms',
      met: loop.isGoalMet ? 'met' : 'NOT met',
    });
  }
}

/** The import bench on its own empty database (it imports into a tree without households). */
async function runImport(
  t: Target,
  households: number,
  database: SummaryRow['database'],
  rows: SummaryRow[],
) {
  const r: ImportBenchResult = await benchImport(t, { households }, (l) =>
    console.log(`[import ${database}] ${l}`),
  );
  printImport(r);
  await writeResult(`import-S-${database}`, r);
  rows.push({
    size: 'S',
    database,
    benchmark: `import of ${r.households} households (${r.rows} rows, CSV): check + commit`,
    measured: `${r.bangfu.rowsPerSecond} rows/s (check ${r.bangfu.checkSeconds} s, commit ${r.bangfu.commitSeconds} s)`,
    baseline: `COPY ${r.copy?.rowsPerSecond ?? '—'} rows/s`,
    ratio: `${r.ratio ?? '—'}×`,
    goal: '≥ 0.5× COPY',
    met: r.isGoalMet ? 'met' : 'NOT met',
  });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const sizes = (args.get('sizes') ?? 'S,M').split(',').map(sizeOf);
  const base = args.get('pg-base') ?? 'postgres://postgres@127.0.0.1:5432';
  const started = performance.now();
  const rows: SummaryRow[] = [];
  const reassessed: ReassessResult[] = [];
  for (const size of sizes) {
    const url = `${base}/bangfu_bench_${size.toLowerCase()}`;
    await createScratchDatabase(url, true);
    try {
      await runOne({ databaseUrl: url }, size, 'postgres', rows, reassessed);
    } finally {
      if (!args.has('keep')) await dropScratchDatabase(url);
    }
  }
  if (sizes.includes('S')) {
    const url = `${base}/bangfu_bench_import_quick`;
    await createScratchDatabase(url, true);
    try {
      await runImport({ databaseUrl: url }, 500, 'postgres', rows);
    } finally {
      if (!args.has('keep')) await dropScratchDatabase(url);
    }
  }
  if (!args.has('no-embedded')) {
    const dir = await mkdtemp(join(tmpdir(), 'bangfu-bench-'));
    try {
      await runOne({ dataDir: dir }, 'S', 'embedded', rows, reassessed);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const importDir = await mkdtemp(join(tmpdir(), 'bangfu-bench-import-'));
    try {
      await runImport({ dataDir: importDir }, 200, 'embedded', rows);
    } finally {
      await rm(importDir, { recursive: true, force: true });
    }
  }
  printReassess(reassessed);
  printTable('summary', rows);
  const file = await writeResult('summary', {
    at: new Date().toISOString(),
    machine: await machine(),
    seconds: Math.round((performance.now() - started) / 1000),
    rows,
  });
  console.log(`\n→ ${file} (${Math.round((performance.now() - started) / 1000)} s)`);
}

await main();
