import { sql } from 'kysely';
import type { Conn } from '../db/database';
import type { ReviewTaskQuery } from '../../shared/reviews/review-round';

/**
 * The only SQL of annual review rounds (年度复核). Rounds carry their node's
 * path; tasks are scoped through their household's node_path, so a caller
 * below the round's node sees and counts only the files of their own subtree.
 */

/** Serialises the opening of rounds: two at once cannot both take one file. */
const openRoundLock = 4_202_611;

export async function lockRoundOpening(conn: Conn): Promise<void> {
  await sql`select pg_advisory_xact_lock(${openRoundLock})`.execute(conn);
}

export async function selectNodeInScope(conn: Conn, scopePath: string, nodeId: number) {
  return conn
    .selectFrom('org_nodes')
    .select(['id', 'path', 'name', 'parent_id', 'is_active'])
    .where('id', '=', nodeId)
    .where('path', 'like', `${scopePath}%`)
    .executeTakeFirst();
}

/** The region of a node: its own code, else its nearest ancestor's. */
export async function selectNodeRegion(conn: Conn, path: string): Promise<string | null> {
  const row = await conn
    .selectFrom('org_nodes')
    .select('region_code')
    .where(sql<boolean>`${path} like path || '%'`)
    .where('region_code', 'is not', null)
    .orderBy(sql`length(path)`, 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.region_code ?? null;
}

/** An open round whose subtree holds the whole of `path` (the same node or one above it). */
export async function selectCoveringOpenRound(conn: Conn, path: string) {
  return conn
    .selectFrom('review_rounds as r')
    .innerJoin('org_nodes as n', 'n.id', 'r.node_id')
    .select(['r.id', 'r.name', 'n.name as node_name'])
    .where('r.status', '=', 'open')
    .where(sql<boolean>`${path} like r.node_path || '%'`)
    .orderBy('r.id')
    .executeTakeFirst();
}

/** The files a round would take: registered, active, regular, in the subtree. */
function filesToReview(conn: Conn, path: string) {
  return conn
    .selectFrom('households as h')
    .where('h.node_path', 'like', `${path}%`)
    .where('h.status', '=', 'active')
    .where('h.case_status', '=', 'registered')
    .where('h.file_kind', '=', 'regular');
}

/** The regions of the files a round would take (each has its own re-application months). */
export async function selectFileRegions(conn: Conn, path: string): Promise<string[]> {
  const rows = await filesToReview(conn, path).select('h.region_code').distinct().execute();
  return rows.map((r) => r.region_code);
}

/** Files of the subtree that already have a task in an open round. */
export async function countFilesInOpenRounds(conn: Conn, path: string): Promise<number> {
  const row = await filesToReview(conn, path)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('review_tasks as t')
          .innerJoin('review_rounds as r', 'r.id', 't.round_id')
          .select(sql`1`.as('one'))
          .whereRef('t.household_id', '=', 'h.id')
          .where('r.status', '=', 'open'),
      ),
    )
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function insertRound(
  conn: Conn,
  row: {
    node_id: number;
    node_path: string;
    name: string;
    period_start: string;
    period_end: string;
    sample_share: number;
    sample_seed: string;
    opened_by: number;
  },
): Promise<number> {
  const r = await conn
    .insertInto('review_rounds')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/**
 * Creates every task of a new round in one statement: each registered, active,
 * regular file of the subtree not already in another open round. The sample
 * rank is hex SHA-256 of `seed:householdId`; the ceil(n × share) lowest ranks
 * are the sample. A file needs re-application when it was registered (or last
 * re-applied at a review) more than its region's months before the period start.
 */
export async function insertTasks(
  conn: Conn,
  round: { id: number; path: string; seed: string; share: number; periodStart: string },
  reapplyMonths: { regionCode: string; months: number }[],
): Promise<{ tasks: number; sample: number }> {
  const months = sql.join(reapplyMonths.map((m) => sql`(${m.regionCode}::text, ${m.months}::int)`));
  await sql`
    insert into review_tasks (round_id, household_id, in_sample, sample_rank, needs_reapplication)
    select ${round.id}::bigint, s.id, s.pos <= ceil(s.n * ${round.share}::numeric), s.rank, s.needs
    from (
      select f.id, f.rank, f.needs,
        row_number() over (order by f.rank collate "C", f.id) as pos,
        count(*) over () as n
      from (
        select h.id,
          encode(sha256(convert_to(${round.seed} || ':' || h.id::text, 'UTF8')), 'hex') as rank,
          greatest(
            (coalesce(h.registered_at, h.created_at) at time zone 'Asia/Shanghai')::date,
            ra.last_on
          ) < (${round.periodStart}::date - make_interval(months => m.months))::date as needs
        from households h
        join (values ${months}) as m(region_code, months) on m.region_code = h.region_code
        left join (
          select t.household_id, max((t.done_at at time zone 'Asia/Shanghai')::date) as last_on
          from review_tasks t
          where t.status = 'kept' and t.needs_reapplication
          group by t.household_id
        ) ra on ra.household_id = h.id
        where h.node_path like ${`${round.path}%`}
          and h.status = 'active' and h.case_status = 'registered' and h.file_kind = 'regular'
          and not exists (
            select 1 from review_tasks t2 join review_rounds r2 on r2.id = t2.round_id
            where t2.household_id = h.id and r2.status = 'open')
      ) f
    ) s`.execute(conn);
  const counts = await conn
    .updateTable('review_rounds')
    .set({
      task_count: sql`(select count(*) from review_tasks where round_id = ${round.id})`,
      sample_count: sql`(select count(*) from review_tasks where round_id = ${round.id} and in_sample)`,
    })
    .where('id', '=', round.id)
    .returning(['task_count', 'sample_count'])
    .executeTakeFirstOrThrow();
  return { tasks: counts.task_count, sample: counts.sample_count };
}

const countColumns = sql<{
  tasks: number;
  done: number;
  kept: number;
  exit_proposed: number;
  sample: number;
  sample_done: number;
}>`count(t.id)::int as tasks,
  (count(t.id) filter (where t.status <> 'pending'))::int as done,
  (count(t.id) filter (where t.status = 'kept'))::int as kept,
  (count(t.id) filter (where t.status = 'exit_proposed'))::int as exit_proposed,
  (count(t.id) filter (where t.in_sample))::int as sample,
  (count(t.id) filter (where t.in_sample and t.status <> 'pending'))::int as sample_done`;

export type CountsRow = {
  tasks: number;
  done: number;
  kept: number;
  exit_proposed: number;
  sample: number;
  sample_done: number;
};

type RoundRow = {
  id: number;
  node_id: number;
  node_path: string;
  node_name: string;
  name: string;
  period_start: string;
  period_end: string;
  sample_share: string;
  sample_seed: string;
  status: string;
  task_count: number;
  sample_count: number;
  opened_at: Date;
  opened_by_name: string | null;
  closed_at: Date | null;
  closed_by_name: string | null;
} & CountsRow;
export type { RoundRow };

/**
 * Rounds the caller takes part in — opened at or below their node, or above it
 * (covering their subtree) — with counts of the tasks in the caller's scope.
 */
export async function selectRounds(
  conn: Conn,
  scopePath: string,
  filter: { roundId?: number; limit: number },
): Promise<RoundRow[]> {
  const r = await sql<RoundRow>`
    select r.id, r.node_id, r.node_path, n.name as node_name, r.name,
      r.period_start::text as period_start, r.period_end::text as period_end,
      r.sample_share::text as sample_share, r.sample_seed, r.status, r.task_count, r.sample_count,
      r.opened_at, ou.display_name as opened_by_name, r.closed_at, cu.display_name as closed_by_name,
      c.*
    from review_rounds r
    join org_nodes n on n.id = r.node_id
    left join users ou on ou.id = r.opened_by
    left join users cu on cu.id = r.closed_by
    cross join lateral (
      select ${countColumns}
      from review_tasks t join households h on h.id = t.household_id
      where t.round_id = r.id and h.node_path like ${`${scopePath}%`}
    ) c
    where (r.node_path like ${`${scopePath}%`} or ${scopePath} like r.node_path || '%')
      ${filter.roundId !== undefined ? sql`and r.id = ${filter.roundId}` : sql``}
    order by r.id desc
    limit ${filter.limit}`.execute(conn);
  return r.rows;
}

/**
 * Progress of a round under one node, in one grouped query: the tasks of the
 * files below `nodePath` (and in the caller's scope), counted per child of the
 * node — the path segment after the node's own — and '' for the node's own files.
 */
export async function selectProgress(
  conn: Conn,
  roundId: number,
  nodePath: string,
  scopePath: string,
) {
  const r = await sql<CountsRow & { child: string }>`
    select split_part(substr(h.node_path, ${nodePath.length + 1}), '/', 1) as child, ${countColumns}
    from review_tasks t join households h on h.id = t.household_id
    where t.round_id = ${roundId}
      and h.node_path like ${`${nodePath}%`}
      and h.node_path like ${`${scopePath}%`}
    group by 1`.execute(conn);
  return r.rows;
}

/** The children of a node with whether they have children of their own. */
export async function selectChildren(conn: Conn, parentId: number) {
  return conn
    .selectFrom('org_nodes as c')
    .select([
      'c.id',
      'c.name',
      'c.is_active',
      sql<boolean>`exists (select 1 from org_nodes g where g.parent_id = c.id)`.as('has_children'),
    ])
    .where('c.parent_id', '=', parentId)
    .orderBy('c.code')
    .execute();
}

function tasksInScope(conn: Conn, scopePath: string) {
  return conn
    .selectFrom('review_tasks as t')
    .innerJoin('households as h', 'h.id', 't.household_id')
    .innerJoin('org_nodes as n', 'n.id', 'h.node_id')
    .leftJoin('users as u', 'u.id', 't.done_by')
    .where('h.node_path', 'like', `${scopePath}%`);
}

const taskColumns = [
  't.id',
  't.round_id',
  't.household_id',
  't.in_sample',
  't.needs_reapplication',
  't.status',
  't.done_at',
  'u.display_name as done_by_name',
  'h.head_name',
  'h.file_no',
  'h.category',
  'n.name as node_name',
] as const;

/** One page of a round's tasks in scope, pending first, the sample first among them. */
export async function selectTasks(
  conn: Conn,
  scopePath: string,
  roundId: number,
  query: ReviewTaskQuery,
  nodePath: string | null,
) {
  let base = tasksInScope(conn, scopePath).where('t.round_id', '=', roundId);
  if (nodePath) base = base.where('h.node_path', 'like', `${nodePath}%`);
  if (query.status) base = base.where('t.status', '=', query.status);
  if (query.inSample !== undefined) base = base.where('t.in_sample', '=', query.inSample);
  if (query.needsReapplication !== undefined)
    base = base.where('t.needs_reapplication', '=', query.needsReapplication);
  const [items, total] = [
    await base
      .select(taskColumns)
      .orderBy(sql`t.status = 'pending'`, 'desc')
      .orderBy('t.in_sample', 'desc')
      .orderBy('t.id')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    await base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ];
  return { items, total: total.n };
}

export type TaskRow = Awaited<ReturnType<typeof selectTask>>;

/** One task of a file in scope, with its round and what the review needs of the file. */
export async function selectTask(conn: Conn, scopePath: string, taskId: number) {
  return tasksInScope(conn, scopePath)
    .innerJoin('review_rounds as r', 'r.id', 't.round_id')
    .select([
      ...taskColumns,
      't.sample_rank',
      't.note',
      't.assessment_id',
      't.exit_id',
      'r.name as round_name',
      'r.status as round_status',
      sql<string>`r.period_start::text`.as('period_start'),
      'h.node_id',
      'h.node_path',
      'h.region_code',
      'h.status as file_status',
      'h.case_status',
      'h.eligible',
      'h.per_capita_fen',
      'h.main_cause',
      'h.secondary_causes',
      sql<
        string | null
      >`(coalesce(h.registered_at, h.created_at) at time zone 'Asia/Shanghai')::date::text`.as(
        'registered_on',
      ),
      sql<string | null>`(
        select max((p.done_at at time zone 'Asia/Shanghai')::date)::text from review_tasks p
        where p.household_id = t.household_id and p.status = 'kept' and p.needs_reapplication
          and p.id <> t.id)`.as('last_reapplied_on'),
    ])
    .where('t.id', '=', taskId)
    .executeTakeFirst();
}

/**
 * Ends a pending task if it still is pending and its round open; false when
 * someone else ended it first (of two at once, exactly one row is updated).
 */
export async function finishTask(
  conn: Conn,
  taskId: number,
  set: {
    status: 'kept' | 'exit_proposed';
    note: string | null;
    assessment_id?: number;
    exit_id?: number;
    done_by: number;
  },
): Promise<boolean> {
  const r = await conn
    .updateTable('review_tasks')
    .set({ ...set, done_at: sql`now()` })
    .where('id', '=', taskId)
    .where('status', '=', 'pending')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('review_rounds as r')
          .select(sql`1`.as('one'))
          .whereRef('r.id', '=', 'review_tasks.round_id')
          .where('r.status', '=', 'open'),
      ),
    )
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Pending sample tasks of a round (all of them, whoever's scope). */
export async function countPendingSample(conn: Conn, roundId: number): Promise<number> {
  const row = await conn
    .selectFrom('review_tasks')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('round_id', '=', roundId)
    .where('in_sample', '=', true)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function closeRound(conn: Conn, roundId: number, userId: number): Promise<boolean> {
  const r = await conn
    .updateTable('review_rounds')
    .set({ status: 'closed', closed_by: userId, closed_at: sql`now()` })
    .where('id', '=', roundId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Pending tasks of open rounds on files in scope that are still active and
 * registered (keep and exit refuse the others): the inbox's review items.
 */
function pendingTasksInScope(conn: Conn, scopePath: string) {
  return tasksInScope(conn, scopePath)
    .innerJoin('review_rounds as r', 'r.id', 't.round_id')
    .where('r.status', '=', 'open')
    .where('t.status', '=', 'pending')
    .where('h.status', '=', 'active')
    .where('h.case_status', '=', 'registered');
}

/** The inbox's review items: the nearest period end first, the sample first within a round. */
export async function selectPendingTasks(conn: Conn, scopePath: string, limit: number) {
  return pendingTasksInScope(conn, scopePath)
    .select([
      ...taskColumns,
      'r.name as round_name',
      sql<string>`r.period_start::text`.as('period_start'),
      sql<string>`r.period_end::text`.as('period_end'),
      'r.opened_at',
    ])
    .orderBy('r.period_end')
    .orderBy('t.in_sample', 'desc')
    .orderBy('t.id')
    .limit(limit)
    .execute();
}

/** How many review items the inbox has in all (it lists the first `inboxLimit`). */
export async function countPendingTasks(conn: Conn, scopePath: string): Promise<number> {
  const row = await pendingTasksInScope(conn, scopePath)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Whether a household lies in the caller's scope (NOT_FOUND otherwise, like absent). */
export async function isHouseholdInScope(
  conn: Conn,
  scopePath: string,
  householdId: number,
): Promise<boolean> {
  const row = await conn
    .selectFrom('households')
    .select('id')
    .where('id', '=', householdId)
    .where('node_path', 'like', `${scopePath}%`)
    .executeTakeFirst();
  return row !== undefined;
}

/** Every review task of one file in scope, newest round first. */
export async function selectHouseholdTasks(conn: Conn, scopePath: string, householdId: number) {
  return tasksInScope(conn, scopePath)
    .innerJoin('review_rounds as r', 'r.id', 't.round_id')
    .select([
      ...taskColumns,
      'r.name as round_name',
      'r.status as round_status',
      sql<string>`r.period_start::text`.as('period_start'),
      sql<string>`r.period_end::text`.as('period_end'),
    ])
    .where('t.household_id', '=', householdId)
    .orderBy('t.id', 'desc')
    .execute();
}

/** Puts a task ended in an exit back to pending (the exit was rejected or withdrawn). */
export async function reopenExitTask(conn: Conn, taskId: number, exitId: number) {
  return conn
    .updateTable('review_tasks')
    .set({ status: 'pending', done_at: null, done_by: null })
    .where('id', '=', taskId)
    .where('status', '=', 'exit_proposed')
    .where('exit_id', '=', exitId)
    .returning([
      'id',
      'household_id',
      sql<number>`(select h.node_id from households h where h.id = review_tasks.household_id)`.as(
        'node_id',
      ),
    ])
    .executeTakeFirst();
}
