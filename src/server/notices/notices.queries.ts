import { sql } from 'kysely';
import type { Conn } from '../db/database';

/**
 * The only SQL of public notices (公示). Batches carry their node's path; their
 * households are read through the batch, and every read carries the caller's scope.
 */

/** A node in scope, with its path (the batch hangs on it). */
export async function selectNodeInScope(conn: Conn, scopePath: string, nodeId: number) {
  return conn
    .selectFrom('org_nodes')
    .select(['id', 'name', 'path'])
    .where('id', '=', nodeId)
    .where('path', 'like', `${scopePath}%`)
    .executeTakeFirst();
}

/**
 * Applications under a node that stand at review_notice and are not yet in a
 * batch made since their submission (the notice of the current application).
 */
export async function selectEligible(conn: Conn, nodePath: string, householdIds?: number[]) {
  let query = conn
    .selectFrom('households as h')
    .innerJoin('org_nodes as n', 'n.id', 'h.node_id')
    .select([
      'h.id',
      'h.head_name',
      'h.category',
      'h.employer_name',
      'h.member_count',
      'h.case_step_since',
      'n.name as node_name',
    ])
    .where('h.node_path', 'like', `${nodePath}%`)
    .where('h.case_status', '=', 'in_review')
    .where('h.case_step', '=', 'review_notice')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('notice_batch_households as bh')
            .innerJoin('notice_batches as b', 'b.id', 'bh.batch_id')
            .select(sql`1`.as('one'))
            .whereRef('bh.household_id', '=', 'h.id')
            .where(
              sql<boolean>`(h.submitted_on is null or (b.created_at at time zone 'Asia/Shanghai')::date >= h.submitted_on)`,
            ),
        ),
      ),
    );
  if (householdIds) query = query.where('h.id', 'in', householdIds);
  return query.orderBy('h.case_step_since').orderBy('h.id').limit(500).execute();
}

export async function insertBatch(
  conn: Conn,
  row: {
    node_id: number;
    node_path: string;
    title: string;
    unit_name: string;
    contact_phone: string;
    starts_on: string;
    ends_on: string;
    working_days: number;
    created_by: number;
  },
): Promise<number> {
  const r = await conn
    .insertInto('notice_batches')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function insertBatchHouseholds(
  conn: Conn,
  batchId: number,
  householdIds: readonly number[],
): Promise<void> {
  await conn
    .insertInto('notice_batch_households')
    .values(householdIds.map((household_id) => ({ batch_id: batchId, household_id })))
    .execute();
}

function batchSummaries(conn: Conn, scopePath: string) {
  return conn
    .selectFrom('notice_batches as b')
    .innerJoin('org_nodes as n', 'n.id', 'b.node_id')
    .select([
      'b.id',
      'b.node_id',
      'n.name as node_name',
      'b.title',
      'b.unit_name',
      'b.contact_phone',
      sql<string>`b.starts_on::text`.as('starts_on'),
      sql<string>`b.ends_on::text`.as('ends_on'),
      'b.working_days',
      'b.created_at',
      sql<number>`(select count(*)::int from notice_batch_households bh where bh.batch_id = b.id)`.as(
        'household_count',
      ),
      sql<number>`(select count(*)::int from notice_objections o where o.batch_id = b.id)`.as(
        'objection_count',
      ),
      sql<number>`(select count(*)::int from notice_objections o where o.batch_id = b.id and o.resolved_at is null)`.as(
        'open_objection_count',
      ),
    ])
    .where('b.node_path', 'like', `${scopePath}%`);
}

/** Batches in scope (optionally under one node), newest first. */
export async function selectBatches(conn: Conn, scopePath: string, underPath?: string) {
  let query = batchSummaries(conn, scopePath);
  if (underPath) query = query.where('b.node_path', 'like', `${underPath}%`);
  return query.orderBy('b.id', 'desc').limit(200).execute();
}

export async function selectBatch(conn: Conn, scopePath: string, batchId: number) {
  return batchSummaries(conn, scopePath).where('b.id', '=', batchId).executeTakeFirst();
}

/** The households of a batch, in the order they were listed. */
export async function selectBatchHouseholds(conn: Conn, batchId: number) {
  return conn
    .selectFrom('notice_batch_households as bh')
    .innerJoin('households as h', 'h.id', 'bh.household_id')
    .innerJoin('org_nodes as n', 'n.id', 'h.node_id')
    .select([
      'h.id',
      'h.head_name',
      'h.category',
      'h.employer_name',
      'h.member_count',
      'n.name as node_name',
    ])
    .where('bh.batch_id', '=', batchId)
    .orderBy('h.id')
    .execute();
}

export async function selectObjections(conn: Conn, batchId: number) {
  return conn
    .selectFrom('notice_objections as o')
    .innerJoin('households as h', 'h.id', 'o.household_id')
    .leftJoin('users as r', 'r.id', 'o.resolved_by')
    .leftJoin('users as c', 'c.id', 'o.created_by')
    .select([
      'o.id',
      'o.household_id',
      'h.head_name',
      sql<string>`o.received_on::text`.as('received_on'),
      'o.channel',
      'o.content',
      'o.resolution',
      'o.upheld',
      'o.resolved_at',
      'r.display_name as resolved_by_name',
      'c.display_name as created_by_name',
    ])
    .where('o.batch_id', '=', batchId)
    .orderBy('o.id')
    .execute();
}

export async function isInBatch(conn: Conn, batchId: number, householdId: number) {
  const row = await conn
    .selectFrom('notice_batch_households')
    .select('household_id')
    .where('batch_id', '=', batchId)
    .where('household_id', '=', householdId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertObjection(
  conn: Conn,
  row: {
    batch_id: number;
    household_id: number;
    received_on: string;
    channel: string;
    content: string;
    created_by: number;
  },
): Promise<number> {
  const r = await conn
    .insertInto('notice_objections')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** An objection of a batch in scope, with the batch's node. */
export async function selectObjection(conn: Conn, scopePath: string, objectionId: number) {
  return conn
    .selectFrom('notice_objections as o')
    .innerJoin('notice_batches as b', 'b.id', 'o.batch_id')
    .select([
      'o.id',
      'o.batch_id',
      'o.household_id',
      'o.resolved_at',
      'o.resolution',
      'o.upheld',
      'b.node_id',
    ])
    .where('o.id', '=', objectionId)
    .where('b.node_path', 'like', `${scopePath}%`)
    .executeTakeFirst();
}

/** Resolves an objection still open; false when someone resolved it first. */
export async function resolveObjection(
  conn: Conn,
  objectionId: number,
  to: { resolution: string; upheld: boolean; by: number },
): Promise<boolean> {
  const r = await conn
    .updateTable('notice_objections')
    .set({
      resolution: to.resolution,
      upheld: to.upheld,
      resolved_by: to.by,
      resolved_at: sql`now()`,
    })
    .where('id', '=', objectionId)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Where a household stands with its notice: the batches it has been in since
 * its submission (all of them when the file has no submission date), and the
 * objections about it in those batches.
 */
export async function selectNoticeStanding(conn: Conn, householdId: number) {
  const batches = await conn
    .selectFrom('notice_batch_households as bh')
    .innerJoin('notice_batches as b', 'b.id', 'bh.batch_id')
    .innerJoin('households as h', 'h.id', 'bh.household_id')
    .select([
      'b.id',
      'b.title',
      sql<string>`b.starts_on::text`.as('starts_on'),
      sql<string>`b.ends_on::text`.as('ends_on'),
    ])
    .where('bh.household_id', '=', householdId)
    .where(
      sql<boolean>`(h.submitted_on is null or (b.created_at at time zone 'Asia/Shanghai')::date >= h.submitted_on)`,
    )
    .orderBy('b.id')
    .execute();
  const objections = batches.length
    ? await conn
        .selectFrom('notice_objections')
        .select(['id', 'batch_id', 'resolved_at', 'upheld'])
        .where('household_id', '=', householdId)
        .where(
          'batch_id',
          'in',
          batches.map((b) => b.id),
        )
        .orderBy('id')
        .execute()
    : [];
  return { batches, objections };
}

export async function selectHouseholdInScope(conn: Conn, scopePath: string, householdId: number) {
  return conn
    .selectFrom('households')
    .select(['id', 'node_id'])
    .where('id', '=', householdId)
    .where('node_path', 'like', `${scopePath}%`)
    .executeTakeFirst();
}
