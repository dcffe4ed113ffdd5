import { sql } from 'kysely';
import type { Conn } from '../db/database';

const rateColumns = [
  'r.id',
  'r.kind',
  'r.region_code',
  'r.monthly_fen',
  sql<string>`r.effective_from::text`.as('effective_from'),
  sql<string | null>`r.effective_to::text`.as('effective_to'),
  'r.note',
  'r.version',
] as const;

export type RateRow = Awaited<ReturnType<typeof selectRate>> & {};

/** Rates by kind and region code (or prefix), by region then latest period first. */
export async function selectRates(conn: Conn, filter: { kind?: string; regionPrefix?: string }) {
  let query = conn.selectFrom('policy_rates as r').select(rateColumns);
  if (filter.kind) query = query.where('r.kind', '=', filter.kind);
  if (filter.regionPrefix) query = query.where('r.region_code', 'like', `${filter.regionPrefix}%`);
  return query
    .orderBy('r.region_code')
    .orderBy('r.kind')
    .orderBy('r.effective_from', 'desc')
    .execute();
}

/** The rates of a kind that could apply to a county: its own, its city's, its province's. */
export async function selectRatesForRegion(conn: Conn, kind: string, regionCode: string) {
  const codes = [regionCode, `${regionCode.slice(0, 4)}00`, `${regionCode.slice(0, 2)}0000`];
  return conn
    .selectFrom('policy_rates as r')
    .select(rateColumns)
    .where('r.kind', '=', kind)
    .where('r.region_code', 'in', codes)
    .execute();
}

export async function selectRate(conn: Conn, id: number) {
  return conn
    .selectFrom('policy_rates as r')
    .select(rateColumns)
    .where('r.id', '=', id)
    .executeTakeFirst();
}

/**
 * Serialises writers of policy_rates until the transaction ends, so the overlap
 * check and the write that follows it see the same rows (readers are not blocked).
 */
export async function lockRatesForWrite(conn: Conn): Promise<void> {
  await sql`lock table policy_rates in share row exclusive mode`.execute(conn);
}

/** The first rate of the same kind and region whose period meets [from, to]. */
export async function selectOverlappingRate(
  conn: Conn,
  rate: { kind: string; regionCode: string; from: string; to: string | null; exceptId?: number },
) {
  let query = conn
    .selectFrom('policy_rates as r')
    .select(rateColumns)
    .where('r.kind', '=', rate.kind)
    .where('r.region_code', '=', rate.regionCode)
    .where(sql<boolean>`r.effective_from <= coalesce(${rate.to}::date, 'infinity'::date)`)
    .where(sql<boolean>`${rate.from}::date <= coalesce(r.effective_to, 'infinity'::date)`);
  if (rate.exceptId !== undefined) query = query.where('r.id', '<>', rate.exceptId);
  return query.orderBy('r.effective_from').executeTakeFirst();
}

export async function insertRate(
  conn: Conn,
  row: {
    kind: string;
    region_code: string;
    monthly_fen: number;
    effective_from: string;
    effective_to: string | null;
    note: string | null;
  },
): Promise<number> {
  const r = await conn
    .insertInto('policy_rates')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateRateFields(
  conn: Conn,
  id: number,
  version: number,
  fields: { monthly_fen?: number; effective_to?: string | null; note?: string | null },
): Promise<boolean> {
  const r = await conn
    .updateTable('policy_rates')
    .set((eb) => ({ ...fields, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

export async function selectPolicyVersions(conn: Conn) {
  return conn
    .selectFrom('policy_versions')
    .select([
      'id',
      'scheme',
      sql<string>`effective_from::text`.as('effective_from'),
      'definition',
      'version',
    ])
    .orderBy('effective_from', 'desc')
    .execute();
}

const versionColumns = [
  'id',
  'scheme',
  sql<string>`effective_from::text`.as('effective_from'),
  'definition',
  'version',
] as const;

/**
 * How many stored assessments used each policy version. A read of the
 * households' table, kept here because it decides whether a version may still
 * change (past assessments must stay reproducible).
 */
export async function selectPolicyVersionUsage(conn: Conn) {
  return conn
    .selectFrom('household_assessments')
    .select(['policy_version_id', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy('policy_version_id')
    .execute();
}

/** One version, locked until the transaction ends. */
export async function lockPolicyVersion(conn: Conn, id: string) {
  return conn
    .selectFrom('policy_versions')
    .select(versionColumns)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** Serialises writers of policy_versions, so the uniqueness checks see the rows they guard. */
export async function lockPolicyVersionsForWrite(conn: Conn): Promise<void> {
  await sql`lock table policy_versions in share row exclusive mode`.execute(conn);
}

/** Another version of the scheme starting the same day, or one with this id. */
export async function selectClashingPolicyVersion(
  conn: Conn,
  v: { id: string; scheme: string; effectiveFrom: string; exceptId?: string },
) {
  let query = conn
    .selectFrom('policy_versions')
    .select(versionColumns)
    .where((eb) =>
      eb.or([
        eb('id', '=', v.id),
        eb.and([
          eb('scheme', '=', v.scheme),
          eb(sql`effective_from`, '=', sql`${v.effectiveFrom}::date`),
        ]),
      ]),
    );
  if (v.exceptId !== undefined) query = query.where('id', '<>', v.exceptId);
  return query.executeTakeFirst();
}

export async function insertPolicyVersion(
  conn: Conn,
  row: { id: string; scheme: string; effective_from: string; definition: string },
): Promise<void> {
  await conn.insertInto('policy_versions').values(row).execute();
}

/** Changes a version still at `version`; false when someone else changed it first. */
export async function updatePolicyVersionRow(
  conn: Conn,
  id: string,
  version: number,
  fields: { scheme: string; effective_from: string; definition: string },
): Promise<boolean> {
  const r = await conn
    .updateTable('policy_versions')
    .set((eb) => ({ ...fields, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}
