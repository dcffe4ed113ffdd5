import { sql, type Insertable, type Updateable } from 'kysely';
import type { Conn } from '../db/database';
import type { HouseholdMembersTable, HouseholdsTable } from '../db/schema';
import type { HouseholdQuery } from '../../shared/households/household-file';

/**
 * The only SQL of household files. Every read of a file takes the caller's
 * scope path and keeps `node_path LIKE scope || '%'` in the statement.
 */

const householdColumns = [
  'h.id',
  'h.node_id',
  'h.node_path',
  'h.status',
  'h.file_no',
  'h.region_code',
  'h.standard_level',
  'h.head_name',
  'h.head_id_number_masked',
  'h.head_work_status',
  'h.member_count',
  'h.phone_enc',
  'h.phone_masked',
  'h.address',
  'h.employer_name',
  'h.employer_type',
  'h.industry',
  'h.is_union_member',
  'h.political_status',
  'h.marital_status',
  'h.hukou_type',
  'h.model_worker_type',
  'h.housing_type',
  'h.housing_area_band',
  'h.is_single_parent',
  'h.is_zero_employment',
  'h.main_cause',
  'h.secondary_causes',
  'h.situation',
  'h.bank_name',
  'h.bank_account_enc',
  'h.bank_account_masked',
  'h.accident',
  'h.monthly_incomes',
  'h.migrant_worker',
  'h.category',
  'h.eligible',
  'h.provisional',
  'h.per_capita_fen',
  'h.assessed_at',
  'h.last_assessment_id',
  'h.last_aided_at',
  'h.version',
  'h.created_at',
  'h.updated_at',
  'h.case_status',
  'h.case_step',
  'h.file_kind',
  'h.temporary_reason',
  sql<string | null>`h.temporary_until::text`.as('temporary_until'),
] as const;

export type HouseholdRow = Awaited<ReturnType<typeof selectHouseholdInScope>> & {};

export async function selectHouseholdInScope(conn: Conn, scopePath: string, id: number) {
  return conn
    .selectFrom('households as h')
    .innerJoin('org_nodes as n', 'n.id', 'h.node_id')
    .leftJoin('users as cu', 'cu.id', 'h.created_by')
    .leftJoin('users as uu', 'uu.id', 'h.updated_by')
    .select(householdColumns)
    .select([
      'n.name as node_name',
      'cu.display_name as created_by_name',
      'uu.display_name as updated_by_name',
    ])
    .where('h.id', '=', id)
    .where('h.node_path', 'like', `${scopePath}%`)
    .executeTakeFirst();
}

/** The row, locked for an update in this transaction (scope is checked by the caller first). */
export async function lockHousehold(conn: Conn, id: number) {
  return conn
    .selectFrom('households')
    .select(['id', 'version', 'node_id', 'node_path', 'status'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

const memberColumns = [
  'm.id',
  'm.household_id',
  'm.sort',
  'm.relation',
  'm.name',
  'm.id_number_enc',
  'm.id_number_hash',
  'm.id_number_masked',
  sql<string>`m.birth_date::text`.as('birth_date'),
  'm.sex',
  'm.is_able_to_work',
  'm.work_status',
  'm.is_in_full_time_study',
  'm.study_level',
  'm.school',
  sql<string | null>`m.living_with_household_since::text`.as('living_with_household_since'),
  'm.is_dependant',
  'm.is_disabled_or_seriously_ill',
  'm.health_status',
  'm.diagnosis_enc',
  'm.disability_type',
  'm.disability_grade',
] as const;

export type MemberRow = Awaited<ReturnType<typeof selectMembers>>[number];

/** Current members (not removed), in their order. */
export async function selectMembers(conn: Conn, householdId: number) {
  return conn
    .selectFrom('household_members as m')
    .select(memberColumns)
    .where('m.household_id', '=', householdId)
    .where('m.removed_at', 'is', null)
    .orderBy('m.sort')
    .execute();
}

export async function selectItems(
  conn: Conn,
  table: 'household_incomes' | 'household_expenditures',
  householdId: number,
) {
  return conn
    .selectFrom(table)
    .select(['id', 'member_id', 'type', 'amount_fen', 'note'])
    .where('household_id', '=', householdId)
    .orderBy('sort')
    .execute();
}

export async function selectExclusions(conn: Conn, householdId: number) {
  return conn
    .selectFrom('household_exclusions')
    .select(['exclusion_id', 'answer', 'evidence'])
    .where('household_id', '=', householdId)
    .execute();
}

export async function selectAssessment(conn: Conn, id: number) {
  return conn
    .selectFrom('household_assessments as a')
    .leftJoin('users as u', 'u.id', 'a.assessed_by')
    .select([
      'a.id',
      'a.assessed_at',
      'a.reason',
      'a.policy_version_id',
      sql<string>`a.as_of::text`.as('as_of'),
      'a.category',
      'a.eligible',
      'a.provisional',
      'a.per_capita_fen',
      'a.result',
      'u.display_name as assessed_by_name',
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

export async function selectAssessmentHistory(conn: Conn, householdId: number) {
  return conn
    .selectFrom('household_assessments as a')
    .leftJoin('users as u', 'u.id', 'a.assessed_by')
    .select([
      'a.id',
      'a.assessed_at',
      'a.reason',
      'a.policy_version_id',
      sql<string>`a.as_of::text`.as('as_of'),
      'a.category',
      'a.eligible',
      'a.provisional',
      'a.per_capita_fen',
      'u.display_name as assessed_by_name',
    ])
    .where('a.household_id', '=', householdId)
    .orderBy('a.id', 'desc')
    .limit(100)
    .execute();
}

export async function insertHousehold(conn: Conn, row: Insertable<HouseholdsTable>) {
  const r = await conn
    .insertInto('households')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Updates the row if it still has `version`; false when someone else saved first. */
export async function updateHousehold(
  conn: Conn,
  id: number,
  version: number,
  fields: Updateable<HouseholdsTable>,
): Promise<boolean> {
  const r = await conn
    .updateTable('households')
    .set({ ...fields, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertMember(conn: Conn, row: Insertable<HouseholdMembersTable>) {
  const r = await conn
    .insertInto('household_members')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateMember(
  conn: Conn,
  id: number,
  fields: Updateable<HouseholdMembersTable>,
): Promise<void> {
  await conn
    .updateTable('household_members')
    .set({ ...fields, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Takes members out of the file: their ID number is free for another file. */
export async function removeMembers(conn: Conn, ids: number[]): Promise<void> {
  if (!ids.length) return;
  await conn
    .updateTable('household_members')
    .set({ removed_at: sql`now()`, active_id_number_hash: null, updated_at: sql`now()` })
    .where('id', 'in', ids)
    .execute();
}

/** Replaces the income or expenditure items of a file. */
export async function replaceItems(
  conn: Conn,
  table: 'household_incomes' | 'household_expenditures',
  householdId: number,
  items: { member_id: number | null; type: string; amount_fen: number; note: string | null }[],
): Promise<void> {
  await conn.deleteFrom(table).where('household_id', '=', householdId).execute();
  if (items.length)
    await conn
      .insertInto(table)
      .values(items.map((item, sort) => ({ ...item, household_id: householdId, sort })))
      .execute();
}

export async function replaceExclusions(
  conn: Conn,
  householdId: number,
  rows: { exclusion_id: string; answer: boolean | null; evidence: string | null }[],
): Promise<void> {
  await conn.deleteFrom('household_exclusions').where('household_id', '=', householdId).execute();
  if (rows.length)
    await conn
      .insertInto('household_exclusions')
      .values(rows.map((r) => ({ ...r, household_id: householdId })))
      .execute();
}

/**
 * Where the given ID-number hashes are already current in an active file,
 * other than `exceptHouseholdId`: the file's node, for the conflict message.
 */
export async function selectActiveHolders(
  conn: Conn,
  hashes: string[],
  exceptHouseholdId: number | null,
) {
  if (!hashes.length) return [];
  let query = conn
    .selectFrom('household_members as m')
    .innerJoin('households as h', 'h.id', 'm.household_id')
    .innerJoin('org_nodes as n', 'n.id', 'h.node_id')
    .select([
      'm.active_id_number_hash as hash',
      'h.id as household_id',
      'h.node_path',
      'n.name as node_name',
      'n.phone as node_phone',
    ])
    .where('m.active_id_number_hash', 'in', hashes);
  if (exceptHouseholdId !== null) query = query.where('h.id', '<>', exceptHouseholdId);
  return query.execute();
}

export async function insertAssessment(
  conn: Conn,
  row: {
    household_id: number;
    assessed_by: number | null;
    reason: string;
    policy_version_id: string;
    as_of: string;
    category: string | null;
    eligible: boolean;
    provisional: boolean;
    per_capita_fen: number;
    result: string;
  },
): Promise<number> {
  const r = await conn
    .insertInto('household_assessments')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Writes the latest assessment's figures onto the file (no version bump: not an edit). */
export async function setLatestAssessment(
  conn: Conn,
  householdId: number,
  a: {
    id: number;
    category: string | null;
    eligible: boolean;
    provisional: boolean;
    perCapitaFen: number;
  },
): Promise<void> {
  await conn
    .updateTable('households')
    .set({
      category: a.category,
      eligible: a.eligible,
      provisional: a.provisional,
      per_capita_fen: a.perCapitaFen,
      assessed_at: sql`now()`,
      last_assessment_id: a.id,
    })
    .where('id', '=', householdId)
    .execute();
}

// ---------------------------------------------------------------- list

export type ListFilter = HouseholdQuery & {
  scopePath: string;
  qHash: { idNumber?: string; phone?: string };
  /** Decoded keyset cursor: [sort value, id]. */
  cursor: [string | number | null, number] | null;
};

export async function selectHouseholdPage(conn: Conn, f: ListFilter) {
  // Late row lookup: the page's ids are chosen first, from the columns of the scope's
  // covering index alone when the filters allow (an index-only scan, no heap page per
  // file of the scope), and only those rows are read and joined (bench/README.md: a
  // province's first page had read every one of its files).
  let query = conn
    .selectFrom('households as h')
    .select('h.id')
    .where('h.node_path', 'like', `${f.scopePath}%`);
  if (f.category === 'not_eligible') query = query.where('h.eligible', '=', false);
  else if (f.category) query = query.where('h.category', '=', f.category);
  if (f.status) query = query.where('h.status', '=', f.status);
  if (f.cause)
    query = query.where((eb) =>
      eb.or([
        eb('h.main_cause', '=', f.cause!),
        sql<boolean>`${f.cause!} = any(h.secondary_causes)`,
      ]),
    );
  if (f.standardLevel) query = query.where('h.standard_level', '=', f.standardLevel);
  if (f.workStatus) query = query.where('h.head_work_status', '=', f.workStatus);
  if (f.singleParent !== undefined) query = query.where('h.is_single_parent', '=', f.singleParent);
  if (f.zeroEmployment !== undefined)
    query = query.where('h.is_zero_employment', '=', f.zeroEmployment);
  if (f.stale !== undefined)
    query = f.stale
      ? query.where(
          sql<boolean>`greatest(h.updated_at, coalesce(h.assessed_at, h.updated_at)) < now() - interval '1 year'`,
        )
      : query.where(
          sql<boolean>`greatest(h.updated_at, coalesce(h.assessed_at, h.updated_at)) >= now() - interval '1 year'`,
        );
  if (f.neverAssisted !== undefined)
    query = query.where('h.last_aided_at', f.neverAssisted ? 'is' : 'is not', null);
  if (f.kind) query = query.where('h.file_kind', '=', f.kind);
  if (f.temporaryOverdue !== undefined)
    query = query
      .where('h.file_kind', '=', 'temporary')
      .where('h.status', '=', 'active')
      .where(
        sql<boolean>`h.temporary_until ${sql.raw(f.temporaryOverdue ? '<' : '>=')} (now() at time zone 'Asia/Shanghai')::date`,
      );
  if (f.q) {
    // The search takes the path the text calls for, so that each is served by an index
    // (bench/README.md: an OR of them all scanned every member in the country).
    const text = f.q;
    const lower = text.toLowerCase().replace(/\s+/g, '');
    const { idNumber, phone } = f.qHash;
    if (idNumber)
      query = query.where('h.id', 'in', (eb) =>
        eb
          .selectFrom('household_members as m')
          .select('m.household_id')
          .where('m.id_number_hash', '=', idNumber)
          .where('m.removed_at', 'is', null),
      );
    else if (phone) query = query.where('h.phone_hash', '=', phone);
    else if (/^[a-z]+$/.test(lower)) {
      // Pinyin or its initials: prefix matches on "C"-collated, indexed columns.
      const prefix = `${escapeLike(lower)}%`;
      // A short prefix matches members all over the country (at L, "ly" is 54,000 of them):
      // below the root, the scope's files look up their own members (an index probe each:
      // a county of 992 files at L 13 ms instead of 360); nationwide, the members are
      // found by two index-only scans (a union, not an OR: an OR reads the members' rows).
      const isNationwide = f.scopePath.split('/').filter(Boolean).length <= 1;
      query = query.where((eb) =>
        eb.or([
          eb('h.head_name_initials', 'like', prefix),
          eb('h.head_name_pinyin', 'like', prefix),
          isNationwide
            ? eb(
                'h.id',
                'in',
                eb
                  .selectFrom('household_members as m')
                  .select('m.household_id')
                  .where('m.name_initials', 'like', prefix)
                  .where('m.removed_at', 'is', null)
                  .unionAll(
                    eb
                      .selectFrom('household_members as m')
                      .select('m.household_id')
                      .where('m.name_pinyin', 'like', prefix)
                      .where('m.removed_at', 'is', null),
                  ),
              )
            : eb.exists(
                eb
                  .selectFrom('household_members as m')
                  .select(sql`1`.as('one'))
                  .whereRef('m.household_id', '=', 'h.id')
                  .where('m.removed_at', 'is', null)
                  .where((m) =>
                    m.or([
                      m('m.name_initials', 'like', prefix),
                      m('m.name_pinyin', 'like', prefix),
                    ]),
                  ),
              ),
        ]),
      );
    } else {
      // A Chinese name or part of one: within the scope only.
      const contains = `%${escapeLike(text)}%`;
      query = query.where((eb) =>
        eb.or([
          eb('h.head_name', 'like', contains),
          eb.exists(
            eb
              .selectFrom('household_members as m')
              .select(sql`1`.as('one'))
              .whereRef('m.household_id', '=', 'h.id')
              .where('m.removed_at', 'is', null)
              .where('m.name', 'like', contains),
          ),
        ]),
      );
    }
  }
  const [sortColumn, direction] = sortSpec[f.sort];
  if (f.cursor) {
    const [value, id] = f.cursor;
    const op = direction === 'desc' ? '<' : '>';
    query =
      value === null
        ? query.where((eb) => eb.and([eb(sortColumn, 'is', null), eb('h.id', op, id)]))
        : query.where((eb) =>
            eb.or([
              eb(sortColumn, op, value),
              eb.and([eb(sortColumn, '=', value), eb('h.id', op, id)]),
              ...(direction === 'asc' ? [eb(sortColumn, 'is', null)] : []),
            ]),
          );
  }
  // `nulls last` also on the descending sorts (their columns are not null, so it changes
  // no order): it keeps PostgreSQL from walking households_updated_idx backwards and
  // reading a heap page per file of the whole country until 51 fall in the scope.
  const page = query
    .orderBy(sortColumn, (ob) => (direction === 'desc' ? ob.desc() : ob.asc()).nullsLast())
    .orderBy('h.id', direction)
    .limit(f.limit + 1);
  return conn
    .selectFrom('households as h')
    .innerJoin('org_nodes as n', 'n.id', 'h.node_id')
    .select([
      'h.id',
      'h.version',
      'h.status',
      'h.file_no',
      'h.case_status',
      'h.case_step',
      'h.file_kind',
      sql<string | null>`h.temporary_until::text`.as('temporary_until'),
      'h.node_id',
      'n.name as node_name',
      'h.region_code',
      'h.head_name',
      'h.head_name_pinyin',
      'h.head_id_number_masked',
      'h.phone_masked',
      'h.member_count',
      'h.standard_level',
      'h.main_cause',
      'h.head_work_status',
      'h.is_single_parent',
      'h.is_zero_employment',
      'h.category',
      'h.eligible',
      'h.per_capita_fen',
      'h.assessed_at',
      'h.created_at',
      'h.updated_at',
      // Exact keys for the keyset cursor (microseconds survive as text).
      sql<string>`h.updated_at::text`.as('updated_at_key'),
      sql<string>`h.created_at::text`.as('created_at_key'),
    ])
    .where('h.id', 'in', page)
    .orderBy(sortColumn, (ob) => (direction === 'desc' ? ob.desc() : ob.asc()).nullsLast())
    .orderBy('h.id', direction)
    .execute();
}

export type PageRow = Awaited<ReturnType<typeof selectHouseholdPage>>[number];

export const sortSpec = {
  updated_desc: ['h.updated_at', 'desc'],
  created_desc: ['h.created_at', 'desc'],
  name_asc: ['h.head_name_pinyin', 'asc'],
  per_capita_asc: ['h.per_capita_fen', 'asc'],
} as const;

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The audit snapshots of this file's saves after `version` (for a conflict's "what changed"). */
export async function selectChangesSince(conn: Conn, householdId: number, version: number) {
  return conn
    .selectFrom('audit_log as a')
    .select(['a.id', 'a.at', 'a.actor_username', 'a.before', 'a.after'])
    .where('a.entity_type', '=', 'household')
    .where('a.entity_id', '=', householdId)
    .where('a.action', 'in', ['household.updated'])
    .where(sql<boolean>`(a.after->>'version')::int > ${version}`)
    .orderBy('a.id')
    .execute();
}

/** Field history: every save and assessment of the file, newest first. */
export async function selectHistory(conn: Conn, householdId: number, beforeId: number | null) {
  let query = conn
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .select([
      'a.id',
      'a.at',
      'a.action',
      'a.actor_username',
      'u.display_name as actor_name',
      'a.details',
      'a.before',
      'a.after',
    ])
    .where('a.entity_type', '=', 'household')
    .where('a.entity_id', '=', householdId);
  if (beforeId) query = query.where('a.id', '<', beforeId);
  return query.orderBy('a.id', 'desc').limit(51).execute();
}

export async function selectNodeInScope(conn: Conn, scopePath: string, id: number) {
  return conn
    .selectFrom('org_nodes')
    .select(['id', 'path', 'name', 'is_active', 'region_code'])
    .where('id', '=', id)
    .where('path', 'like', `${scopePath}%`)
    .executeTakeFirst();
}

export async function assessmentHousehold(conn: Conn, assessmentId: number) {
  const r = await conn
    .selectFrom('household_assessments')
    .select('household_id')
    .where('id', '=', assessmentId)
    .executeTakeFirst();
  return r?.household_id ?? null;
}

/** The encrypted value of one sensitive field (scope checked by the caller). */
export async function selectSecret(
  conn: Conn,
  householdId: number,
  field: 'phone' | 'bankAccount' | 'idNumber' | 'diagnosis',
  memberId: number | null,
): Promise<string | null | undefined> {
  if (field === 'phone' || field === 'bankAccount') {
    const r = await conn
      .selectFrom('households')
      .select(field === 'phone' ? 'phone_enc as v' : 'bank_account_enc as v')
      .where('id', '=', householdId)
      .executeTakeFirst();
    return r?.v;
  }
  let query = conn
    .selectFrom('household_members')
    .select(field === 'idNumber' ? 'id_number_enc as v' : 'diagnosis_enc as v')
    .where('household_id', '=', householdId)
    .where('removed_at', 'is', null);
  query = memberId ? query.where('id', '=', memberId) : query.where('relation', '=', 'head');
  const r = await query.executeTakeFirst();
  return r?.v;
}

/** Counts of active files under a path: by category (null = unassessed), by main cause, flags. */
export async function selectFigures(conn: Conn, path: string) {
  const active = conn
    .selectFrom('households as h')
    .where('h.node_path', 'like', `${path}%`)
    .where('h.status', '=', 'active');
  const base = active.where('h.case_status', '=', 'registered');
  const [byCategory, byCause, flags] = [
    await base
      .select(['h.category', 'h.eligible', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['h.category', 'h.eligible'])
      .execute(),
    await base
      .select(['h.main_cause', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('h.main_cause')
      .execute(),
    await base
      .select([
        sql<number>`count(*) filter (where h.is_single_parent)`.as('single_parent'),
        sql<number>`count(*) filter (where h.is_zero_employment)`.as('zero_employment'),
        sql<number>`count(*) filter (where greatest(h.updated_at, coalesce(h.assessed_at, h.updated_at)) < now() - interval '1 year')`.as(
          'stale',
        ),
        sql<number>`count(*) filter (where h.provisional)`.as('provisional'),
      ])
      .executeTakeFirstOrThrow(),
  ];
  const applications = await active
    .where('h.case_status', '<>', 'registered')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { byCategory, byCause, flags, applications: Number(applications.n) };
}

// ---------------------------------------------------------------- many files at once (re-assessment)

/** Files by id with what `presentFile` needs (no scope: callers hold ids already in scope). */
export async function selectHouseholdsByIds(conn: Conn, ids: readonly number[]) {
  if (!ids.length) return [];
  return conn
    .selectFrom('households as h')
    .innerJoin('org_nodes as n', 'n.id', 'h.node_id')
    .leftJoin('users as cu', 'cu.id', 'h.created_by')
    .leftJoin('users as uu', 'uu.id', 'h.updated_by')
    .select(householdColumns)
    .select([
      'n.name as node_name',
      'cu.display_name as created_by_name',
      'uu.display_name as updated_by_name',
    ])
    .where('h.id', 'in', ids)
    .execute();
}

export async function selectMembersOf(conn: Conn, ids: readonly number[]) {
  if (!ids.length) return [];
  return conn
    .selectFrom('household_members as m')
    .select(memberColumns)
    .where('m.household_id', 'in', ids)
    .where('m.removed_at', 'is', null)
    .orderBy('m.household_id')
    .orderBy('m.sort')
    .execute();
}

export async function selectItemsOf(
  conn: Conn,
  table: 'household_incomes' | 'household_expenditures',
  ids: readonly number[],
) {
  if (!ids.length) return [];
  return conn
    .selectFrom(table)
    .select(['household_id', 'id', 'member_id', 'type', 'amount_fen', 'note'])
    .where('household_id', 'in', ids)
    .orderBy('household_id')
    .orderBy('sort')
    .execute();
}

export async function selectExclusionsOf(conn: Conn, ids: readonly number[]) {
  if (!ids.length) return [];
  return conn
    .selectFrom('household_exclusions')
    .select(['household_id', 'exclusion_id', 'answer', 'evidence'])
    .where('household_id', 'in', ids)
    .execute();
}

/** Stores many assessments in one statement; answers each one's id by household. */
export async function insertAssessments(
  conn: Conn,
  rows: Parameters<typeof insertAssessment>[1][],
): Promise<Map<number, number>> {
  if (!rows.length) return new Map();
  const inserted = await conn
    .insertInto('household_assessments')
    .values(rows)
    .returning(['id', 'household_id'])
    .execute();
  return new Map(inserted.map((r) => [r.household_id, r.id]));
}

/** Points many files at their latest assessment in one statement. */
export async function setLatestAssessments(
  conn: Conn,
  rows: {
    householdId: number;
    id: number;
    category: string | null;
    eligible: boolean;
    provisional: boolean;
    perCapitaFen: number;
  }[],
): Promise<void> {
  if (!rows.length) return;
  const json = JSON.stringify(
    rows.map((r) => ({
      household_id: r.householdId,
      id: r.id,
      category: r.category,
      eligible: r.eligible,
      provisional: r.provisional,
      per_capita_fen: r.perCapitaFen,
    })),
  );
  await sql`
    update households h set
      category = v.category, eligible = v.eligible, provisional = v.provisional,
      per_capita_fen = v.per_capita_fen, assessed_at = now(), last_assessment_id = v.id
    from json_to_recordset(${json}::json) as v(
      household_id bigint, id bigint, category text, eligible boolean,
      provisional boolean, per_capita_fen integer)
    where h.id = v.household_id`.execute(conn);
}

// ---------------------------------------------------------------- many new files at once (import)

/** The nodes of `ids` that lie in the caller's scope, by id (for `assertNodeForFile`). */
export async function selectNodesInScope(conn: Conn, scopePath: string, ids: readonly number[]) {
  if (!ids.length) return new Map<number, NodeRow>();
  const rows = await conn
    .selectFrom('org_nodes')
    .select(['id', 'path', 'name', 'is_active', 'region_code'])
    .where('id', 'in', ids)
    .where('path', 'like', `${scopePath}%`)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export type NodeRow = NonNullable<Awaited<ReturnType<typeof selectNodeInScope>>>;

type RecordsetTable =
  | 'households'
  | 'household_members'
  | 'household_incomes'
  | 'household_expenditures'
  | 'household_exclusions';

/**
 * `insert into t (cols) select cols from json_populate_recordset(null::t, $1)`:
 * any number of rows in one statement and one parameter (no 65,535-parameter
 * limit), the same SQL on PostgreSQL and PGlite. The rows have the same keys;
 * a jsonb column takes the JSON value itself, not its text.
 */
async function insertRecordset<R>(
  conn: Conn,
  table: RecordsetTable,
  rows: readonly Record<string, unknown>[],
  returning: readonly string[],
): Promise<R[]> {
  if (!rows.length) return [];
  const columns = sql.join(Object.keys(rows[0]!).map((c) => sql.ref(c)));
  const r = await sql<R>`
    insert into ${sql.table(table)} (${columns})
    select ${columns} from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)}::json)
    ${returning.length ? sql`returning ${sql.join(returning.map((c) => sql.ref(c)))}` : sql``}`.execute(
    conn,
  );
  return r.rows;
}

/**
 * Many new files in one statement. Answers each one's id by its head's ID-number
 * hash, which the caller keeps unique among the rows (one person, one active file).
 */
export async function insertHouseholds(
  conn: Conn,
  rows: (Insertable<HouseholdsTable> & { head_id_number_hash: string })[],
): Promise<Map<string, number>> {
  const inserted = await insertRecordset<{ id: number; head_id_number_hash: string }>(
    conn,
    'households',
    // The JSON columns arrive as JSON text (as the one-row insert binds them).
    rows.map((row) => ({
      ...row,
      accident: parseJson(row.accident),
      monthly_incomes: parseJson(row.monthly_incomes),
      migrant_worker: parseJson(row.migrant_worker),
    })),
    ['id', 'head_id_number_hash'],
  );
  return new Map(inserted.map((r) => [r.head_id_number_hash, Number(r.id)]));
}

function parseJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : (value ?? null);
}

/** Many new members in one statement; answers their ids by `household_id:sort`. */
export async function insertMembers(
  conn: Conn,
  rows: Insertable<HouseholdMembersTable>[],
): Promise<Map<string, number>> {
  const inserted = await insertRecordset<{ id: number; household_id: number; sort: number }>(
    conn,
    'household_members',
    rows,
    ['id', 'household_id', 'sort'],
  );
  return new Map(inserted.map((r) => [`${r.household_id}:${r.sort}`, Number(r.id)]));
}

/** The income or expenditure items of many new files in one statement. */
export async function insertItems(
  conn: Conn,
  table: 'household_incomes' | 'household_expenditures',
  rows: {
    household_id: number;
    sort: number;
    member_id: number | null;
    type: string;
    amount_fen: number;
    note: string | null;
  }[],
): Promise<void> {
  await insertRecordset(conn, table, rows, []);
}

/** The exclusion answers of many new files in one statement. */
export async function insertExclusions(
  conn: Conn,
  rows: {
    household_id: number;
    exclusion_id: string;
    answer: boolean | null;
    evidence: string | null;
  }[],
): Promise<void> {
  await insertRecordset(conn, 'household_exclusions', rows, []);
}
