import { sql, type Insertable } from 'kysely';
import type { Conn } from '../db/database';
import type { RegistryRowsTable } from '../db/schema';
import { matchScores, type RoundRowKind } from '../../shared/registry/registry';

/**
 * The only SQL of registry matching. Rounds are scoped by their own node_path,
 * findings through their household's node_path, both in the SQL.
 */

export async function selectNodeInScope(conn: Conn, scopePath: string, id: number) {
  return conn
    .selectFrom('org_nodes')
    .select(['id', 'path', 'name', 'is_active'])
    .where('id', '=', id)
    .where('path', 'like', `${scopePath}%`)
    .executeTakeFirst();
}

export async function insertRound(
  conn: Conn,
  row: {
    kind: string;
    node_id: number;
    node_path: string;
    file_name: string;
    file_kind: string;
    created_by: number;
  },
): Promise<number> {
  const r = await conn
    .insertInto('registry_rounds')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function insertRows(conn: Conn, rows: Insertable<RegistryRowsTable>[]) {
  if (rows.length) await conn.insertInto('registry_rows').values(rows).execute();
}

/** A member who already has an open or confirmed finding of the row's kind gets no second one. */
const isNewFinding = sql`not exists (
    select 1 from registry_findings f
    where f.member_id = m.id and f.kind = r.finding_kind and f.status in ('open','confirmed'))`;

/**
 * Rows with a valid ID number against members by the number's keyed hash, in
 * one statement. A member who already has an open or confirmed finding of the
 * same kind gets no second one, but the row still counts as matched.
 * Returns how many rows matched.
 */
export async function matchById(
  conn: Conn,
  roundId: number,
  scopePath: string,
  includeExited: boolean,
): Promise<number> {
  const r = await sql<{ matched: number }>`
    with hits as (
      select r.round_id, r.seq, r.finding_kind, m.id as member_id, h.id as household_id,
        ${isNewFinding} as is_new
      from registry_rows r
      join household_members m on m.id_number_hash = r.id_hash
      join households h on h.id = m.household_id
      where r.round_id = ${roundId} and r.problem is null and r.id_hash is not null
        and m.removed_at is null and m.deceased_on is null
        and h.node_path like ${`${scopePath}%`}
        and (h.status = 'active' or (${includeExited}::boolean and h.status = 'exited'))
    ), ins as (
      insert into registry_findings (round_id, row_seq, household_id, member_id, kind, method, score)
      select round_id, seq, household_id, member_id, finding_kind, 'id_number', ${sql.lit(matchScores.id_number)}
      from hits where is_new
      on conflict do nothing
      returning 1
    )
    select count(distinct seq)::int as matched from hits`.execute(conn);
  return r.rows[0]?.matched ?? 0;
}

/**
 * Rows without a valid ID number against members by name and birth (scored):
 * same name and birth date, same name and birth year, or same pinyin (other
 * characters) and birth date. One statement; returns how many rows matched.
 */
export async function matchByScore(
  conn: Conn,
  roundId: number,
  scopePath: string,
  includeExited: boolean,
): Promise<number> {
  const r = await sql<{ matched: number }>`
    with pairs as (
      select r.round_id, r.seq, r.finding_kind, m.id as member_id, h.id as household_id,
        case
          when m.name = r.name and m.birth_date = r.birth_date then 'name_birth_date'
          when m.name = r.name then 'name_birth_year'
          else 'pinyin_birth_date'
        end as method,
        ${isNewFinding} as is_new
      from registry_rows r
      join household_members m on
        (m.name = r.name and (m.birth_date = r.birth_date
          or extract(year from m.birth_date)::int = r.birth_year))
        or (m.name_pinyin = r.name_pinyin and m.name <> r.name and m.birth_date = r.birth_date)
      join households h on h.id = m.household_id
      where r.round_id = ${roundId} and r.problem is null and r.id_hash is null
        and r.name is not null and (r.birth_date is not null or r.birth_year is not null)
        and m.removed_at is null and m.deceased_on is null
        and h.node_path like ${`${scopePath}%`}
        and (h.status = 'active' or (${includeExited}::boolean and h.status = 'exited'))
    ), ins as (
      insert into registry_findings (round_id, row_seq, household_id, member_id, kind, method, score)
      select round_id, seq, household_id, member_id, finding_kind, method,
        case method
          when 'name_birth_date' then ${sql.lit(matchScores.name_birth_date)}
          when 'name_birth_year' then ${sql.lit(matchScores.name_birth_year)}
          else ${sql.lit(matchScores.pinyin_birth_date)}
        end
      from pairs where is_new
      on conflict do nothing
      returning 1
    )
    select count(distinct seq)::int as matched from pairs`.execute(conn);
  return r.rows[0]?.matched ?? 0;
}

export async function setRoundCounts(
  conn: Conn,
  roundId: number,
  counts: {
    rows_read: number;
    rows_rejected: number;
    rows_id_unusable: number;
    matched_by_id: number;
    matched_by_score: number;
    unmatched: number;
  },
) {
  await conn.updateTable('registry_rounds').set(counts).where('id', '=', roundId).execute();
}

function roundsQuery(conn: Conn, scopePath: string) {
  return conn
    .selectFrom('registry_rounds as r')
    .innerJoin('org_nodes as n', 'n.id', 'r.node_id')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .select((eb) => [
      'r.id',
      'r.kind',
      'r.node_id',
      'n.name as node_name',
      'r.file_name',
      'r.rows_read',
      'r.rows_rejected',
      'r.rows_id_unusable',
      'r.matched_by_id',
      'r.matched_by_score',
      'r.unmatched',
      'r.created_at',
      'u.display_name as created_by_name',
      eb
        .selectFrom('registry_findings as f')
        .innerJoin('households as h', 'h.id', 'f.household_id')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('f.round_id', '=', 'r.id')
        .where('f.status', '=', 'open')
        .where('h.node_path', 'like', `${scopePath}%`)
        .as('open_findings'),
    ])
    .where('r.node_path', 'like', `${scopePath}%`);
}

export type RoundRow = NonNullable<Awaited<ReturnType<typeof selectRoundInScope>>>;

export async function selectRoundInScope(conn: Conn, scopePath: string, id: number) {
  return roundsQuery(conn, scopePath).where('r.id', '=', id).executeTakeFirst();
}

export async function selectRoundsInScope(conn: Conn, scopePath: string, limit: number) {
  return roundsQuery(conn, scopePath).orderBy('r.id', 'desc').limit(limit).execute();
}

/**
 * A round's rejected rows (those with a problem), or the rows read whose ID
 * number was unusable, after `afterSeq`, in file order; in scope only.
 */
export async function selectRejectedRows(
  conn: Conn,
  scopePath: string,
  roundId: number,
  which: RoundRowKind,
  afterSeq: number,
  limit: number,
) {
  let query = conn
    .selectFrom('registry_rows as w')
    .innerJoin('registry_rounds as r', 'r.id', 'w.round_id')
    .innerJoin('org_nodes as n', 'n.id', 'r.node_id')
    .select([
      'w.seq',
      'w.sheet',
      'w.row_no',
      'w.name',
      'w.id_masked',
      'w.problem',
      'w.problems',
      'w.id_problem',
    ])
    .where('w.round_id', '=', roundId)
    .where('n.path', 'like', `${scopePath}%`)
    .where('w.seq', '>', afterSeq);
  query =
    which === 'rejected'
      ? query.where('w.problem', 'is not', null)
      : query.where('w.problem', 'is', null).where('w.id_problem', 'is not', null);
  return query.orderBy('w.seq').limit(limit).execute();
}

export type RejectedRow = Awaited<ReturnType<typeof selectRejectedRows>>[number];

export type FindingFilter = {
  scopePath: string;
  id?: number;
  kind?: string;
  status?: string;
  roundId?: number;
  householdId?: number;
  before?: number;
  limit: number;
};

/** Findings in scope (through the household's node_path), newest first, with their evidence row. */
export async function selectFindings(conn: Conn, f: FindingFilter) {
  let q = conn
    .selectFrom('registry_findings as f')
    .innerJoin('households as h', 'h.id', 'f.household_id')
    .innerJoin('org_nodes as n', 'n.id', 'h.node_id')
    .innerJoin('household_members as m', 'm.id', 'f.member_id')
    .innerJoin('registry_rounds as rd', 'rd.id', 'f.round_id')
    .innerJoin('registry_rows as r', (j) =>
      j.onRef('r.round_id', '=', 'f.round_id').onRef('r.seq', '=', 'f.row_seq'),
    )
    .leftJoin('users as u', 'u.id', 'f.decided_by')
    .select([
      'f.id',
      'f.round_id',
      'rd.kind as extract_kind',
      'f.kind',
      'f.status',
      'f.version',
      'f.household_id',
      'h.head_name',
      'h.file_no',
      'h.status as household_status',
      'h.node_id',
      'h.node_path',
      'n.name as node_name',
      'f.member_id',
      'm.name as member_name',
      'm.relation as member_relation',
      'm.id_number_masked as member_id_masked',
      'f.method',
      'f.score',
      'r.row_no',
      'r.sheet',
      'r.name as row_name',
      'r.id_masked as row_id_masked',
      'r.id_problem as row_id_problem',
      sql<string | null>`r.birth_date::text`.as('row_birth_date'),
      'r.facts',
      'u.display_name as decided_by_name',
      'f.decided_at',
      'f.note',
      'f.action',
      'f.created_at',
    ])
    .where('h.node_path', 'like', `${f.scopePath}%`);
  if (f.id !== undefined) q = q.where('f.id', '=', f.id);
  if (f.kind) q = q.where('f.kind', '=', f.kind);
  if (f.status) q = q.where('f.status', '=', f.status);
  if (f.roundId !== undefined) q = q.where('f.round_id', '=', f.roundId);
  if (f.householdId !== undefined) q = q.where('f.household_id', '=', f.householdId);
  if (f.before !== undefined) q = q.where('f.id', '<', f.before);
  return q.orderBy('f.id', 'desc').limit(f.limit).execute();
}

export type FindingRow = Awaited<ReturnType<typeof selectFindings>>[number];

/** Decides an open finding if its version is still `version`; null when someone else was first. */
export async function decideFinding(
  conn: Conn,
  id: number,
  version: number,
  set: { status: 'confirmed' | 'dismissed'; decided_by: number; note: string | null },
) {
  return conn
    .updateTable('registry_findings')
    .set({ ...set, decided_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'open')
    .returning(['id'])
    .executeTakeFirst();
}

export async function setFindingAction(conn: Conn, id: number, action: unknown) {
  await conn
    .updateTable('registry_findings')
    .set({ action: JSON.stringify(action) })
    .where('id', '=', id)
    .execute();
}

export async function selectExclusion(conn: Conn, householdId: number, exclusionId: string) {
  return conn
    .selectFrom('household_exclusions')
    .select(['answer', 'evidence'])
    .where('household_id', '=', householdId)
    .where('exclusion_id', '=', exclusionId)
    .executeTakeFirst();
}

/**
 * Answers one exclusion check of a file "bars" with its evidence and bumps
 * the file's version (an editor holding the old version gets CONFLICT).
 */
export async function setExclusionBars(
  conn: Conn,
  householdId: number,
  exclusionId: string,
  evidence: string,
  userId: number,
) {
  await conn
    .insertInto('household_exclusions')
    .values({ household_id: householdId, exclusion_id: exclusionId, answer: true, evidence })
    .onConflict((oc) =>
      oc.columns(['household_id', 'exclusion_id']).doUpdateSet({ answer: true, evidence }),
    )
    .execute();
  await conn
    .updateTable('households')
    .set({ version: sql`version + 1`, updated_at: new Date(), updated_by: userId })
    .where('id', '=', householdId)
    .execute();
}

/** Marks a member deceased; returns whether they were the head and how many live members remain. */
export async function markDeceased(conn: Conn, memberId: number, on: string, userId: number) {
  const m = await conn
    .updateTable('household_members')
    .set({ deceased_on: on, updated_at: new Date() })
    .where('id', '=', memberId)
    .returning(['household_id', 'relation'])
    .executeTakeFirstOrThrow();
  await conn
    .updateTable('households')
    .set({ version: sql`version + 1`, updated_at: new Date(), updated_by: userId })
    .where('id', '=', m.household_id)
    .execute();
  const living = await conn
    .selectFrom('household_members')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('household_id', '=', m.household_id)
    .where('removed_at', 'is', null)
    .where('deceased_on', 'is', null)
    .executeTakeFirstOrThrow();
  return { isHead: m.relation === 'head', living: living.n };
}

/** Deceased members of a file in scope. */
export async function selectDeceased(conn: Conn, scopePath: string, householdId: number) {
  return conn
    .selectFrom('household_members as m')
    .innerJoin('households as h', 'h.id', 'm.household_id')
    .select(['m.id', 'm.name', 'm.relation', sql<string>`m.deceased_on::text`.as('deceased_on')])
    .where('m.household_id', '=', householdId)
    .where('h.node_path', 'like', `${scopePath}%`)
    .where('m.deceased_on', 'is not', null)
    .where('m.removed_at', 'is', null)
    .orderBy('m.sort')
    .execute();
}

export async function selectHouseholdInScope(conn: Conn, scopePath: string, id: number) {
  return conn
    .selectFrom('households')
    .select(['id', 'node_id'])
    .where('id', '=', id)
    .where('node_path', 'like', `${scopePath}%`)
    .executeTakeFirst();
}
