import pg from 'pg';
import { inTransaction } from '../src/server/db/database';
import { assessStoredFile, loadFile } from '../src/server/households/households.service';
import { assessStoredFiles } from '../src/server/households/bulk-assess';
import { loadAssessmentTables, todayInShanghai } from '../src/server/policy/policy.service';
import { toAssessmentInput, type HouseholdFile } from '../src/shared/households/household-file';
import { assessmentInputSchema, runAssessmentRequest } from '../src/shared/households/assessment';
import { parseArgs } from './lib/args';
import { describeTarget, openTarget, targetOf, type Target } from './lib/db';
import { printTable, writeResult } from './lib/report';

/**
 * Re-assessment after a 低保 line change (issue 6): assessStoredFiles on N
 * files in batches of one transaction each (as the 'reassess' job runs), vs a
 * raw SELECT of the same rows, and the file-by-file path it replaced. Also the pure assessment alone on the loaded
 * files, to show where the time goes. Goal: 5.5 M files in < 5 min.
 * `tsx bench/reassess.ts [--database-url URL | --data-dir DIR] [--files N] [--batch N]`
 */

export const nationalFiles = 5_500_000;
const goalSeconds = 300;

export type ReassessResult = {
  target: string;
  files: number;
  batch: number;
  bangfuFilesPerSecond: number;
  /** The file-by-file path the job used before (assessStoredFile). */
  perFileFilesPerSecond: number;
  rawFilesPerSecond: number;
  pureAssessmentFilesPerSecond: number;
  ratioToRaw: number;
  extrapolatedMinutes5_5M: number;
  isGoalMet: boolean;
};

export async function benchReassess(
  t: Target,
  files: number,
  batch: number,
): Promise<ReassessResult> {
  const handle = await openTarget(t);
  const raw = new pg.Pool({ connectionString: handle.connectionString, max: 1 });
  try {
    const ids = (
      await raw.query<{ id: number }>(
        "select id::int as id from households where status = 'active' order by id limit $1",
        [files],
      )
    ).rows.map((r) => r.id);
    const batches: number[][] = [];
    for (let i = 0; i < ids.length; i += batch) batches.push(ids.slice(i, i + batch));

    // Baseline: the rows the assessment reads, selected by plain SQL, batch by batch.
    let t0 = performance.now();
    for (const b of batches) {
      await raw.query('select * from households where id = any($1)', [b]);
      for (const table of [
        'household_members',
        'household_incomes',
        'household_expenditures',
        'household_exclusions',
      ])
        await raw.query(`select * from ${table} where household_id = any($1)`, [b]);
    }
    const rawSeconds = (performance.now() - t0) / 1000;

    // Pure assessment on files loaded beforehand (CPU only).
    const loaded: HouseholdFile[] = [];
    for (const id of ids.slice(0, Math.min(ids.length, 500)))
      loaded.push(await loadFile(handle.db, '/', id));
    const today = todayInShanghai();
    const tablesOf = new Map<string, Awaited<ReturnType<typeof loadAssessmentTables>>>();
    for (const f of loaded)
      if (!tablesOf.has(f.regionCode))
        tablesOf.set(f.regionCode, await loadAssessmentTables(handle.db, f.regionCode));
    t0 = performance.now();
    for (const f of loaded)
      runAssessmentRequest(
        { household: assessmentInputSchema.parse(toAssessmentInput(f)), asOf: today },
        tablesOf.get(f.regionCode)!,
        today,
      );
    const pureSeconds = (performance.now() - t0) / 1000;

    // Bangfu: what the job does for each batch (assessStoredFiles, one transaction).
    t0 = performance.now();
    for (const b of batches)
      await inTransaction(handle.db, (trx) =>
        assessStoredFiles(trx, { actor: null }, b, 'policy_change', { today }),
      );
    const bangfuSeconds = (performance.now() - t0) / 1000;

    // Before: file by file (assessStoredFile), on the first batches only.
    const perFileIds = ids.slice(0, Math.min(ids.length, 10 * batch, 500));
    t0 = performance.now();
    await inTransaction(handle.db, async (trx) => {
      for (const id of perFileIds)
        await assessStoredFile(trx, { actor: null }, id, 'policy_change', { today });
    });
    const perFileSeconds = (performance.now() - t0) / 1000;

    const bangfuRate = ids.length / bangfuSeconds;
    const rawRate = ids.length / rawSeconds;
    return {
      target: describeTarget(t),
      files: ids.length,
      batch,
      bangfuFilesPerSecond: Math.round(bangfuRate),
      perFileFilesPerSecond: Math.round(perFileIds.length / perFileSeconds),
      rawFilesPerSecond: Math.round(rawRate),
      pureAssessmentFilesPerSecond: Math.round(loaded.length / pureSeconds),
      ratioToRaw: Math.round((bangfuRate / rawRate) * 1000) / 1000,
      extrapolatedMinutes5_5M: Math.round((nationalFiles / bangfuRate / 60) * 10) / 10,
      isGoalMet: nationalFiles / bangfuRate < goalSeconds,
    };
  } finally {
    await raw.end();
    await handle.close();
  }
}

export function printReassess(rs: ReassessResult[]): void {
  printTable(
    're-assessment (assessStoredFiles, one transaction per batch) vs raw SELECT of the same rows',
    rs.map((r) => ({
      target: r.target,
      files: r.files,
      'bangfu files/s': r.bangfuFilesPerSecond,
      'file by file (before)': r.perFileFilesPerSecond,
      'raw read files/s': r.rawFilesPerSecond,
      'pure assess files/s': r.pureAssessmentFilesPerSecond,
      'bangfu/raw': r.ratioToRaw,
      '5.5 M in (min)': r.extrapolatedMinutes5_5M,
      'goal (<5 min)': r.isGoalMet ? 'met' : 'NOT met',
    })),
  );
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const t = targetOf(args);
  const r = await benchReassess(
    t,
    Number(args.get('files') ?? 1_000),
    Number(args.get('batch') ?? 50),
  );
  printReassess([r]);
  console.log(
    `\n→ ${await writeResult(`reassess-${args.get('label') ?? (t.databaseUrl ? 'postgres' : 'embedded')}`, r)}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
