import { sql } from 'kysely';
import type { Conn } from '../db/database';

/** The SQL of temporary-relief files (临时救助档案). Reads carry the caller's scope. */

export async function selectNodeCode(conn: Conn, nodeId: number): Promise<string> {
  const r = await conn
    .selectFrom('org_nodes')
    .select('code')
    .where('id', '=', nodeId)
    .executeTakeFirstOrThrow();
  return r.code;
}

/** The file in scope, locked for this transaction. */
export async function lockFileInScope(conn: Conn, scopePath: string, id: number) {
  return conn
    .selectFrom('households')
    .select([
      'id',
      'version',
      'node_id',
      'status',
      'case_status',
      'case_step',
      'file_kind',
      'file_no',
      'temporary_reason',
      sql<string | null>`temporary_until::text`.as('temporary_until'),
    ])
    .where('id', '=', id)
    .where('node_path', 'like', `${scopePath}%`)
    .forUpdate()
    .executeTakeFirst();
}

/** Enters a new temporary file: registered at once, with its L-number. */
export async function enterTemporary(conn: Conn, id: number, fileNo: string): Promise<boolean> {
  const r = await conn
    .updateTable('households')
    .set({
      case_status: 'registered',
      case_step: 'approval',
      case_step_since: sql`now()`,
      registered_at: sql`now()`,
      file_no: fileNo,
    })
    .where('id', '=', id)
    .where('file_kind', '=', 'temporary')
    .where('case_status', '=', 'draft')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * A temporary file becomes a regular application: back to draft at the
 * application step, without a number (it gets a regular one when registered).
 */
export async function convertToRegular(
  conn: Conn,
  id: number,
  version: number,
  userId: number,
): Promise<boolean> {
  const r = await conn
    .updateTable('households')
    .set({
      file_kind: 'regular',
      case_status: 'draft',
      case_step: 'application',
      case_step_since: sql`now()`,
      registered_at: null,
      submitted_on: null,
      file_no: null,
      version: sql`version + 1`,
      updated_at: sql`now()`,
      updated_by: userId,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('file_kind', '=', 'temporary')
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Closes a temporary file (its people are released by `releasePeople`). */
export async function closeTemporary(
  conn: Conn,
  id: number,
  version: number,
  userId: number,
): Promise<boolean> {
  const r = await conn
    .updateTable('households')
    .set({
      status: 'closed',
      version: sql`version + 1`,
      updated_at: sql`now()`,
      updated_by: userId,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('file_kind', '=', 'temporary')
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A closed file no longer holds its people (one person, one active file). */
export async function releasePeople(conn: Conn, householdId: number): Promise<void> {
  await conn
    .updateTable('household_members')
    .set({ active_id_number_hash: null })
    .where('household_id', '=', householdId)
    .execute();
}
