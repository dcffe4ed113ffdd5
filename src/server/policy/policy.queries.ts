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
