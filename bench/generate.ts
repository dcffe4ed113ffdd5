import { mkdir, writeFile } from 'node:fs/promises';
import pg from 'pg';
import { findPolicyVersions, todayInShanghai } from '../src/server/policy/policy.service';
import {
  createFieldCipher,
  loadDataKey,
  type FieldCipher,
} from '../src/server/privacy/field-cipher';
import { parseArgs, sizeOf, sizes, type Size } from './lib/args';
import { insertRows, maxId, syncIdentity } from './lib/bulk';
import { createScratchDatabase, describeTarget, openTarget, targetOf, type Target } from './lib/db';
import {
  IdNumbers,
  fitAndAssess,
  planHousehold,
  targetShares,
  type Person,
  type Tables,
} from './lib/plan';
import { seededRandom, weighted } from './lib/random';
import { addFileRows, emptyRows, tablesInOrder, type Rows } from './lib/rows';
import { buildTree, countyPicker, maxUnionsPerCounty, type County } from './lib/tree';

/**
 * The synthetic country (issue 6): `npm run bench:data -- --size S|M|L|XL
 * [--database-url URL | --data-dir DIR] [--seed N] [--fresh]`. Writes the
 * tree, 低保 lines, households with members, items, exclusion checks and their
 * latest assessment straight into the database in bulk; planted anomalies go
 * to bench/results/anomalies-<size>.json. See bench/README.md.
 */

export type Anomaly =
  | {
      kind: 'likely_duplicate_person';
      householdIds: [number, number];
      name: string;
      birthDate: string;
    }
  | {
      kind: 'person_in_exited_file';
      activeHouseholdId: number;
      exitedHouseholdId: number;
      name: string;
    }
  | { kind: 'likely_deceased_member'; householdId: number; name: string; birthDate: string }
  | { kind: 'vehicle_owned'; householdId: number; headName: string };

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

function isoAt(ms: number): string {
  return new Date(ms).toISOString();
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
    const root = (
      await client.query<{ id: string; path: string }>(
        'select id::text, path from org_nodes where parent_id is null',
      )
    ).rows[0]!;
    const unionsPerCounty = Math.min(
      maxUnionsPerCounty,
      Math.max(2, Math.round(count / 2_900 / 60)),
    );
    const tree = buildTree(
      rng,
      { id: Number(await maxId(client, 'org_nodes')), path: root.path },
      unionsPerCounty,
    );
    // The root's id may not be the largest; children hang under the real root path.
    await client.query('begin');
    await insertRows(client, 'org_nodes', tree.nodes);
    await insertRows(client, 'policy_rates', tree.rates);
    await syncIdentity(client, 'org_nodes');
    await client.query('commit');
    log(
      `tree: ${tree.nodes.length} nodes, ${tree.counties.length} counties, ${unionsPerCounty} unions each`,
    );

    const policyVersions = (await findPolicyVersions(handle.db)).map((v) => v.definition);
    const tablesOf = new Map<string, Tables>();
    const tablesFor = (c: County): Tables => {
      const city = `${c.regionCode.slice(0, 4)}00`;
      let tables = tablesOf.get(city);
      if (!tables) {
        const rates = tree.rates.filter((r) => r.region_code === city);
        const of = (kind: string) =>
          rates
            .filter((r) => r.kind === kind)
            .map((r) => ({
              regionCode: r.region_code,
              monthlyFen: r.monthly_fen,
              effectiveFrom: r.effective_from,
              effectiveTo: null,
            }));
        tablesOf.set(
          city,
          (tables = { policyVersions, dibaoLines: of('dibao'), minimumWages: of('minimum_wage') }),
        );
      }
      return tables;
    };

    const today = todayInShanghai();
    const year = Number(today.slice(0, 4));
    const now = Date.now();
    const ids = new IdNumbers();
    const pickCounty = countyPicker(tree.counties);
    const next = {
      household: (await maxId(client, 'households')) + 1,
      member: (await maxId(client, 'household_members')) + 1,
      assessment: (await maxId(client, 'household_assessments')) + 1,
    };
    const anomalies: Anomaly[] = [];
    const categories: Record<string, number> = {};
    const mainCauses: Record<string, number> = {};
    const perCounty = new Map<County, number>();
    let members = 0;
    let rowsWritten = 0;
    let rows: Rows = emptyRows();
    let lastHead: { person: Person; householdId: number; county: County } | null = null;

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

    const writeFile_ = (
      county: County,
      status: 'active' | 'exited',
      options: Parameters<typeof planHousehold>[5],
    ) => {
      const target = weighted(rng, targetShares);
      const union = county.unions[Math.floor(rng() * county.unions.length)]!;
      const plan = planHousehold(rng, ids, county, union.id, target, options);
      const { file, result } = fitAndAssess(
        rng,
        plan,
        target,
        county.dibaoFen,
        tablesFor(county),
        today,
      );
      const createdMs = now - Math.floor(rng() * 1_000 * 86_400_000);
      const updatedMs = createdMs + Math.floor(rng() * (now - createdMs));
      const householdId = next.household++;
      const n = addFileRows(
        rows,
        cipher,
        { householdId, firstMemberId: next.member, assessmentId: next.assessment++ },
        {
          file,
          result,
          nodePath: union.path,
          status,
          createdAt: isoAt(createdMs),
          updatedAt: isoAt(updatedMs),
        },
      );
      next.member += n;
      members += n;
      if (status === 'active') {
        const key = result.eligible ? (result.category ?? 'none') : 'not_eligible';
        categories[key] = (categories[key] ?? 0) + 1;
        mainCauses[file.mainCause] = (mainCauses[file.mainCause] ?? 0) + 1;
        perCounty.set(county, (perCounty.get(county) ?? 0) + 1);
      }
      const head = file.members[0]!;
      return {
        householdId,
        head: {
          name: head.name,
          birthDate: head.birthDate,
          sex: head.sex,
          idNumber: head.idNumber!,
        },
        file,
      };
    };

    for (let i = 0; i < count; i++) {
      const county = pickCounty(rng);
      const dup = i > 0 && i % 997 === 0 && lastHead ? lastHead : null;
      const isDeceased = i % 1_499 === 7;
      const hasVehicle = i % 1_000 === 500;
      const written = writeFile_(county, 'active', {
        year,
        ...(dup ? { likelyDuplicateOf: dup.person } : {}),
        ...(isDeceased ? { hasLikelyDeceased: true } : {}),
        ...(hasVehicle ? { hasVehicle: true } : {}),
      });
      if (dup)
        anomalies.push({
          kind: 'likely_duplicate_person',
          householdIds: [dup.householdId, written.householdId],
          name: dup.person.name,
          birthDate: dup.person.birthDate,
        });
      if (isDeceased) {
        const old = written.file.members.find((m) => m.birthDate === '1912-06-01')!;
        anomalies.push({
          kind: 'likely_deceased_member',
          householdId: written.householdId,
          name: old.name,
          birthDate: old.birthDate,
        });
      }
      if (hasVehicle)
        anomalies.push({
          kind: 'vehicle_owned',
          householdId: written.householdId,
          headName: written.head.name,
        });
      if (i % 2_000 === 1_000 && lastHead) {
        // An older, exited file of a person who now heads an active one: same ID number.
        const exited = writeFile_(lastHead.county, 'exited', { year, head: lastHead.person });
        anomalies.push({
          kind: 'person_in_exited_file',
          activeHouseholdId: lastHead.householdId,
          exitedHouseholdId: exited.householdId,
          name: lastHead.person.name,
        });
      }
      lastHead = { person: written.head, householdId: written.householdId, county };
      if (rows.households.length >= batchSize) await flush();
      if ((i + 1) % 50_000 === 0) {
        const s = (performance.now() - started) / 1000;
        log(`  ${i + 1} households, ${Math.round((i + 1) / s)}/s`);
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
      households: next.household - 1,
      members,
      nodes: tree.nodes.length,
      seconds: Math.round(seconds * 10) / 10,
      householdsPerSecond: Math.round(count / seconds),
      rowsPerSecond: Math.round((rowsWritten + tree.nodes.length) / seconds),
      mix: {
        categories,
        mainCauses,
        peoplePerHousehold: Math.round((members / (next.household - 1)) * 100) / 100,
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

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const target = targetOf(args);
  if (target.databaseUrl && args.has('fresh'))
    await createScratchDatabase(target.databaseUrl, true);
  else if (target.databaseUrl) await createScratchDatabase(target.databaseUrl, false);
  const size = sizeOf(args.get('size'));
  const r = await generate(target, size, Number(args.get('seed') ?? 1));
  console.log(JSON.stringify(r, null, 2));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
