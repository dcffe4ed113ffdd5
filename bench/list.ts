import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from '../src/server/db/schema';
import type { Actor, RequestContext } from '../src/server/http/context';
import { listHouseholds } from '../src/server/households/household-list.service';
import { householdQuerySchema } from '../src/shared/households/household-file';
import type { Permission } from '../src/shared/permissions';
import { openCipher } from './generate';
import { parseArgs } from './lib/args';
import { describeTarget, openTarget, targetOf, type Target } from './lib/db';
import { printTable, timingOf, writeResult, type Timing } from './lib/report';
import { findSample, type Sample } from './lib/sample';

/**
 * List and search pages (issue 6): listHouseholds with an actor scoped to a
 * county and to a province, against the very SQL it sent (captured from
 * Kysely) replayed through node-postgres. Goal: p95 ≤ 50 ms and ≤ 2× raw.
 * `tsx bench/list.ts [--database-url URL | --data-dir DIR] [--runs N]`
 */

export type ListCase = {
  scope: 'county' | 'province';
  name: string;
  bangfu: Timing;
  raw: Timing;
  rows: number;
  ratioP95: number;
  /** For context: at a few milliseconds on a shared machine the p95 of 20 runs is mostly noise. */
  ratioP50: number;
  isGoalMet: boolean;
};

function actorAt(scopePath: string): Actor {
  return {
    userId: 1,
    username: 'bench',
    displayName: 'bench',
    nodeId: Number(scopePath.split('/').at(-2)),
    scopePath,
    roles: ['case_worker'],
    permissions: new Set<Permission>(),
    mustChangePassword: false,
    sessionId: 'bench',
    csrfToken: 'bench',
  };
}

export async function benchList(
  t: Target,
  runs: number,
): Promise<{ target: string; sample: Sample; cases: ListCase[] }> {
  const handle = await openTarget(t);
  const { cipher } = await openCipher(t);
  const raw = new pg.Pool({ connectionString: handle.connectionString, max: 2 });
  // A second Kysely on the same database that records the SQL each call sends.
  const capture: { last: { sql: string; parameters: readonly unknown[] } | null } = { last: null };
  // A function, so the compiler does not narrow `last` to the null set just before the call.
  const lastSent = () => capture.last;
  const capturePool = new pg.Pool({ connectionString: handle.connectionString, max: 1 });
  const capturing = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: capturePool }),
    log: (e) => {
      if (e.level === 'query') capture.last = { sql: e.query.sql, parameters: e.query.parameters };
    },
  });
  try {
    const client = await raw.connect();
    const sample = await findSample(client, cipher).finally(() => client.release());
    // A head's given name in the county (the name without its surname): a `%name%` search.
    const namePart = (
      await raw.query<{ part: string }>(
        `select substr(head_name, 2) as part from households
         where node_path like $1 || '%' and char_length(head_name) = 3 order by id limit 1`,
        [sample.countyPath],
      )
    ).rows[0]!.part;
    const cases: ListCase[] = [];
    const variants: [string, Record<string, string>][] = [
      ['first page, updated_desc', { sort: 'updated_desc' }],
      ['first page, name_asc', { sort: 'name_asc' }],
      ['filter category=deep', { category: 'deep' }],
      [`search initials "${sample.initials}"`, { q: sample.initials }],
      ['search ID number', { q: sample.idNumber }],
      [`search name "${namePart}"`, { q: namePart }],
    ];
    for (const scope of ['county', 'province'] as const) {
      const path = scope === 'county' ? sample.countyPath : sample.provincePath;
      const ctx: RequestContext = { actor: actorAt(path), requestId: 'bench', ip: '127.0.0.1' };
      for (const [name, params] of variants) {
        const query = householdQuerySchema.parse({ limit: '50', ...params });
        capture.last = null;
        const first = await listHouseholds({ db: capturing, cipher }, ctx, query);
        const sent = lastSent();
        if (!sent) throw new Error('no SQL captured');
        const bangfu: number[] = [];
        const rawMs: number[] = [];
        for (let i = 0; i < runs + 3; i++) {
          // Alternate the two so both see the same load on a shared machine.
          let t0 = performance.now();
          await listHouseholds({ db: handle.db, cipher }, ctx, query);
          const b = performance.now() - t0;
          t0 = performance.now();
          await raw.query(sent.sql, sent.parameters as unknown[]);
          const r = performance.now() - t0;
          if (i >= 3) {
            bangfu.push(b);
            rawMs.push(r);
          }
        }
        const tb = timingOf(bangfu);
        const tr = timingOf(rawMs);
        const ratio = Math.round((tb.p95 / tr.p95) * 100) / 100;
        cases.push({
          scope,
          name,
          bangfu: tb,
          raw: tr,
          rows: first.items.length,
          ratioP95: ratio,
          ratioP50: Math.round((tb.p50 / tr.p50) * 100) / 100,
          isGoalMet: tb.p95 <= 50 && ratio <= 2,
        });
      }
    }
    return { target: describeTarget(t), sample, cases };
  } finally {
    await capturing.destroy();
    await raw.end();
    await handle.close();
  }
}

export function printList(r: Awaited<ReturnType<typeof benchList>>): void {
  printTable(
    `list/search — ${r.target}; county ${r.sample.countyName} (${r.sample.countyFiles} files), province ${r.sample.provinceName} (${r.sample.provinceFiles})`,
    r.cases.map((c) => ({
      scope: c.scope,
      case: c.name,
      rows: c.rows,
      'bangfu p50': c.bangfu.p50,
      'bangfu p95': c.bangfu.p95,
      'raw p50': c.raw.p50,
      'raw p95': c.raw.p95,
      'p95 ratio': c.ratioP95,
      'p50 ratio': c.ratioP50,
      'goal (≤50ms, ≤2×)': c.isGoalMet ? 'met' : 'NOT met',
    })),
  );
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const t = targetOf(args);
  const r = await benchList(t, Number(args.get('runs') ?? 30));
  printList(r);
  console.log(
    `\n→ ${await writeResult(`list-${args.get('label') ?? (t.databaseUrl ? 'postgres' : 'embedded')}`, r)}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
