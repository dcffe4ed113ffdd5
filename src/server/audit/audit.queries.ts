import { sql } from 'kysely';
import type { Conn } from '../db/database';
import type { AuditQuery } from '../../shared/audit/audit-event';

export type NewAuditRow = {
  actor_user_id: number | null;
  actor_username: string | null;
  actor_node_id: number | null;
  node_id: number | null;
  action: string;
  entity_type: string;
  entity_id: number | null;
  details: Record<string, unknown>;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  request_id: string | null;
  ip: string | null;
};

export async function insertAuditRow(conn: Conn, row: NewAuditRow): Promise<void> {
  await conn
    .insertInto('audit_log')
    .values({
      ...row,
      details: JSON.stringify(row.details),
      before: row.before === null ? null : JSON.stringify(row.before),
      after: row.after === null ? null : JSON.stringify(row.after),
    })
    .execute();
}

/**
 * A page of audit records, newest first, limited in SQL to records owned by a
 * node inside `scopePath`. Records without a node (a failed login for an unknown
 * name) are visible only to a scope that starts at a root node.
 */
export async function selectAuditPage(conn: Conn, scopePath: string, q: AuditQuery) {
  const isRootScope = scopePath.split('/').filter(Boolean).length === 1;
  let query = conn
    .selectFrom('audit_log as a')
    .leftJoin('org_nodes as n', 'n.id', 'a.node_id')
    .select([
      'a.id',
      'a.at',
      'a.actor_user_id',
      'a.actor_username',
      'a.actor_node_id',
      'a.node_id',
      'n.name as node_name',
      'a.action',
      'a.entity_type',
      'a.entity_id',
      'a.details',
      'a.before',
      'a.after',
      'a.request_id',
      'a.ip',
    ])
    .where((eb) =>
      isRootScope
        ? eb.or([eb('n.path', 'like', `${scopePath}%`), eb('a.node_id', 'is', null)])
        : eb('n.path', 'like', `${scopePath}%`),
    );
  if (q.userId) query = query.where('a.actor_user_id', '=', q.userId);
  if (q.entityType) query = query.where('a.entity_type', '=', q.entityType);
  if (q.entityId) query = query.where('a.entity_id', '=', q.entityId);
  if (q.action) query = query.where('a.action', 'like', `${q.action}%`);
  if (q.from)
    query = query.where(
      'a.at',
      '>=',
      sql<Date>`(${q.from}::date)::timestamp at time zone 'Asia/Shanghai'`,
    );
  if (q.to)
    query = query.where(
      'a.at',
      '<',
      sql<Date>`(${q.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`,
    );
  if (q.nodeId) {
    // The chosen node and everything under it, still inside the caller's scope.
    query = query.where('n.path', 'like', (eb) =>
      eb
        .selectFrom('org_nodes as f')
        .select(sql<string>`f.path || '%'`.as('p'))
        .where('f.id', '=', q.nodeId!),
    );
  }
  if (q.before) query = query.where('a.id', '<', q.before);
  return query
    .orderBy('a.id', 'desc')
    .limit(q.limit + 1)
    .execute();
}

/** Many audit rows in one statement (a batch job's records). */
export async function insertAuditRows(conn: Conn, rows: NewAuditRow[]): Promise<void> {
  if (!rows.length) return;
  await conn
    .insertInto('audit_log')
    .values(
      rows.map((row) => ({
        ...row,
        details: JSON.stringify(row.details),
        before: row.before === null ? null : JSON.stringify(row.before),
        after: row.after === null ? null : JSON.stringify(row.after),
      })),
    )
    .execute();
}
