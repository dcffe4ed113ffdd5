import type { ReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { inTransaction, type Db } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import type { DocumentType, HouseholdFile } from '../../shared/households/household-file';
import {
  isInlineContentType,
  missingDocuments,
  type DocumentUpload,
  type HouseholdDocument,
  type HouseholdDocumentList,
} from '../../shared/households/documents';
import { auditSourceOf, recordAudit } from '../audit/audit.service';
import { loadFile } from '../households/households.service';
import { openBlob, storeUpload } from './file-store';
import * as q from './documents.queries';

/** Where documents live and how large one may be (config.documentsDir, documentMaxBytes). */
export type DocumentStore = { dir: string; maxBytes: number };
export type DocumentDeps = { db: Db; store: DocumentStore };

function presentDocument(r: q.DocumentRow): HouseholdDocument {
  return {
    id: r.id,
    docType: r.doc_type as DocumentType,
    fileName: r.file_name,
    contentType: r.content_type,
    sizeBytes: Number(r.size_bytes),
    sha256: r.sha256,
    note: r.note,
    memberId: r.member_id,
    memberName: r.member_name,
    uploadedBy: r.uploaded_by_name,
    uploadedAt: r.uploaded_at.toISOString(),
  };
}

/** The household file in the caller's scope (NOT_FOUND otherwise): checked before any byte is read. */
export async function getDocumentHousehold(
  db: Db,
  ctx: RequestContext,
  householdId: number,
): Promise<HouseholdFile> {
  return loadFile(db, ctx.actor.scopePath, householdId);
}

/** The household's documents, and what it still lacks for its current causes of hardship. */
export async function listDocuments(
  deps: DocumentDeps,
  ctx: RequestContext,
  householdId: number,
): Promise<HouseholdDocumentList> {
  const file = await loadFile(deps.db, ctx.actor.scopePath, householdId);
  const rows = await q.selectDocuments(deps.db, ctx.actor.scopePath, householdId);
  const items = rows.map(presentDocument);
  return {
    items,
    missing: missingDocuments([file.mainCause, ...file.secondaryCauses], items),
    members: file.members.map((m) => ({ id: m.id, name: m.name, relation: m.relation })),
    maxBytes: deps.store.maxBytes,
  };
}

/** The name as the user's computer called it, without any path or control characters. */
export function cleanFileName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\p{Cc}\p{Cf}]/gu, '').trim();
  return base.slice(0, 200) || '(未命名)';
}

/**
 * Adds a document to a household: the bytes go into the content-addressed store
 * (checked by content, at most `maxBytes`), then the row and its audit record
 * are written in one transaction. Should that fail, the stored bytes are an
 * orphan nobody points to: harmless, and reused by the next identical upload.
 */
export async function addDocument(
  deps: DocumentDeps,
  ctx: RequestContext,
  file: HouseholdFile,
  meta: DocumentUpload,
  upload: { fileName: string; stream: Readable; isTruncated?: () => boolean },
): Promise<HouseholdDocument> {
  if (meta.memberId !== undefined && !file.members.some((m) => m.id === meta.memberId))
    throw new AppError('VALIDATION', 'memberId: not a member of this household', {
      issues: [{ path: 'memberId', message: 'not a member of this household' }],
    });
  const blob = await storeUpload(
    deps.store.dir,
    upload.stream,
    deps.store.maxBytes,
    upload.isTruncated,
  );
  const fileName = cleanFileName(upload.fileName);
  return inTransaction(deps.db, async (trx) => {
    // Scope again inside the transaction: the file may have moved meanwhile.
    await loadFile(trx, ctx.actor.scopePath, file.id);
    const id = await q.insertDocument(trx, {
      household_id: file.id,
      member_id: meta.memberId ?? null,
      doc_type: meta.docType,
      file_name: fileName,
      content_type: blob.contentType,
      size_bytes: blob.sizeBytes,
      sha256: blob.sha256,
      note: meta.note ?? null,
      uploaded_by: ctx.actor.userId,
    });
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'household.document_added',
      details: { documentId: id, docType: meta.docType, fileName },
      entityType: 'household',
      entityId: file.id,
      nodeId: file.nodeId,
    });
    const row = await q.selectDocumentInScope(trx, ctx.actor.scopePath, file.id, id);
    if (!row) throw new AppError('INTERNAL', `document ${id} vanished`);
    return presentDocument(row);
  });
}

async function getDocumentRow(db: Db, ctx: RequestContext, householdId: number, id: number) {
  const row = await q.selectDocumentInScope(db, ctx.actor.scopePath, householdId, id);
  if (!row) throw new AppError('NOT_FOUND', `document ${id} of household ${householdId} not found`);
  return row;
}

/**
 * Opens a document's bytes for download. The read is written to the audit log
 * first (documents hold diagnoses and ID cards): no record, no bytes. Only PDF,
 * JPEG and PNG may be shown inline; everything else is an attachment.
 */
export async function readDocument(
  deps: DocumentDeps,
  ctx: RequestContext,
  householdId: number,
  documentId: number,
  wantsInline: boolean,
) {
  // Kept outside the transaction so a failed commit can close it again.
  const opened: { stream?: ReadStream } = {};
  try {
    const { row, stream } = await inTransaction(deps.db, async (trx) => {
      const found = await getDocumentRow(trx, ctx, householdId, documentId);
      // Bytes the store lost answer NOT_FOUND, and no read is recorded.
      opened.stream = await openBlob(deps.store.dir, found.sha256);
      await recordAudit(trx, auditSourceOf(ctx), {
        action: 'household.document_read',
        details: { documentId, docType: found.doc_type },
        entityType: 'household',
        entityId: householdId,
        nodeId: found.node_id,
      });
      return { row: found, stream: opened.stream };
    });
    return {
      stream,
      fileName: row.file_name,
      contentType: row.content_type,
      sizeBytes: Number(row.size_bytes),
      isInline: wantsInline && isInlineContentType(row.content_type),
    };
  } catch (error) {
    opened.stream?.destroy();
    throw error;
  }
}

/** Removes a document from the file (soft delete, audited); the stored bytes stay. */
export async function removeDocument(
  deps: DocumentDeps,
  ctx: RequestContext,
  householdId: number,
  documentId: number,
): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    const row = await getDocumentRow(trx, ctx, householdId, documentId);
    if (!(await q.markDocumentRemoved(trx, documentId, ctx.actor.userId)))
      throw new AppError('NOT_FOUND', `document ${documentId} already removed`);
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'household.document_removed',
      details: { documentId, docType: row.doc_type, fileName: row.file_name },
      entityType: 'household',
      entityId: householdId,
      nodeId: row.node_id,
    });
  });
}
