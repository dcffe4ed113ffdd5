import { sql, type RawBuilder } from 'kysely';
import type { Conn } from '../db/database';
import type { ReportChange } from '../../shared/reports/report';

/**
 * The only SQL of reporting up (逐级上报). A node's report covers the files of
 * its subtree (`node_path LIKE path || '%'`) whose change_seq is above the
 * node's previous submission, read through households_change_seq_idx.
 */

export async function selectNodeInScope(conn: Conn, scopePath: string, id: number) {
  return conn
    .selectFrom('org_nodes')
    .select(['id', 'name', 'code', 'path', 'is_active'])
    .where('id', '=', id)
    .where('path', 'like', `${scopePath}%`)
    .executeTakeFirst();
}

/**
 * Locks the node's row: two submissions of one node run one after the other.
 * NO KEY UPDATE, not UPDATE: a file being written under the node takes a key
 * share on it (the foreign key) and must not wait for us while we wait for it.
 */
export async function lockNode(conn: Conn, id: number): Promise<void> {
  await conn.selectFrom('org_nodes').select('id').where('id', '=', id).forNoKeyUpdate().execute();
}

/**
 * Waits for every transaction that is writing household files, and holds them
 * off until this one commits: no change_seq below the new mark can still be on
 * its way (a sequence value is taken before its transaction commits, so without
 * this a change committed just after the report could fall below its mark and
 * never be reported).
 */
export async function holdHouseholdWrites(conn: Conn): Promise<void> {
  await sql`lock table households in share mode`.execute(conn);
}

export async function selectLastSubmission(conn: Conn, nodeId: number) {
  return conn
    .selectFrom('report_submissions')
    .select(['id', 'submitted_at', 'up_to_seq'])
    .where('node_id', '=', nodeId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The head's name masked like maskPersonName (src/shared/reports/mask-name.ts). */
const maskedHeadName = sql<string>`case
  when char_length(btrim(h.head_name)) <= 1 then btrim(h.head_name)
  when char_length(btrim(h.head_name)) = 2 then left(btrim(h.head_name), 1) || '*'
  else left(btrim(h.head_name), 1) || repeat('*', char_length(btrim(h.head_name)) - 2)
    || right(btrim(h.head_name), 1)
end`;

/**
 * The files a node would report now: in its subtree, changed since `afterSeq`,
 * registered (or exited), each classified and with its masked snapshot.
 */
function changedFiles(node: { id: number; path: string }, afterSeq: number): RawBuilder<unknown> {
  return sql`
    select h.id as household_id,
      case
        when h.status = 'exited' then 'exited'
        when not exists (
          select 1 from report_submission_items i
            join report_submissions s on s.id = i.submission_id
          where i.household_id = h.id and s.node_id = ${node.id}
        ) then 'new'
        else 'changed'
      end as change,
      h.change_seq,
      jsonb_build_object(
        'fileNo', h.file_no,
        'headNameMasked', ${maskedHeadName},
        'category', h.category,
        'status', h.status,
        'caseStatus', h.case_status,
        'fileKind', h.file_kind,
        'nodeName', n.name,
        'memberCount', h.member_count
      ) as snapshot
    from households h
      join org_nodes n on n.id = h.node_id
    where h.node_path like ${`${node.path}%`}
      and h.change_seq > ${afterSeq}
      and (h.case_status = 'registered' or h.status = 'exited')`;
}

/** Counts by kind of what the node would report now. */
export async function countPending(
  conn: Conn,
  node: { id: number; path: string },
  afterSeq: number,
): Promise<Record<ReportChange, number>> {
  const r = await sql<{ new: number; changed: number; exited: number }>`
    select count(*) filter (where change = 'new')::int as new,
      count(*) filter (where change = 'changed')::int as changed,
      count(*) filter (where change = 'exited')::int as exited
    from (${changedFiles(node, afterSeq)}) f`.execute(conn);
  return r.rows[0]!;
}

/**
 * One statement: the submission row and its items from one reading of the
 * changed files; the mark is the highest change_seq reported (or the previous
 * mark when nothing changed).
 */
export async function insertSubmission(
  conn: Conn,
  row: {
    node: { id: number; path: string };
    afterSeq: number;
    note: string | null;
    userId: number;
  },
): Promise<number> {
  const r = await sql<{ id: number }>`
    with f as materialized (${changedFiles(row.node, row.afterSeq)}),
    sub as (
      insert into report_submissions
        (node_id, node_path, note, up_to_seq, new_count, changed_count, exited_count, submitted_by)
      select ${row.node.id}, ${row.node.path}, ${row.note},
        coalesce((select max(change_seq) from f), ${row.afterSeq}),
        (select count(*) from f where change = 'new'),
        (select count(*) from f where change = 'changed'),
        (select count(*) from f where change = 'exited'),
        ${row.userId}
      returning id
    ),
    items as (
      insert into report_submission_items (submission_id, household_id, change, change_seq, snapshot)
      select sub.id, f.household_id, f.change, f.change_seq, f.snapshot from f, sub
    )
    select id from sub`.execute(conn);
  return Number(r.rows[0]!.id);
}

function submissionBase(conn: Conn) {
  return conn
    .selectFrom('report_submissions as s')
    .innerJoin('org_nodes as n', 'n.id', 's.node_id')
    .leftJoin('users as u', 'u.id', 's.submitted_by')
    .select([
      's.id',
      's.node_id',
      'n.name as node_name',
      'n.code as node_code',
      's.note',
      's.up_to_seq',
      's.new_count',
      's.changed_count',
      's.exited_count',
      'u.display_name as submitted_by_name',
      's.submitted_at',
    ]);
}

export type SubmissionRow = Awaited<ReturnType<typeof selectSubmissionInScope>> & {};

export async function selectSubmissionInScope(conn: Conn, scopePath: string, id: number) {
  return submissionBase(conn)
    .where('s.id', '=', id)
    .where('s.node_path', 'like', `${scopePath}%`)
    .executeTakeFirst();
}

/** Submissions of nodes under `path`, newest first. */
export async function selectSubmissions(
  conn: Conn,
  f: { path: string; limit: number; before: number | undefined },
) {
  let query = submissionBase(conn).where('s.node_path', 'like', `${f.path}%`);
  if (f.before) query = query.where('s.id', '<', f.before);
  return query
    .orderBy('s.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

/** Items of a submission (its scope checked by the caller), by household id. */
export async function selectItems(
  conn: Conn,
  f: { submissionId: number; change: ReportChange | undefined; limit: number; after: number },
) {
  let query = conn
    .selectFrom('report_submission_items')
    .select(['household_id', 'change', 'change_seq', 'snapshot'])
    .where('submission_id', '=', f.submissionId)
    .where('household_id', '>', f.after);
  if (f.change) query = query.where('change', '=', f.change);
  return query
    .orderBy('household_id')
    .limit(f.limit + 1)
    .execute();
}
