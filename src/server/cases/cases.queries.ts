import { sql } from 'kysely';
import type { Conn } from '../db/database';

/** The only SQL of registration cases. Reads carry the caller's scope on households.node_path. */

export async function selectCase(conn: Conn, scopePath: string, householdId: number) {
  return conn
    .selectFrom('households as h')
    .innerJoin('org_nodes as n', 'n.id', 'h.node_id')
    .select([
      'h.id',
      'h.node_id',
      'h.node_path',
      'h.region_code',
      'h.status',
      'h.case_status',
      'h.case_step',
      'h.case_step_since',
      sql<string | null>`h.submitted_on::text`.as('submitted_on'),
      'h.registered_at',
      'h.file_no',
      'n.code as node_code',
    ])
    .where('h.id', '=', householdId)
    .where('h.node_path', 'like', `${scopePath}%`)
    .executeTakeFirst();
}

export type CaseRow = NonNullable<Awaited<ReturnType<typeof selectCase>>>;

export async function selectActorNode(conn: Conn, nodeId: number) {
  return conn
    .selectFrom('org_nodes')
    .select(['id', 'type', 'path'])
    .where('id', '=', nodeId)
    .executeTakeFirstOrThrow();
}

/** The stored workflows of a county, its city and its province (most specific first). */
/** The stored workflows of these region codes (a region's inheritance chain). */
export async function selectWorkflowConfigs(conn: Conn, codes: readonly string[]) {
  return conn
    .selectFrom('workflow_configs')
    .select(['region_code', 'config', 'version'])
    .where('region_code', 'in', codes)
    .execute();
}

/**
 * Moves the case if it still is where the actor saw it; false when someone
 * else acted first (of two at once, exactly one row is updated).
 */
export async function moveCase(
  conn: Conn,
  householdId: number,
  from: { status: string; step: string },
  to: {
    status: string;
    step: string;
    fileStatus: string;
    submittedOn?: string;
    registered?: { fileNo: string };
  },
): Promise<boolean> {
  const r = await conn
    .updateTable('households')
    .set({
      case_status: to.status,
      case_step: to.step,
      case_step_since: sql`now()`,
      status: to.fileStatus,
      ...(to.submittedOn ? { submitted_on: to.submittedOn } : {}),
      ...(to.registered ? { registered_at: sql`now()`, file_no: to.registered.fileNo } : {}),
    })
    .where('id', '=', householdId)
    .where('case_status', '=', from.status)
    .where('case_step', '=', from.step)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A closed application no longer holds its people (one person, one active file). */
export async function releasePeople(conn: Conn, householdId: number): Promise<void> {
  await conn
    .updateTable('household_members')
    .set({ active_id_number_hash: null })
    .where('household_id', '=', householdId)
    .execute();
}

export async function insertCaseStep(
  conn: Conn,
  row: {
    household_id: number;
    action: string;
    step: string;
    from_status: string;
    to_status: string;
    to_step: string;
    opinion: string | null;
    record: string | null;
    actor_user_id: number | null;
    actor_node_id: number | null;
  },
): Promise<void> {
  await conn.insertInto('household_case_steps').values(row).execute();
}

export async function selectCaseSteps(conn: Conn, householdId: number) {
  return conn
    .selectFrom('household_case_steps as s')
    .leftJoin('users as u', 'u.id', 's.actor_user_id')
    .leftJoin('org_nodes as n', 'n.id', 's.actor_node_id')
    .select([
      's.id',
      's.at',
      's.action',
      's.step',
      's.from_status',
      's.to_status',
      's.to_step',
      's.opinion',
      's.record',
      'u.display_name as actor_name',
      'n.name as actor_node_name',
    ])
    .where('s.household_id', '=', householdId)
    .orderBy('s.id')
    .execute();
}

/** The next file number of a node in a year (the counter row is locked until commit). */
export async function nextFileSequence(conn: Conn, nodeId: number, year: number): Promise<number> {
  const r = await conn
    .insertInto('file_no_counters')
    .values({ node_id: nodeId, year, last: 1 })
    .onConflict((oc) =>
      oc.columns(['node_id', 'year']).doUpdateSet({ last: sql`file_no_counters.last + 1` }),
    )
    .returning('last')
    .executeTakeFirstOrThrow();
  return r.last;
}

/** Open cases in scope, oldest step first: the inbox's candidates. */
export async function selectOpenCases(conn: Conn, scopePath: string, limit: number) {
  return conn
    .selectFrom('households as h')
    .innerJoin('org_nodes as n', 'n.id', 'h.node_id')
    .select([
      'h.id',
      'h.head_name',
      'h.node_path',
      'h.region_code',
      'h.case_status',
      'h.case_step',
      'h.case_step_since',
      sql<string | null>`h.submitted_on::text`.as('submitted_on'),
      'n.name as node_name',
    ])
    .where('h.node_path', 'like', `${scopePath}%`)
    .where('h.case_status', 'in', ['draft', 'in_review', 'returned'])
    .orderBy('h.case_step_since')
    .orderBy('h.id')
    .limit(limit)
    .execute();
}
