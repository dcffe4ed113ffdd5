import { sql } from 'kysely';
import type { Conn } from '../db/database';

/** The only SQL of background jobs. Reads for users keep `node_path LIKE scope || '%'`. */

const jobColumns = [
  'j.id',
  'j.kind',
  'j.status',
  'j.node_id',
  'j.node_path',
  'j.params',
  'j.cursor',
  'j.progress_done',
  'j.progress_total',
  'j.result',
  'j.error',
  'j.created_by',
  'j.created_at',
  'j.started_at',
  'j.heartbeat_at',
  'j.finished_at',
] as const;

export type JobRow = Awaited<ReturnType<typeof selectJob>> & {};

export async function insertJob(
  conn: Conn,
  row: {
    kind: string;
    node_id: number;
    node_path: string;
    params: unknown;
    progress_total: number;
    created_by: number;
  },
): Promise<number> {
  const r = await conn
    .insertInto('jobs')
    .values({ ...row, params: JSON.stringify(row.params) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

function jobsWithNames(conn: Conn) {
  return conn
    .selectFrom('jobs as j')
    .leftJoin('org_nodes as n', 'n.id', 'j.node_id')
    .leftJoin('users as u', 'u.id', 'j.created_by')
    .select([
      ...jobColumns,
      'n.name as node_name',
      'u.username as created_by_username',
      'u.display_name as created_by_name',
    ]);
}

/** One job with its node's and creator's names (no scope: the runner's and the writer's view). */
export async function selectJob(conn: Conn, id: number) {
  return jobsWithNames(conn).where('j.id', '=', id).executeTakeFirst();
}

export async function selectJobInScope(conn: Conn, scopePath: string, id: number) {
  return jobsWithNames(conn)
    .where('j.id', '=', id)
    .where('j.node_path', 'like', `${scopePath}%`)
    .executeTakeFirst();
}

/** Recent jobs in scope, newest first. */
export async function selectJobsInScope(
  conn: Conn,
  scopePath: string,
  filter: { kind?: string; limit: number },
) {
  let query = jobsWithNames(conn).where('j.node_path', 'like', `${scopePath}%`);
  if (filter.kind) query = query.where('j.kind', '=', filter.kind);
  return query.orderBy('j.id', 'desc').limit(filter.limit).execute();
}

/** Locks the job row until the transaction ends: one batch at a time, cancel waits for it. */
export async function lockJob(conn: Conn, id: number) {
  return conn
    .selectFrom('jobs as j')
    .select(jobColumns)
    .where('j.id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Claims the oldest job that is queued, or running with a heartbeat older than
 * `staleSeconds` (its process died): one atomic statement, so two runners never
 * claim the same job.
 */
export async function claimJob(conn: Conn, kinds: readonly string[], staleSeconds: number) {
  const claimable = sql<boolean>`(status = 'queued' or (status = 'running' and (heartbeat_at is null or heartbeat_at < now() - make_interval(secs => ${staleSeconds}))))`;
  const r = await sql<{ id: number }>`
    update jobs set status = 'running', started_at = coalesce(started_at, now()), heartbeat_at = now()
    where id = (
      select id from jobs where ${claimable} and kind in (${sql.join(kinds)})
      order by id limit 1 for update skip locked
    ) and ${claimable}
    returning id`.execute(conn);
  return r.rows[0]?.id;
}

/** After a batch: the new cursor and tally, a fresh heartbeat, and the end when finished. */
export async function advanceJob(
  conn: Conn,
  id: number,
  fields: { cursor: unknown; done: number; result: unknown; isFinished: boolean },
): Promise<void> {
  await conn
    .updateTable('jobs')
    .set((eb) => ({
      cursor: JSON.stringify(fields.cursor),
      progress_done: eb('progress_done', '+', fields.done),
      result: JSON.stringify(fields.result),
      heartbeat_at: new Date(),
      ...(fields.isFinished ? { status: 'done', finished_at: new Date() } : {}),
    }))
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

export async function failJob(conn: Conn, id: number, error: string): Promise<void> {
  await conn
    .updateTable('jobs')
    .set({ status: 'failed', error, finished_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

/** Cancels a queued or running job in scope; the runner stops at its next batch. */
export async function cancelJobInScope(conn: Conn, scopePath: string, id: number) {
  const r = await conn
    .updateTable('jobs')
    .set({ status: 'cancelled', finished_at: new Date() })
    .where('id', '=', id)
    .where('node_path', 'like', `${scopePath}%`)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

/** Who the job acts for in the audit log: its creator. */
export async function selectJobActor(conn: Conn, userId: number) {
  return conn
    .selectFrom('users')
    .select(['id as userId', 'username', 'node_id as nodeId'])
    .where('id', '=', userId)
    .executeTakeFirst();
}
