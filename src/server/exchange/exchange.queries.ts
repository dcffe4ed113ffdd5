import type { Conn } from '../db/database';

/** The only SQL of the exchange file. Every read is scoped by node_path in the SQL. */

export async function selectNodeInScope(conn: Conn, scopePath: string, id: number) {
  return conn
    .selectFrom('org_nodes')
    .select(['id', 'path', 'code', 'name'])
    .where('id', '=', id)
    .where('path', 'like', `${scopePath}%`)
    .executeTakeFirst();
}

/** Active files of a subtree, after `afterId`, in id order, with their sealed values. */
export async function selectArchivePage(conn: Conn, path: string, afterId: number, limit: number) {
  return conn
    .selectFrom('households as h')
    .innerJoin('org_nodes as n', 'n.id', 'h.node_id')
    .select([
      'h.id',
      'n.code as node_code',
      'h.file_no',
      'h.case_status',
      'h.phone_enc',
      'h.bank_account_enc',
    ])
    .where('h.node_path', 'like', `${path}%`)
    .where('h.status', '=', 'active')
    .where('h.id', '>', afterId)
    .orderBy('h.id')
    .limit(limit)
    .execute();
}

export async function selectSealedMembers(conn: Conn, householdIds: number[]) {
  if (!householdIds.length) return [];
  return conn
    .selectFrom('household_members')
    .select(['id', 'household_id', 'id_number_enc', 'diagnosis_enc'])
    .where('household_id', 'in', householdIds)
    .where('removed_at', 'is', null)
    .execute();
}

/** The receiving instance's nodes by code, within the caller's scope. */
export async function selectNodesByCode(conn: Conn, scopePath: string, codes: string[]) {
  if (!codes.length) return [];
  return conn
    .selectFrom('org_nodes')
    .select(['id', 'code'])
    .where('code', 'in', codes)
    .where('path', 'like', `${scopePath}%`)
    .execute();
}
