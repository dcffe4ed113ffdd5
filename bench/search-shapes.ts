import pg from 'pg';
import { openCipher } from './generate';
import { parseArgs } from './lib/args';
import { describeTarget, openTarget, targetOf } from './lib/db';
import { printTable, timingOf, writeResult } from './lib/report';
import { findSample } from './lib/sample';

/**
 * Before/after of the search change (applied since in `selectHouseholdPage`,
 * which also chooses a page's ids before reading its rows; `bench/list.ts`
 * measures the service as it is). "today" is the search as it was: an OR of
 * `name LIKE '%text%'` (no index can serve a leading wildcard) with an EXISTS
 * over members, which PostgreSQL ran as one hashed subplan over the whole
 * household_members table — every member in the country, whatever the scope.
 * "proposed" picks the alternatives by what the text is: a full ID number
 * searches the hash only; latin letters search pinyin and initials only
 * (prefix LIKE on "C"-collated indexed columns).
 * `tsx bench/search-shapes.ts [--database-url URL | --data-dir DIR] [--runs N]`
 */

const select = `select h.id, h.head_name, n.name as node_name from households h
  join org_nodes n on n.id = h.node_id where h.node_path like $1 || '%'`;
const order = `order by h.updated_at desc, h.id desc limit 51`;

const today = {
  id: `${select} and (h.head_name like '%' || $2 || '%' or h.head_name_initials like $2 || '%'
    or h.head_name_pinyin like $2 || '%' or exists (select 1 from household_members m
    where m.household_id = h.id and m.removed_at is null and (m.name like '%' || $2 || '%'
    or m.name_initials like $2 || '%' or m.id_number_hash = $3))) ${order}`,
  initials: `${select} and (h.head_name like '%' || $2 || '%' or h.head_name_initials like $2 || '%'
    or h.head_name_pinyin like $2 || '%' or exists (select 1 from household_members m
    where m.household_id = h.id and m.removed_at is null and (m.name like '%' || $2 || '%'
    or m.name_initials like $2 || '%'))) ${order}`,
};
const proposed = {
  id: `${select} and exists (select 1 from household_members m where m.household_id = h.id
    and m.removed_at is null and m.id_number_hash = $2) ${order}`,
  initials: `${select} and (h.head_name_initials like $2 || '%' or h.head_name_pinyin like $2 || '%'
    or exists (select 1 from household_members m where m.household_id = h.id
      and m.removed_at is null and m.name_initials like $2 || '%')) ${order}`,
};

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const t = targetOf(args);
  const runs = Number(args.get('runs') ?? 20);
  const handle = await openTarget(t);
  const { cipher } = await openCipher(t);
  const pool = new pg.Pool({ connectionString: handle.connectionString, max: 1 });
  try {
    const client = await pool.connect();
    const sample = await findSample(client, cipher).finally(() => client.release());
    const hash = cipher.hash('id_number', sample.idNumber);
    const rows = [];
    for (const [scope, path] of [
      ['county', sample.countyPath],
      ['province', sample.provincePath],
    ] as const)
      for (const kind of ['id', 'initials'] as const) {
        const text = kind === 'id' ? sample.idNumber : sample.initials;
        const before: number[] = [];
        const after: number[] = [];
        let found = [0, 0];
        for (let i = 0; i < runs + 2; i++) {
          let t0 = performance.now();
          const a = await pool.query(
            today[kind],
            kind === 'id' ? [path, text, hash] : [path, text],
          );
          const b = performance.now() - t0;
          t0 = performance.now();
          const c = await pool.query(proposed[kind], [path, kind === 'id' ? hash : text]);
          const d = performance.now() - t0;
          found = [a.rowCount ?? 0, c.rowCount ?? 0];
          if (i >= 2) {
            before.push(b);
            after.push(d);
          }
        }
        const tb = timingOf(before);
        const ta = timingOf(after);
        rows.push({
          scope,
          search: kind === 'id' ? 'ID number' : `initials "${text}"`,
          'rows today/proposed': `${found[0]}/${found[1]}`,
          'today p50': tb.p50,
          'today p95': tb.p95,
          'proposed p50': ta.p50,
          'proposed p95': ta.p95,
          speedup: `${Math.round((tb.p95 / ta.p95) * 10) / 10}×`,
        });
      }
    printTable(`search shapes — ${describeTarget(t)}`, rows);
    console.log(
      `\n→ ${await writeResult(`search-shapes-${args.get('label') ?? (t.databaseUrl ? 'postgres' : 'embedded')}`, { target: describeTarget(t), sample, rows })}`,
    );
  } finally {
    await pool.end();
    await handle.close();
  }
}

await main();
