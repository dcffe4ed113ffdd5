import { sql } from 'kysely';
import type { Conn } from '../db/database';

/**
 * The SQL of the impact preview and the re-assessment job: which active files a
 * rate could govern. It reads households (one domain's table, read here for
 * the ids only; the files themselves come through the household service), and
 * every statement keeps `node_path LIKE scope || '%'`.
 */

/** Active files in scope per county whose code starts with `regionPrefix`. */
export async function selectRegionCounts(conn: Conn, scopePath: string, regionPrefix: string) {
  return conn
    .selectFrom('households')
    .select(['region_code', (eb) => eb.fn.countAll<number>().as('files')])
    .where('status', '=', 'active')
    .where('node_path', 'like', `${scopePath}%`)
    .where('region_code', 'like', `${regionPrefix}%`)
    .groupBy('region_code')
    .orderBy('region_code')
    .execute();
}

/** The next `limit` active files in scope in these counties, by id after `afterId`. */
export async function selectFileIds(
  conn: Conn,
  scopePath: string,
  regionCodes: readonly string[],
  afterId: number,
  limit: number,
): Promise<number[]> {
  if (!regionCodes.length) return [];
  const rows = await conn
    .selectFrom('households')
    .select('id')
    .where('status', '=', 'active')
    .where('node_path', 'like', `${scopePath}%`)
    .where('region_code', 'in', regionCodes)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** The stored result of these files (category and eligibility), for the job's tally. */
export async function selectStoredResults(conn: Conn, ids: readonly number[]) {
  if (!ids.length) return [];
  return conn
    .selectFrom('households')
    .select(['id', 'category', 'eligible'])
    .where('id', 'in', ids)
    .execute();
}

/** The rate of a kind and region in force the day before `date` that runs on past it. */
export async function selectRateRunningInto(
  conn: Conn,
  kind: string,
  regionCode: string,
  date: string,
) {
  return conn
    .selectFrom('policy_rates')
    .select([
      'id',
      'version',
      sql<string>`effective_from::text`.as('effective_from'),
      sql<string | null>`effective_to::text`.as('effective_to'),
    ])
    .where('kind', '=', kind)
    .where('region_code', '=', regionCode)
    .where(sql<boolean>`effective_from < ${date}::date`)
    .where(sql<boolean>`coalesce(effective_to, 'infinity'::date) >= ${date}::date`)
    .executeTakeFirst();
}

/** The first rate of a kind and region that starts on or after `date`. */
export async function selectRateStartingFrom(
  conn: Conn,
  kind: string,
  regionCode: string,
  date: string,
) {
  return conn
    .selectFrom('policy_rates')
    .select(['id', sql<string>`effective_from::text`.as('effective_from')])
    .where('kind', '=', kind)
    .where('region_code', '=', regionCode)
    .where(sql<boolean>`effective_from >= ${date}::date`)
    .orderBy('effective_from')
    .executeTakeFirst();
}
