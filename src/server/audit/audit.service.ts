import type { Conn, Db } from '../db/database';
import type { Actor, RequestContext } from '../http/context';
import {
  auditEventSchema,
  diffSnapshots,
  type AuditEntityType,
  type AuditEvent,
  type AuditQuery,
} from '../../shared/audit/audit-event';
import { insertAuditRow, insertAuditRows, selectAuditPage } from './audit.queries';

/** Who did it, as far as it is known (a CLI run or a failed login has no actor). */
export type AuditSource = {
  actor?: Pick<Actor, 'userId' | 'username' | 'nodeId'> | null;
  requestId?: string | null;
  ip?: string | null;
};

export type AuditRecord = AuditEvent & {
  entityType: AuditEntityType;
  entityId: number | null;
  /** The node that owns the record: decides who may read this entry. */
  nodeId: number | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
};

export function auditSourceOf(ctx: RequestContext): AuditSource {
  return { actor: ctx.actor, requestId: ctx.requestId, ip: ctx.ip };
}

/**
 * Appends one audit record. Call it with the transaction of the change it
 * records, so the change and its record commit or roll back together.
 */
export async function recordAudit(
  conn: Conn,
  source: AuditSource,
  record: AuditRecord,
): Promise<void> {
  await insertAuditRow(conn, auditRowOf(source, record));
}

/** Appends many records of one source in one statement (a batch job), same rules. */
export async function recordAudits(
  conn: Conn,
  source: AuditSource,
  records: AuditRecord[],
): Promise<void> {
  await insertAuditRows(
    conn,
    records.map((r) => auditRowOf(source, r)),
  );
}

function auditRowOf(source: AuditSource, record: AuditRecord) {
  const event = auditEventSchema.parse({ action: record.action, details: record.details });
  return {
    actor_user_id: source.actor?.userId ?? null,
    actor_username: source.actor?.username ?? null,
    actor_node_id: source.actor?.nodeId ?? null,
    node_id: record.nodeId,
    action: event.action,
    entity_type: record.entityType,
    entity_id: record.entityId,
    details: event.details,
    before: record.before ?? null,
    after: record.after ?? null,
    request_id: source.requestId ?? null,
    ip: source.ip ?? null,
  };
}

/** A page of the audit log within the caller's subtree, newest first, with field-level changes. */
export async function findAuditRecords(db: Db, ctx: RequestContext, query: AuditQuery) {
  const rows = await selectAuditPage(db, ctx.actor.scopePath, query);
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actorUserId: r.actor_user_id,
      actorUsername: r.actor_username,
      nodeId: r.node_id,
      nodeName: r.node_name,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      details: r.details,
      changes: diffSnapshots(r.before, r.after),
      requestId: r.request_id,
      ip: r.ip,
    })),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
