import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createAdmin } from '../src/server/cli/commands';
import { runImportCommand } from '../src/server/cli/import';
import { loadConfig } from '../src/server/env';
import { generateImportFile, generateTree } from './generate';
import { parseArgs } from './lib/args';
import {
  createScratchDatabase,
  describeTarget,
  dropScratchDatabase,
  openTarget,
  type Target,
} from './lib/db';
import { importFileColumns } from './lib/import-file';
import { machine, printTable, writeResult } from './lib/report';

/**
 * Import of a household file through Bangfu vs raw COPY of the same rows
 * (issue 6: goal ≥ 50 % of COPY's rows/s).
 * `npx tsx bench/import.ts [--database-url URL | --data-dir DIR] [--households N]
 * [--county CODE] [--seed N] [--format csv|xlsx] [--label NAME] [--keep]`
 *
 * On an empty database (the PostgreSQL one is created and dropped; embedded: a
 * temporary directory unless --data-dir names an empty one) the generator
 * writes the tree and N households of one county as an import file; Bangfu
 * imports it the way `npx bangfu import FILE --node CODE` does (in-process:
 * the upload, the check, then the commit job run batch by batch to the end),
 * then the same CSV is COPYed into a table of text columns, three times before
 * and three after the import (the median counts).
 */

export type ImportBenchResult = {
  target: string;
  database: 'postgres' | 'embedded';
  format: 'csv' | 'xlsx';
  county: string | null;
  households: number;
  rows: number;
  fileBytes: number;
  bangfu: {
    seconds: number;
    /** Opening the database before the import starts (not counted). */
    openSeconds: number;
    checkSeconds: number;
    commitSeconds: number;
    rowsPerSecond: number;
    householdsPerSecond: number;
    created: number;
    rejected: number;
    failed: number;
  };
  copy: { seconds: number[]; medianSeconds: number; rowsPerSecond: number } | null;
  ratio: number | null;
  isGoalMet: boolean | null;
};

const benchUser = 'bench.import';
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The baseline table: one text column per CSV column. */
const copyTable = 'bench_import_copy';
const createCopyTable = `create table if not exists ${copyTable} (${importFileColumns.map((c) => `${c.replace(/[A-Z]/g, (l) => `_${l.toLowerCase()}`)} text`).join(', ')})`;
const copySql = (source: string) =>
  `copy ${copyTable} from ${source} with (format csv, header true, encoding 'UTF8')`;

/** COPY of the CSV: pg-copy-streams on PostgreSQL, PGlite's /dev/blob embedded. */
async function copyOnce(t: Target, csv: string): Promise<number> {
  if (t.databaseUrl) {
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      await client.query(createCopyTable);
      await client.query(`truncate ${copyTable}`);
      const started = performance.now();
      await pipeline(createReadStream(csv), client.query(copyFrom(copySql('stdin'))));
      const seconds = (performance.now() - started) / 1000;
      await client.query(`drop table ${copyTable}`);
      return seconds;
    } finally {
      await client.end();
    }
  }
  const db = await PGlite.create({ dataDir: t.dataDir! });
  try {
    await db.exec(createCopyTable);
    await db.exec(`truncate ${copyTable}`);
    const started = performance.now();
    // The file is read as part of the COPY: the same work the import's upload does.
    const blob = new Blob([await readFile(csv)]);
    await db.query(copySql(`'/dev/blob'`), [], { blob });
    const seconds = (performance.now() - started) / 1000;
    await db.exec(`drop table ${copyTable}`);
    return seconds;
  } finally {
    await db.close();
  }
}

export async function benchImport(
  t: Target,
  o: { households: number; countyCode?: string; seed?: number; format?: 'csv' | 'xlsx' },
  log: (line: string) => void = console.log,
): Promise<ImportBenchResult> {
  const seed = o.seed ?? 1;
  const countyCode = o.countyCode ?? '320102';
  const format = o.format ?? 'csv';
  const scratch = await mkdtemp(join(tmpdir(), 'bangfu-bench-import-'));
  try {
    await generateTree(t, o.households, seed, log);
    const handle = await openTarget(t);
    try {
      await createAdmin(
        handle.db,
        { name: '中华全国总工会', code: 'ACFTU', type: 'national', regionCode: null },
        {
          username: benchUser,
          nodeCode: `A${countyCode}`,
          displayName: '导入基准',
          password: 'Bench-Import-2026!',
        },
      );
    } finally {
      await handle.close();
    }
    const csv = join(scratch, `households-${countyCode}.csv`);
    const file = await generateImportFile({ out: csv, count: o.households, seed, countyCode });
    const imported =
      format === 'csv'
        ? file
        : await generateImportFile({
            out: join(scratch, `households-${countyCode}.xlsx`),
            count: o.households,
            seed,
            countyCode,
          });
    log(
      `file: ${file.households} households, ${file.rows} rows, ${Math.round(file.bytes / 1024)} KiB (${file.county})`,
    );

    const copySeconds: number[] = [];
    for (let i = 0; i < 3; i++) copySeconds.push(await copyOnce(t, csv));

    // Uploads (and the embedded database) live in the data directory of the import's config.
    const config = loadConfig({
      ...(t.databaseUrl ? { DATABASE_URL: t.databaseUrl } : {}),
      BANGFU_DATA_DIR: t.dataDir ?? join(scratch, 'data'),
      ...(process.env.BANGFU_DATA_KEY ? { BANGFU_DATA_KEY: process.env.BANGFU_DATA_KEY } : {}),
      LOG_LEVEL: 'warn',
    });
    const marks: { at: number; line: string }[] = [];
    const started = performance.now();
    const view = await runImportCommand(
      config,
      (line) => {
        marks.push({ at: performance.now(), line });
        if (!line.startsWith('写入 writing') && !line.startsWith('校验中 checking'))
          log(`  ${line}`);
      },
      {
        file: imported.file,
        nodeCode: `A${countyCode}`,
        username: benchUser,
        mode: 'draft',
        checkOnly: false,
      },
    );
    const ended = performance.now();
    // The import starts once the command has opened the database (embedded: started the
    // PGlite worker) and found the user and node: its first line. The check ends when it
    // prints the outcome.
    const begun = marks.find((m) => m.line.startsWith('导入 import'))?.at ?? started;
    const checked = marks.find((m) => m.line.startsWith('校验完成'))?.at ?? begun;
    const seconds = (ended - begun) / 1000;
    const checkSeconds = (checked - begun) / 1000;
    const openSeconds = (begun - started) / 1000;

    for (let i = 0; i < 3; i++) copySeconds.push(await copyOnce(t, csv));

    const job = view.job?.result as { created?: number; failed?: number } | undefined;
    const rowsPerSecond = Math.round(file.rows / seconds);
    const copyMedian = median(copySeconds);
    const copyRowsPerSecond = Math.round(file.rows / copyMedian);
    const ratio = round(rowsPerSecond / copyRowsPerSecond, 4);
    return {
      target: describeTarget(t),
      database: t.databaseUrl ? 'postgres' : 'embedded',
      format,
      county: file.county,
      households: file.households,
      rows: file.rows,
      fileBytes: imported.bytes,
      bangfu: {
        seconds: round(seconds, 1),
        openSeconds: round(openSeconds, 1),
        checkSeconds: round(checkSeconds, 1),
        commitSeconds: round(seconds - checkSeconds, 1),
        rowsPerSecond,
        householdsPerSecond: Math.round(file.households / seconds),
        created: job?.created ?? 0,
        rejected: view.summary?.rejected ?? -1,
        failed: job?.failed ?? 0,
      },
      copy: {
        seconds: copySeconds.map((s) => round(s, 3)),
        medianSeconds: round(copyMedian, 3),
        rowsPerSecond: copyRowsPerSecond,
      },
      ratio,
      isGoalMet: ratio >= 0.5,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export function printImport(r: ImportBenchResult): void {
  printTable(`import of ${r.households} households (${r.rows} rows, ${r.format}), ${r.target}`, [
    {
      what: `Bangfu import (check ${r.bangfu.checkSeconds} s + commit ${r.bangfu.commitSeconds} s)`,
      seconds: r.bangfu.seconds,
      'rows/s': r.bangfu.rowsPerSecond,
      'households/s': r.bangfu.householdsPerSecond,
      result: `created ${r.bangfu.created}, rejected ${r.bangfu.rejected}, failed ${r.bangfu.failed}`,
    },
    {
      what: `COPY of the same CSV (median of ${r.copy?.seconds.length ?? 0})`,
      seconds: r.copy?.medianSeconds ?? '—',
      'rows/s': r.copy?.rowsPerSecond ?? '—',
      'households/s': r.copy ? Math.round(r.households / r.copy.medianSeconds) : '—',
      result: `ratio ${r.ratio ?? '—'} (goal ≥ 0.5: ${r.isGoalMet ? 'met' : 'NOT met'})`,
    },
  ]);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const databaseUrl = args.get('database-url') ?? process.env.DATABASE_URL;
  const dir =
    args.get('data-dir') ??
    (databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'bangfu-bench-import-db-')));
  const t: Target = databaseUrl ? { databaseUrl } : { dataDir: dir! };
  if (databaseUrl && !/^bangfu_bench_import/.test(new URL(databaseUrl).pathname.slice(1)))
    throw new Error(
      '--database-url: name a scratch database bangfu_bench_import…; it is dropped and made anew',
    );
  if (databaseUrl) await createScratchDatabase(databaseUrl, true);
  try {
    const r = await benchImport(t, {
      households: Number(args.get('households') ?? 5_000),
      countyCode: args.get('county'),
      seed: Number(args.get('seed') ?? 1),
      format: args.get('format') === 'xlsx' ? 'xlsx' : 'csv',
    });
    printImport(r);
    const label =
      args.get('label') ?? `${r.households}-${r.database}${r.format === 'xlsx' ? '-xlsx' : ''}`;
    const file = await writeResult(`import-${label}`, { ...r, machine: await machine() });
    console.log(`\n→ ${file}`);
  } finally {
    if (!args.has('keep')) {
      if (databaseUrl) await dropScratchDatabase(databaseUrl);
      else if (!args.get('data-dir')) await rm(dir!, { recursive: true, force: true });
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
