import { sql } from 'kysely';
import type { Conn } from '../db/database';

/**
 * The only SQL of the household import. Reads for users filter by the import's
 * `node_path LIKE scope || '%'`. The reads of households and members below are
 * the set-based look-ups the dry run needs for a whole batch at once (who holds
 * these ID numbers, which files these heads already have); every write to a
 * household goes through the households service.
 */

export async function insertImport(
  conn: Conn,
  row: {
    node_id: number;
    node_path: string;
    file_name: string;
    file_path: string;
    file_kind: 'xlsx' | 'csv';
    file_size: number;
    mode: string;
    created_by: number;
  },
): Promise<number> {
  const r = await conn.insertInto('imports').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

const importColumns = [
  'i.id',
  'i.node_id',
  'i.node_path',
  'i.file_name',
  'i.file_path',
  'i.file_kind',
  'i.file_size',
  'i.mode',
  'i.status',
  'i.rows_read',
  'i.summary',
  'i.error',
  'i.job_id',
  'i.created_by',
  'i.created_at',
  'i.heartbeat_at',
] as const;

function importsWithNames(conn: Conn) {
  return conn
    .selectFrom('imports as i')
    .innerJoin('org_nodes as n', 'n.id', 'i.node_id')
    .leftJoin('users as u', 'u.id', 'i.created_by')
    .leftJoin('jobs as j', 'j.id', 'i.job_id')
    .select([
      ...importColumns,
      'n.name as node_name',
      'u.display_name as created_by_name',
      'u.username as created_by_username',
      'j.status as job_status',
      'j.progress_done as job_done',
      'j.progress_total as job_total',
      'j.result as job_result',
    ]);
}

export type ImportRow = NonNullable<Awaited<ReturnType<typeof selectImport>>>;

/** One import (no scope: the job's and the validator's view). */
export async function selectImport(conn: Conn, id: number) {
  return importsWithNames(conn).where('i.id', '=', id).executeTakeFirst();
}

export async function selectImportInScope(conn: Conn, scopePath: string, id: number) {
  return importsWithNames(conn)
    .where('i.id', '=', id)
    .where('i.node_path', 'like', `${scopePath}%`)
    .executeTakeFirst();
}

export async function selectImportsInScope(conn: Conn, scopePath: string, limit: number) {
  return importsWithNames(conn)
    .where('i.node_path', 'like', `${scopePath}%`)
    .orderBy('i.id', 'desc')
    .limit(limit)
    .execute();
}

export async function selectImportStatus(conn: Conn, id: number): Promise<string | undefined> {
  const r = await conn
    .selectFrom('imports')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirst();
  return r?.status;
}

export async function lockImport(conn: Conn, id: number) {
  return conn
    .selectFrom('imports')
    .select(['id', 'status', 'job_id', 'node_id', 'node_path', 'mode'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateImport(
  conn: Conn,
  id: number,
  fields: {
    status?: string;
    rows_read?: number;
    summary?: unknown;
    error?: string | null;
    job_id?: number;
    validated_at?: string;
  },
  onlyIfStatus?: string,
): Promise<boolean> {
  let q = conn
    .updateTable('imports')
    .set({
      ...fields,
      ...(fields.summary !== undefined ? { summary: JSON.stringify(fields.summary) } : {}),
      heartbeat_at: new Date().toISOString(),
    })
    .where('id', '=', id);
  if (onlyIfStatus) q = q.where('status', '=', onlyIfStatus);
  const r = await q.executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

/** Clears what an earlier (interrupted) check of this import staged. */
export async function clearStaging(conn: Conn, importId: number): Promise<void> {
  await conn.deleteFrom('import_errors').where('import_id', '=', importId).execute();
  await conn.deleteFrom('import_households').where('import_id', '=', importId).execute();
  await conn.deleteFrom('import_rows').where('import_id', '=', importId).execute();
}

export type StagedRow = {
  import_id: number;
  seq: number;
  sheet: string;
  row_no: number;
  is_head: boolean;
  head_hash: string;
  person_hash: string | null;
  has_errors: boolean;
  payload_enc: string;
};

export async function insertStagedRows(conn: Conn, rows: StagedRow[]): Promise<void> {
  if (rows.length) await conn.insertInto('import_rows').values(rows).execute();
}

export type ErrorRow = {
  import_id: number;
  sheet: string;
  row_no: number;
  column_key: string | null;
  column_label: string | null;
  message: string;
};

export async function insertErrors(conn: Conn, rows: ErrorRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000)
    await conn
      .insertInto('import_errors')
      .values(rows.slice(i, i + 1000))
      .execute();
}

/**
 * Rows repeating an earlier row of the file: a head row whose head ID number
 * came before (kind 'head'), or a person whose ID number came before in any
 * row (kind 'person'). One set-based pass over the staged file.
 */
export async function selectRepeats(conn: Conn, importId: number) {
  const r = await sql<{
    seq: number;
    sheet: string;
    row_no: number;
    kind: 'head' | 'person';
    first_sheet: string;
    first_row: number;
  }>`
    with heads as (
      select seq, sheet, row_no,
        first_value(sheet) over w as first_sheet, first_value(row_no) over w as first_row,
        row_number() over w as rn
      from import_rows where import_id = ${importId} and is_head
      window w as (partition by head_hash order by seq)
    ), people as (
      select seq, sheet, row_no,
        first_value(sheet) over w as first_sheet, first_value(row_no) over w as first_row,
        row_number() over w as rn
      from import_rows where import_id = ${importId} and person_hash is not null
      window w as (partition by person_hash order by seq)
    )
    select seq, sheet, row_no, 'head' as kind, first_sheet, first_row from heads where rn > 1
    union all
    select p.seq, p.sheet, p.row_no, 'person', p.first_sheet, p.first_row from people p
    where p.rn > 1 and not exists (select 1 from heads h where h.seq = p.seq and h.rn > 1)
    order by seq`.execute(conn);
  return r.rows;
}

/** Marks rows as wrong (and repeated head rows as never to import). */
export async function flagRows(conn: Conn, importId: number, seqs: number[], isRepeat: boolean) {
  for (let i = 0; i < seqs.length; i += 1000)
    await conn
      .updateTable('import_rows')
      .set({ has_errors: true, ...(isRepeat ? { is_repeat: true } : {}) })
      .where('import_id', '=', importId)
      .where('seq', 'in', seqs.slice(i, i + 1000))
      .execute();
}

/** Member rows whose head's ID number has no head row in the file. */
export async function selectOrphanMembers(conn: Conn, importId: number) {
  return conn
    .selectFrom('import_rows as r')
    .select(['r.seq', 'r.sheet', 'r.row_no'])
    .where('r.import_id', '=', importId)
    .where('r.is_head', '=', false)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('import_rows as h')
            .select(sql`1`.as('one'))
            .whereRef('h.import_id', '=', 'r.import_id')
            .whereRef('h.head_hash', '=', 'r.head_hash')
            .where('h.is_head', '=', true)
            .where('h.is_repeat', '=', false),
        ),
      ),
    )
    .orderBy('r.seq')
    .execute();
}

/** The next heads (first head row per hash) after `afterSeq`, in file order. */
export async function selectHeadBatch(
  conn: Conn,
  importId: number,
  afterSeq: number,
  limit: number,
) {
  return sql<StagedRow>`
    select r.* from import_rows r
    where r.import_id = ${importId} and r.is_head and not r.is_repeat and r.seq > ${afterSeq}
    order by r.seq limit ${limit}`
    .execute(conn)
    .then((r) => r.rows);
}

export async function selectMemberRows(conn: Conn, importId: number, headHashes: string[]) {
  if (!headHashes.length) return [];
  return conn
    .selectFrom('import_rows')
    .selectAll()
    .where('import_id', '=', importId)
    .where('is_head', '=', false)
    .where('head_hash', 'in', headHashes)
    .orderBy('seq')
    .execute();
}

/** Rows of these households that carry errors (the household is rejected). */
export async function selectRowsWithErrors(conn: Conn, importId: number, headHashes: string[]) {
  if (!headHashes.length) return [];
  return conn
    .selectFrom('import_rows')
    .select(['head_hash'])
    .distinct()
    .where('import_id', '=', importId)
    .where('head_hash', 'in', headHashes)
    .where('has_errors', '=', true)
    .execute();
}

/** Active files whose head has one of these ID numbers (anywhere: scope is judged by the caller). */
export async function selectFilesByHead(conn: Conn, headHashes: string[]) {
  if (!headHashes.length) return [];
  return conn
    .selectFrom('households as h')
    .leftJoin('household_import_digests as d', 'd.household_id', 'h.id')
    .select([
      'h.id',
      'h.node_path',
      'h.version',
      'h.head_id_number_hash',
      'd.digest',
      'd.version as digest_version',
    ])
    .where('h.head_id_number_hash', 'in', headHashes)
    .where('h.status', '=', 'active')
    .execute();
}

/** Who holds these ID numbers in an active file (one person, one active file). */
export async function selectActiveHolders(conn: Conn, hashes: string[]) {
  if (!hashes.length) return [];
  return conn
    .selectFrom('household_members as m')
    .innerJoin('households as h', 'h.id', 'm.household_id')
    .innerJoin('org_nodes as n', 'n.id', 'h.node_id')
    .select(['m.active_id_number_hash as hash', 'h.id as household_id', 'n.name as node_name'])
    .where('m.active_id_number_hash', 'in', hashes)
    .execute();
}

export type ImportHouseholdRow = {
  import_id: number;
  seq: number;
  head_hash: string;
  outcome: 'new' | 'changed' | 'unchanged' | 'rejected';
  household_id: number | null;
  digest: string | null;
  input_enc: string | null;
  category: string | null;
};

export async function insertImportHouseholds(conn: Conn, rows: ImportHouseholdRow[]) {
  if (rows.length) await conn.insertInto('import_households').values(rows).execute();
}

export async function selectSummaryCounts(conn: Conn, importId: number) {
  const outcomes = await conn
    .selectFrom('import_households')
    .select(['outcome', sql<number>`count(*)::int`.as('n')])
    .where('import_id', '=', importId)
    .groupBy('outcome')
    .execute();
  const categories = await conn
    .selectFrom('import_households')
    .select([
      sql<string>`coalesce(category, 'unassessed')`.as('category'),
      sql<number>`count(*)::int`.as('n'),
    ])
    .where('import_id', '=', importId)
    .where('outcome', 'in', ['new', 'changed'])
    .groupBy('category')
    .execute();
  const rejectedRows = await conn
    .selectFrom('import_errors')
    .select(sql<number>`count(distinct (sheet, row_no))::int`.as('n'))
    .where('import_id', '=', importId)
    .executeTakeFirstOrThrow();
  return { outcomes, categories, rejectedRows: rejectedRows.n };
}

export async function selectErrors(conn: Conn, importId: number, limit: number) {
  return conn
    .selectFrom('import_errors')
    .select(['sheet', 'row_no', 'column_key', 'column_label', 'message'])
    .where('import_id', '=', importId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function countErrors(conn: Conn, importId: number): Promise<number> {
  const r = await conn
    .selectFrom('import_errors')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('import_id', '=', importId)
    .executeTakeFirstOrThrow();
  return r.n;
}

export type SheetError = {
  sheet: string;
  row_no: number;
  column_key: string | null;
  message: string;
};

/** Every error of an import, by sheet and row (for the error report). */
export async function selectAllErrors(conn: Conn, importId: number): Promise<SheetError[]> {
  return conn
    .selectFrom('import_errors')
    .select(['sheet', 'row_no', 'column_key', 'message'])
    .where('import_id', '=', importId)
    .orderBy('sheet')
    .orderBy('row_no')
    .orderBy('id')
    .execute();
}

/** The commit's next households to write, after the cursor. */
export async function selectCommitBatch(
  conn: Conn,
  importId: number,
  afterSeq: number,
  limit: number,
) {
  return conn
    .selectFrom('import_households')
    .select(['seq', 'head_hash', 'outcome', 'household_id', 'digest', 'input_enc'])
    .where('import_id', '=', importId)
    .where('seq', '>', afterSeq)
    .where('outcome', 'in', ['new', 'changed'])
    .orderBy('seq')
    .limit(limit)
    .execute();
}

export async function countToCommit(conn: Conn, importId: number): Promise<number> {
  const r = await conn
    .selectFrom('import_households')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('import_id', '=', importId)
    .where('outcome', 'in', ['new', 'changed'])
    .executeTakeFirstOrThrow();
  return r.n;
}

export async function markCommitted(
  conn: Conn,
  importId: number,
  seq: number,
  committed: 'created' | 'updated' | 'failed',
  householdId: number | null,
) {
  await conn
    .updateTable('import_households')
    .set({ committed, household_id: householdId })
    .where('import_id', '=', importId)
    .where('seq', '=', seq)
    .execute();
}

/** What this import wrote to a file: the next identical import leaves it alone. */
export async function upsertDigest(
  conn: Conn,
  row: { household_id: number; digest: string; version: number; import_id: number },
) {
  await conn
    .insertInto('household_import_digests')
    .values(row)
    .onConflict((oc) =>
      oc.column('household_id').doUpdateSet({
        digest: row.digest,
        version: row.version,
        import_id: row.import_id,
      }),
    )
    .execute();
}

export async function selectHouseholdVersion(conn: Conn, id: number) {
  const r = await conn
    .selectFrom('households')
    .select('version')
    .where('id', '=', id)
    .executeTakeFirst();
  return r?.version;
}

export async function selectNodeInScope(conn: Conn, scopePath: string, id: number) {
  return conn
    .selectFrom('org_nodes')
    .select(['id', 'path', 'name', 'is_active'])
    .where('id', '=', id)
    .where('path', 'like', `${scopePath}%`)
    .executeTakeFirst();
}

export async function selectUserActor(conn: Conn, userId: number) {
  return conn
    .selectFrom('users as u')
    .innerJoin('org_nodes as n', 'n.id', 'u.node_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.node_id', 'n.path'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

/** Checks left running by a process that died (no heartbeat for `staleSeconds`). */
export async function selectStaleChecks(conn: Conn, staleSeconds: number) {
  return conn
    .selectFrom('imports')
    .select('id')
    .where('status', '=', 'validating')
    .where(sql<boolean>`heartbeat_at < now() - make_interval(secs => ${staleSeconds})`)
    .execute();
}

/** The head row (sheet and row) of a staged household, for a message at commit. */
export async function selectHeadRow(conn: Conn, importId: number, headHash: string) {
  return conn
    .selectFrom('import_rows')
    .select(['sheet', 'row_no'])
    .where('import_id', '=', importId)
    .where('head_hash', '=', headHash)
    .where('is_head', '=', true)
    .where('is_repeat', '=', false)
    .executeTakeFirst();
}

/** An active user by login name, with what an import run from the command line acts as. */
export async function selectActiveUserByName(conn: Conn, username: string) {
  return conn
    .selectFrom('users as u')
    .innerJoin('org_nodes as n', 'n.id', 'u.node_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.node_id', 'u.roles', 'n.path'])
    .where('u.username', '=', username)
    .where('u.is_active', '=', true)
    .where('n.is_active', '=', true)
    .executeTakeFirst();
}

/** A file's current members by the keyed hash of their ID numbers (to keep them on update). */
export async function selectMemberIdHashes(conn: Conn, householdId: number) {
  return conn
    .selectFrom('household_members')
    .select(['id', 'id_number_hash'])
    .where('household_id', '=', householdId)
    .where('removed_at', 'is', null)
    .execute();
}

/** The keyed hashes of these files' phone, bank account and current members' ID numbers. */
export async function selectStoredHashes(conn: Conn, householdIds: number[]) {
  if (!householdIds.length) return { households: [], members: [] };
  const households = await conn
    .selectFrom('households')
    .select(['id', 'phone_hash', 'bank_account_hash'])
    .where('id', 'in', householdIds)
    .execute();
  const members = await conn
    .selectFrom('household_members')
    .select(['id', 'household_id', 'id_number_hash'])
    .where('household_id', 'in', householdIds)
    .where('removed_at', 'is', null)
    .execute();
  return { households, members };
}

// ---------------------------------------------------------------- the commit's new files, in one statement each

/** The versions of these files, by id. */
export async function selectHouseholdVersions(conn: Conn, ids: readonly number[]) {
  if (!ids.length) return new Map<number, number>();
  const rows = await conn
    .selectFrom('households')
    .select(['id', 'version'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.version]));
}

/** `upsertDigest` of many files (each once) in one statement. */
export async function upsertDigests(
  conn: Conn,
  rows: { household_id: number; digest: string; version: number; import_id: number }[],
) {
  if (!rows.length) return;
  await conn
    .insertInto('household_import_digests')
    .values(rows)
    .onConflict((oc) =>
      oc.column('household_id').doUpdateSet((eb) => ({
        digest: eb.ref('excluded.digest'),
        version: eb.ref('excluded.version'),
        import_id: eb.ref('excluded.import_id'),
      })),
    )
    .execute();
}

/** `markCommitted` of many rows of one import in one statement. */
export async function markCommittedMany(
  conn: Conn,
  importId: number,
  rows: { seq: number; committed: 'created' | 'updated' | 'failed'; household_id: number | null }[],
) {
  if (!rows.length) return;
  await sql`
    update import_households i set committed = v.committed, household_id = v.household_id
    from json_to_recordset(${JSON.stringify(rows)}::json) as v(seq integer, committed text, household_id bigint)
    where i.import_id = ${importId} and i.seq = v.seq`.execute(conn);
}
