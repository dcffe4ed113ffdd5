import { sql } from 'kysely';
import type { Conn } from '../db/database';
import type { TransferStatus } from '../../shared/transfers/transfer';
import type { CaseStatus, RegistrationStep } from '../../shared/cases/registration';

/**
 * The only SQL of transfers (转移). The origin side is scoped by
 * `from_node_path`, the destination side by `to_node_path`: the receiving union
 * sees a transfer addressed to its subtree before the file is in its scope.
 */

/** An active node named by its exact code (the receiving union gives it). */
export async function selectActiveNodeByCode(conn: Conn, code: string) {
  return conn
    .selectFrom('org_nodes')
    .select(['id', 'code', 'name', 'type', 'path', 'region_code'])
    .where('code', '=', code)
    .where('is_active', '=', true)
    .executeTakeFirst();
}

export async function selectNode(conn: Conn, id: number) {
  return conn
    .selectFrom('org_nodes')
    .select(['id', 'code', 'name', 'type', 'path', 'region_code', 'is_active'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** The file in the caller's scope (by its own node path). */
export async function selectHouseholdInScope(conn: Conn, scopePath: string, id: number) {
  return conn
    .selectFrom('households')
    .select(['id', 'node_id', 'node_path', 'status', 'region_code'])
    .where('id', '=', id)
    .where('node_path', 'like', `${scopePath}%`)
    .executeTakeFirst();
}

export async function insertTransfer(
  conn: Conn,
  row: {
    household_id: number;
    from_node_id: number;
    from_node_path: string;
    to_node_id: number;
    to_node_path: string;
    reason: string;
    note: string | null;
    requested_by: number;
  },
): Promise<number> {
  const r = await conn
    .insertInto('household_transfers')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

function transferBase(conn: Conn) {
  return conn
    .selectFrom('household_transfers as t')
    .innerJoin('households as h', 'h.id', 't.household_id')
    .innerJoin('org_nodes as fn', 'fn.id', 't.from_node_id')
    .innerJoin('org_nodes as tn', 'tn.id', 't.to_node_id')
    .leftJoin('users as ru', 'ru.id', 't.requested_by')
    .leftJoin('users as lu', 'lu.id', 't.released_by')
    .leftJoin('users as du', 'du.id', 't.decided_by')
    .select([
      't.id',
      't.version',
      't.household_id',
      't.status',
      't.reason',
      't.note',
      't.from_node_id',
      't.from_node_path',
      't.to_node_id',
      't.to_node_path',
      't.requested_by',
      't.requested_at',
      't.released_at',
      't.release_opinion',
      't.decided_at',
      't.decision_opinion',
      'h.head_name',
      'h.category',
      'h.member_count',
      'h.file_kind',
      'fn.name as from_name',
      'fn.code as from_code',
      'tn.name as to_name',
      'tn.code as to_code',
      'ru.display_name as requested_by_name',
      'lu.display_name as released_by_name',
      'du.display_name as decided_by_name',
    ]);
}

export type TransferRow = Awaited<ReturnType<typeof selectTransferInScope>> & {};

/** A transfer either of whose ends lies in the caller's scope. */
export async function selectTransferInScope(conn: Conn, scopePath: string, id: number) {
  return transferBase(conn)
    .where('t.id', '=', id)
    .where((eb) =>
      eb.or([
        eb('t.from_node_path', 'like', `${scopePath}%`),
        eb('t.to_node_path', 'like', `${scopePath}%`),
      ]),
    )
    .executeTakeFirst();
}

/** Outgoing (by from_node_path) or incoming (by to_node_path) transfers, newest first. */
export async function selectTransfers(
  conn: Conn,
  f: {
    scopePath: string;
    direction: 'outgoing' | 'incoming';
    statuses: readonly TransferStatus[] | null;
    limit: number;
    before: number | undefined;
  },
) {
  let query = transferBase(conn).where(
    f.direction === 'outgoing' ? 't.from_node_path' : 't.to_node_path',
    'like',
    `${f.scopePath}%`,
  );
  if (f.statuses) query = query.where('t.status', 'in', f.statuses);
  if (f.before) query = query.where('t.id', '<', f.before);
  return query
    .orderBy('t.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

/** Every transfer of one file (its scope is checked by the caller), newest first. */
export async function selectTransfersOfHousehold(conn: Conn, householdId: number) {
  return transferBase(conn)
    .where('t.household_id', '=', householdId)
    .orderBy('t.id', 'desc')
    .execute();
}

/**
 * Moves a transfer if it still has `version` and `from`; false when someone
 * else decided first (of two decisions at once exactly one row is updated).
 */
export async function moveTransfer(
  conn: Conn,
  id: number,
  version: number,
  from: TransferStatus,
  to: TransferStatus,
  by: { userId: number; opinion: string | null; side: 'release' | 'decision' },
): Promise<boolean> {
  const r = await conn
    .updateTable('household_transfers')
    .set({
      status: to,
      version: sql`version + 1`,
      ...(by.side === 'release'
        ? { released_by: by.userId, released_at: sql`now()`, release_opinion: by.opinion }
        : { decided_by: by.userId, decided_at: sql`now()`, decision_opinion: by.opinion }),
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The file, locked for the move. */
export async function lockHousehold(conn: Conn, id: number) {
  return conn
    .selectFrom('households')
    .select(['id', 'node_id', 'node_path', 'region_code', 'status', 'version'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/**
 * The file moves to the destination node: node_id and node_path together (no
 * trigger follows a node_id change), the region when it changes, and a new
 * version so that an editor holding the old one cannot move it back unseen.
 */
export async function moveHousehold(
  conn: Conn,
  id: number,
  fromNodeId: number,
  to: { nodeId: number; nodePath: string; regionCode: string; userId: number },
): Promise<boolean> {
  const r = await conn
    .updateTable('households')
    .set({
      node_id: to.nodeId,
      node_path: to.nodePath,
      region_code: to.regionCode,
      version: sql`version + 1`,
      updated_at: sql`now()`,
      updated_by: to.userId,
    })
    .where('id', '=', id)
    .where('node_id', '=', fromNodeId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The file's case as it stands (a transfer leaves it where it is on the timeline). */
export async function selectCaseState(conn: Conn, householdId: number) {
  const r = await conn
    .selectFrom('households')
    .select(['case_status', 'case_step'])
    .where('id', '=', householdId)
    .executeTakeFirstOrThrow();
  const status = r.case_status as CaseStatus;
  const step = r.case_step as RegistrationStep;
  return { step, fromStatus: status, toStatus: status, toStep: step };
}
