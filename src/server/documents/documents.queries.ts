import type { Insertable } from 'kysely';
import type { Conn } from '../db/database';
import type { HouseholdDocumentsTable } from '../db/schema';

/**
 * Household documents. Every query joins the household and keeps to the
 * caller's subtree (households.node_path LIKE scope || '%') in its SQL.
 */

const documentColumns = [
  'd.id',
  'd.household_id',
  'd.member_id',
  'd.doc_type',
  'd.file_name',
  'd.content_type',
  'd.size_bytes',
  'd.sha256',
  'd.note',
  'd.uploaded_at',
  'm.name as member_name',
  'u.display_name as uploaded_by_name',
  'h.node_id',
] as const;

function documentsInScope(conn: Conn, scopePath: string, householdId: number) {
  return conn
    .selectFrom('household_documents as d')
    .innerJoin('households as h', 'h.id', 'd.household_id')
    .leftJoin('household_members as m', 'm.id', 'd.member_id')
    .leftJoin('users as u', 'u.id', 'd.uploaded_by')
    .select(documentColumns)
    .where('d.household_id', '=', householdId)
    .where('h.node_path', 'like', `${scopePath}%`)
    .where('d.removed_at', 'is', null);
}

export type DocumentRow = Awaited<ReturnType<typeof selectDocuments>>[number];

/** The household's documents still in force, newest first. */
export async function selectDocuments(conn: Conn, scopePath: string, householdId: number) {
  return documentsInScope(conn, scopePath, householdId)
    .orderBy('d.uploaded_at', 'desc')
    .orderBy('d.id', 'desc')
    .execute();
}

/** One document of the household in scope, not removed; undefined otherwise. */
export async function selectDocumentInScope(
  conn: Conn,
  scopePath: string,
  householdId: number,
  documentId: number,
) {
  return documentsInScope(conn, scopePath, householdId)
    .where('d.id', '=', documentId)
    .executeTakeFirst();
}

export async function insertDocument(
  conn: Conn,
  row: Insertable<HouseholdDocumentsTable>,
): Promise<number> {
  const inserted = await conn
    .insertInto('household_documents')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}

/** Soft delete: the row stays for the record, the bytes stay (other rows may share them). */
export async function markDocumentRemoved(
  conn: Conn,
  documentId: number,
  userId: number,
): Promise<boolean> {
  const result = await conn
    .updateTable('household_documents')
    .set({ removed_at: new Date(), removed_by: userId })
    .where('id', '=', documentId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
