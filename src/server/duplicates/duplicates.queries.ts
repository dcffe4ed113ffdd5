import { sql } from 'kysely';
import type { Conn } from '../db/database';
import type { DuplicateDecision, DuplicateKind } from '../../shared/households/duplicates';

/**
 * The only SQL of likely duplicates. A group's key is found among the active
 * files in the caller's scope (`node_path LIKE scope || '%'`); files outside
 * the scope that share it are only counted.
 */

/** Most keys of one kind looked at in one go: beyond it the list says it is truncated. */
export const maxGroupsPerKind = 1000;

export type GroupRow = {
  /** name_birth: the name and birth date; phone, bank_account: the stored hash. */
  name: string | null;
  birth_date: string | null;
  key_hash: string | null;
  /** Masked phone or account of one in-scope file (name_birth: null). */
  masked: string | null;
  in_scope_ids: number[];
  outside_count: number;
};

/** name_birth groups: the same name and birth date in two or more active files of the scope. */
export async function selectNameBirthGroups(conn: Conn, scopePath: string): Promise<GroupRow[]> {
  const scope = `${scopePath}%`;
  const { rows } = await sql<GroupRow>`
    with keys as (
      select m.name, m.birth_date
      from household_members m
      join households h on h.id = m.household_id
      where h.status = 'active' and m.removed_at is null and h.node_path like ${scope}
      group by m.name, m.birth_date
      having count(distinct h.id) >= 2
      order by m.name, m.birth_date
      limit ${maxGroupsPerKind + 1}
    )
    select k.name, to_char(k.birth_date, 'YYYY-MM-DD') as birth_date,
      null::text as key_hash, null::text as masked,
      array_agg(distinct h.id) filter (where h.node_path like ${scope}) as in_scope_ids,
      count(distinct h.id) filter (where h.node_path not like ${scope})::int as outside_count
    from keys k
    join household_members m on m.name = k.name and m.birth_date = k.birth_date
      and m.removed_at is null
    join households h on h.id = m.household_id and h.status = 'active'
    group by k.name, k.birth_date
    order by k.name, k.birth_date`.execute(conn);
  return rows;
}

/** phone or bank_account groups: the same keyed hash on two or more active files of the scope. */
export async function selectHashGroups(
  conn: Conn,
  scopePath: string,
  kind: 'phone' | 'bank_account',
): Promise<GroupRow[]> {
  const scope = `${scopePath}%`;
  const hash = sql.ref(kind === 'phone' ? 'h.phone_hash' : 'h.bank_account_hash');
  const masked = sql.ref(kind === 'phone' ? 'h.phone_masked' : 'h.bank_account_masked');
  const { rows } = await sql<GroupRow>`
    with keys as (
      select ${hash} as key_hash, min(${masked}) as masked
      from households h
      where h.status = 'active' and ${hash} is not null and h.node_path like ${scope}
      group by ${hash}
      having count(*) >= 2
      order by 1
      limit ${maxGroupsPerKind + 1}
    )
    select null::text as name, null::text as birth_date, k.key_hash, k.masked,
      array_agg(h.id order by h.id) filter (where h.node_path like ${scope}) as in_scope_ids,
      count(*) filter (where h.node_path not like ${scope})::int as outside_count
    from keys k
    join households h on ${hash} = k.key_hash and h.status = 'active'
    group by k.key_hash, k.masked
    order by k.masked, k.key_hash`.execute(conn);
  return rows;
}

export type FileRow = {
  id: number;
  head_name: string;
  head_id_number_masked: string | null;
  node_id: number;
  node_name: string;
  category: string | null;
  updated_at: Date;
};

/** The listed files, in scope only. */
export async function selectFiles(
  conn: Conn,
  scopePath: string,
  ids: number[],
): Promise<FileRow[]> {
  if (!ids.length) return [];
  return conn
    .selectFrom('households as h')
    .innerJoin('org_nodes as n', 'n.id', 'h.node_id')
    .select([
      'h.id',
      'h.head_name',
      'h.head_id_number_masked',
      'h.node_id',
      'n.name as node_name',
      'h.category',
      'h.updated_at',
    ])
    .where('h.id', 'in', ids)
    .where('h.node_path', 'like', `${scopePath}%`)
    .execute();
}

export type MatchedMemberRow = {
  household_id: number;
  name: string;
  birth_date: string;
  relation: string;
};

/** name_birth: which member of each listed file matched (current members of scoped files). */
export async function selectMatchedMembers(
  conn: Conn,
  scopePath: string,
  ids: number[],
): Promise<MatchedMemberRow[]> {
  if (!ids.length) return [];
  return conn
    .selectFrom('household_members as m')
    .innerJoin('households as h', 'h.id', 'm.household_id')
    .select([
      'm.household_id',
      'm.name',
      sql<string>`to_char(m.birth_date, 'YYYY-MM-DD')`.as('birth_date'),
      'm.relation',
    ])
    .where('m.household_id', 'in', ids)
    .where('m.removed_at', 'is', null)
    .where('h.node_path', 'like', `${scopePath}%`)
    .orderBy('m.sort')
    .execute();
}

export type ReviewRow = {
  id: number;
  kind: string;
  key_hash: string;
  decision: string;
  note: string | null;
  decided_at: Date;
  decided_by_name: string | null;
  household_ids: number[];
};

export async function selectReviews(
  conn: Conn,
  keys: { kind: DuplicateKind; keyHash: string }[],
): Promise<ReviewRow[]> {
  if (!keys.length) return [];
  return conn
    .selectFrom('duplicate_reviews as r')
    .leftJoin('users as u', 'u.id', 'r.decided_by')
    .select([
      'r.id',
      'r.kind',
      'r.key_hash',
      'r.decision',
      'r.note',
      'r.decided_at',
      sql<string | null>`coalesce(u.display_name, u.username)`.as('decided_by_name'),
      // As JSON: an int8 array would come back as strings.
      sql<number[]>`array_to_json(r.household_ids)`.as('household_ids'),
    ])
    .where('r.key_hash', 'in', [...new Set(keys.map((k) => k.keyHash))])
    .execute();
}

/** Inserts or replaces the decision on a group; returns its id. */
export async function upsertReview(
  conn: Conn,
  row: {
    kind: DuplicateKind;
    key_hash: string;
    decision: DuplicateDecision;
    note: string | null;
    decided_by: number;
    household_ids: number[];
  },
): Promise<number> {
  // decided_at is insert-only in the schema types; a new decision is a new moment.
  const { rows } = await sql<{ id: number }>`
    insert into duplicate_reviews (kind, key_hash, decision, note, decided_by, household_ids)
    values (${row.kind}, ${row.key_hash}, ${row.decision}, ${row.note}, ${row.decided_by},
      ${`{${row.household_ids.join(',')}}`}::bigint[])
    on conflict (kind, key_hash) do update set decision = excluded.decision,
      note = excluded.note, decided_by = excluded.decided_by, decided_at = now(),
      household_ids = excluded.household_ids
    returning id`.execute(conn);
  return Number(rows[0]!.id);
}
