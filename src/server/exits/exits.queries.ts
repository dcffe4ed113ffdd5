import { sql } from 'kysely';
import type { Conn } from '../db/database';

/**
 * The only SQL of exits, monthly incomes, follow-ups and the relapse watch.
 * Every read of household data carries the caller's scope on
 * households.node_path (rows of these tables are scoped through their household).
 */

/** The file as exits need it, in scope; locked for update when `lock` (one writer at a time per file). */
export async function selectHouseholdInScope(
  conn: Conn,
  scopePath: string,
  householdId: number,
  lock = false,
) {
  let query = conn
    .selectFrom('households as h')
    .select([
      'h.id',
      'h.node_id',
      'h.node_path',
      'h.region_code',
      'h.status',
      'h.case_status',
      'h.case_step',
      'h.head_name',
      'h.member_count',
      'h.exit_kind',
      'h.exited_at',
      'h.file_no',
    ])
    .where('h.id', '=', householdId)
    .where('h.node_path', 'like', `${scopePath}%`);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}
export type ExitHousehold = NonNullable<Awaited<ReturnType<typeof selectHouseholdInScope>>>;

export async function selectNodeType(conn: Conn, nodeId: number): Promise<string> {
  const row = await conn
    .selectFrom('org_nodes')
    .select('type')
    .where('id', '=', nodeId)
    .executeTakeFirstOrThrow();
  return row.type;
}

// ---------------------------------------------------------------- monthly incomes

export async function selectMonthlyIncomes(conn: Conn, householdId: number) {
  return conn
    .selectFrom('household_monthly_incomes as i')
    .leftJoin('users as u', 'u.id', 'i.recorded_by')
    .select([
      'i.month',
      'i.income_fen',
      'i.member_count',
      'i.line_fen',
      'i.note',
      'i.recorded_at',
      'u.display_name as recorded_by_name',
    ])
    .where('i.household_id', '=', householdId)
    .orderBy('i.month')
    .execute();
}

export async function upsertMonthlyIncome(
  conn: Conn,
  row: {
    household_id: number;
    month: string;
    income_fen: number;
    member_count: number;
    line_fen: number | null;
    note: string | null;
    recorded_by: number | null;
  },
) {
  await conn
    .insertInto('household_monthly_incomes')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['household_id', 'month']).doUpdateSet({
        income_fen: row.income_fen,
        member_count: row.member_count,
        line_fen: row.line_fen,
        note: row.note,
        recorded_by: row.recorded_by,
        recorded_at: sql`now()`,
      }),
    )
    .execute();
}

// ---------------------------------------------------------------- exits

const exitColumns = [
  'e.id',
  'e.household_id',
  'e.kind',
  'e.reason_code',
  'e.reason',
  'e.evidence',
  'e.source',
  'e.review_task_id',
  'e.status',
  'e.proposed_by',
  'e.proposed_at',
  'e.verified_by',
  'e.verified_at',
  'e.verification',
  'e.decided_by',
  'e.decided_at',
  'e.decision_opinion',
  sql<string | null>`e.effective_on::text`.as('effective_on'),
  'e.version',
  'pu.display_name as proposed_by_name',
  'vu.display_name as verified_by_name',
  'du.display_name as decided_by_name',
] as const;

function exitsQuery(conn: Conn) {
  return conn
    .selectFrom('household_exits as e')
    .leftJoin('users as pu', 'pu.id', 'e.proposed_by')
    .leftJoin('users as vu', 'vu.id', 'e.verified_by')
    .leftJoin('users as du', 'du.id', 'e.decided_by');
}

export async function selectExits(conn: Conn, householdId: number) {
  return exitsQuery(conn)
    .select(exitColumns)
    .where('e.household_id', '=', householdId)
    .orderBy('e.id', 'desc')
    .execute();
}
export type ExitRow = Awaited<ReturnType<typeof selectExits>>[number];

export async function selectOpenExit(conn: Conn, householdId: number) {
  return exitsQuery(conn)
    .select(exitColumns)
    .where('e.household_id', '=', householdId)
    .where('e.status', 'in', ['proposed', 'verified'])
    .executeTakeFirst();
}

export async function selectExit(conn: Conn, exitId: number) {
  return exitsQuery(conn).select(exitColumns).where('e.id', '=', exitId).executeTakeFirstOrThrow();
}

export async function insertExit(
  conn: Conn,
  row: {
    household_id: number;
    kind: string;
    reason_code: string;
    reason: string;
    evidence: string;
    source: string;
    review_task_id: number | null;
    proposed_by: number | null;
  },
): Promise<number> {
  const r = await conn
    .insertInto('household_exits')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/**
 * Moves the exit if it still is at the version and status the actor saw;
 * false when someone else acted first (of two at once, exactly one wins).
 */
export async function moveExit(
  conn: Conn,
  exitId: number,
  from: { status: string; version: number },
  set: {
    status: string;
    verified_by?: number;
    verification?: string;
    decided_by?: number;
    decision_opinion?: string | null;
    effective_on?: string;
    evidence?: string;
  },
): Promise<boolean> {
  const { verified_by, verification, decided_by, decision_opinion, effective_on, evidence } = set;
  const r = await conn
    .updateTable('household_exits')
    .set({
      status: set.status,
      version: sql`version + 1`,
      ...(verified_by !== undefined ? { verified_by, verification, verified_at: sql`now()` } : {}),
      ...(decided_by !== undefined ? { decided_by, decision_opinion, decided_at: sql`now()` } : {}),
      ...(effective_on !== undefined ? { effective_on } : {}),
      ...(evidence !== undefined ? { evidence } : {}),
    })
    .where('id', '=', exitId)
    .where('status', '=', from.status)
    .where('version', '=', from.version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The documents of the file among `ids` (not removed). */
export async function selectDocuments(conn: Conn, householdId: number, ids: readonly number[]) {
  if (!ids.length) return [];
  return conn
    .selectFrom('household_documents')
    .select(['id', 'doc_type', 'file_name'])
    .where('household_id', '=', householdId)
    .where('id', 'in', [...ids])
    .where('removed_at', 'is', null)
    .execute();
}

/** Open exits in scope (退出管理), oldest first. */
export async function selectOpenExitsInScope(conn: Conn, scopePath: string, limit: number) {
  return conn
    .selectFrom('household_exits as e')
    .innerJoin('households as h', 'h.id', 'e.household_id')
    .innerJoin('org_nodes as n', 'n.id', 'h.node_id')
    .leftJoin('users as pu', 'pu.id', 'e.proposed_by')
    .select([
      'e.id',
      'e.household_id',
      'e.kind',
      'e.reason_code',
      'e.status',
      'e.proposed_by',
      'e.proposed_at',
      'e.version',
      'pu.display_name as proposed_by_name',
      'h.head_name',
      'h.node_path',
      'n.name as node_name',
    ])
    .where('h.node_path', 'like', `${scopePath}%`)
    .where('e.status', 'in', ['proposed', 'verified'])
    .orderBy('e.proposed_at')
    .orderBy('e.id')
    .limit(limit)
    .execute();
}

// ---------------------------------------------------------------- the household's exit state

/** On approval: the file leaves (status exited) and no longer holds its people. */
export async function markHouseholdExited(
  conn: Conn,
  householdId: number,
  kind: string,
): Promise<boolean> {
  const r = await conn
    .updateTable('households')
    .set({ status: 'exited', exited_at: sql`now()`, exit_kind: kind })
    .where('id', '=', householdId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await conn
    .updateTable('household_members')
    .set({ active_id_number_hash: null })
    .where('household_id', '=', householdId)
    .execute();
  return true;
}

/**
 * The current members' ID-number hashes that another active file holds now
 * (one person, one active file), with that file's node for the message.
 */
export async function selectPeopleHeldElsewhere(conn: Conn, householdId: number) {
  return conn
    .selectFrom('household_members as m')
    .innerJoin('household_members as other', 'other.active_id_number_hash', 'm.id_number_hash')
    .innerJoin('households as oh', 'oh.id', 'other.household_id')
    .innerJoin('org_nodes as n', 'n.id', 'oh.node_id')
    .select([
      'm.name',
      'oh.id as household_id',
      'oh.node_path',
      'n.name as node_name',
      'n.phone as node_phone',
    ])
    .where('m.household_id', '=', householdId)
    .where('m.removed_at', 'is', null)
    .where('other.household_id', '<>', householdId)
    .orderBy('m.sort')
    .execute();
}

/**
 * 重新纳入: the exited file becomes a new application again (draft at the
 * application step), active, holding its current members' people again.
 */
export async function reopenHousehold(conn: Conn, householdId: number): Promise<boolean> {
  const r = await conn
    .updateTable('households')
    .set({
      status: 'active',
      exited_at: null,
      exit_kind: null,
      case_status: 'draft',
      case_step: 'application',
      case_step_since: sql`now()`,
    })
    .where('id', '=', householdId)
    .where('status', '=', 'exited')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await conn
    .updateTable('household_members')
    .set({ active_id_number_hash: sql`id_number_hash` })
    .where('household_id', '=', householdId)
    .where('removed_at', 'is', null)
    .where('id_number_hash', 'is not', null)
    .execute();
  return true;
}

/** The re-admission as a row of the file's registration timeline. */
export async function insertReadmissionStep(
  conn: Conn,
  row: {
    household_id: number;
    from_status: string;
    step: string;
    opinion: string;
    actor_user_id: number;
    actor_node_id: number;
  },
): Promise<void> {
  await conn
    .insertInto('household_case_steps')
    .values({
      household_id: row.household_id,
      action: 'readmit',
      step: row.step,
      from_status: row.from_status,
      to_status: 'draft',
      to_step: 'application',
      opinion: row.opinion,
      record: null,
      actor_user_id: row.actor_user_id,
      actor_node_id: row.actor_node_id,
    })
    .execute();
}

// ---------------------------------------------------------------- follow-ups

const followUpColumns = [
  'f.id',
  'f.household_id',
  'f.exit_id',
  'f.kind',
  sql<string>`f.due_on::text`.as('due_on'),
  sql<string | null>`f.done_on::text`.as('done_on'),
  'f.findings',
  'f.signals',
  'du.display_name as done_by_name',
] as const;

export async function insertFollowUps(
  conn: Conn,
  rows: { household_id: number; exit_id: number; kind: string; due_on: string }[],
): Promise<void> {
  if (rows.length) await conn.insertInto('household_follow_ups').values(rows).execute();
}

export async function selectFollowUps(conn: Conn, householdId: number) {
  return conn
    .selectFrom('household_follow_ups as f')
    .leftJoin('users as du', 'du.id', 'f.done_by')
    .select(followUpColumns)
    .where('f.household_id', '=', householdId)
    .orderBy('f.due_on')
    .orderBy('f.id')
    .execute();
}
export type FollowUpRow = Awaited<ReturnType<typeof selectFollowUps>>[number];

/** Follow-ups not yet done, due on or before `until`, of exited files in scope (回访计划). */
export async function selectDueFollowUps(
  conn: Conn,
  scopePath: string,
  until: string,
  limit: number,
) {
  return (
    conn
      .selectFrom('household_follow_ups as f')
      .innerJoin('households as h', 'h.id', 'f.household_id')
      .innerJoin('org_nodes as n', 'n.id', 'h.node_id')
      .leftJoin('users as du', 'du.id', 'f.done_by')
      .select([...followUpColumns, 'h.head_name', 'n.name as node_name'])
      .where('h.node_path', 'like', `${scopePath}%`)
      .where('h.status', '=', 'exited')
      // Only the follow-ups of the exit now in force (not those left from before a re-admission).
      .where(
        'f.exit_id',
        '=',
        sql<number>`(select max(e.id) from household_exits e where e.household_id = h.id and e.status = 'approved')`,
      )
      .where('f.done_on', 'is', null)
      .where('f.due_on', '<=', until)
      .orderBy('f.due_on')
      .orderBy('f.id')
      .limit(limit)
      .execute()
  );
}

/** Records a follow-up if it is still not done; false when someone recorded it first. */
export async function completeFollowUp(
  conn: Conn,
  followUpId: number,
  householdId: number,
  set: { done_on: string; done_by: number; findings: string; signals: string },
): Promise<boolean> {
  const r = await conn
    .updateTable('household_follow_ups')
    .set({ ...set, signals: sql`${set.signals}::jsonb` })
    .where('id', '=', followUpId)
    .where('household_id', '=', householdId)
    .where('done_on', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function selectFollowUp(conn: Conn, householdId: number, followUpId: number) {
  return conn
    .selectFrom('household_follow_ups as f')
    .leftJoin('users as du', 'du.id', 'f.done_by')
    .select(followUpColumns)
    .where('f.id', '=', followUpId)
    .where('f.household_id', '=', householdId)
    .executeTakeFirst();
}

// ---------------------------------------------------------------- relapse flags

const flagColumns = [
  'r.id',
  'r.household_id',
  'r.signal',
  'r.detail',
  sql<string>`r.detected_on::text`.as('detected_on'),
  'r.follow_up_id',
  'r.status',
  'r.resolution',
  'r.resolved_at',
  'ru.display_name as resolved_by_name',
] as const;

export async function insertFlag(
  conn: Conn,
  row: {
    household_id: number;
    signal: string;
    detail: string;
    detected_on: string;
    follow_up_id: number | null;
  },
): Promise<number> {
  const r = await conn
    .insertInto('relapse_flags')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function selectFlags(conn: Conn, householdId: number) {
  return conn
    .selectFrom('relapse_flags as r')
    .leftJoin('users as ru', 'ru.id', 'r.resolved_by')
    .select(flagColumns)
    .where('r.household_id', '=', householdId)
    .orderBy('r.id', 'desc')
    .execute();
}
export type FlagRow = Awaited<ReturnType<typeof selectFlags>>[number];

export async function selectOpenFlagsInScope(conn: Conn, scopePath: string, limit: number) {
  return conn
    .selectFrom('relapse_flags as r')
    .innerJoin('households as h', 'h.id', 'r.household_id')
    .innerJoin('org_nodes as n', 'n.id', 'h.node_id')
    .leftJoin('users as ru', 'ru.id', 'r.resolved_by')
    .select([...flagColumns, 'h.head_name', 'h.exit_kind', 'n.name as node_name'])
    .where('h.node_path', 'like', `${scopePath}%`)
    .where('r.status', '=', 'open')
    .orderBy('r.detected_on', 'desc')
    .orderBy('r.id', 'desc')
    .limit(limit)
    .execute();
}

/** Closes an open flag of the household; false when it is not open (any more). */
export async function resolveFlag(
  conn: Conn,
  householdId: number,
  flagId: number,
  set: { status: 'dismissed'; resolution: string; resolved_by: number },
): Promise<boolean> {
  const r = await conn
    .updateTable('relapse_flags')
    .set({ ...set, resolved_at: sql`now()` })
    .where('id', '=', flagId)
    .where('household_id', '=', householdId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Re-admission closes every open flag of the household. */
export async function closeFlagsAsReadmitted(
  conn: Conn,
  householdId: number,
  resolvedBy: number,
  resolution: string,
): Promise<number> {
  const r = await conn
    .updateTable('relapse_flags')
    .set({
      status: 'readmitted',
      resolution,
      resolved_by: resolvedBy,
      resolved_at: sql`now()`,
    })
    .where('household_id', '=', householdId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
