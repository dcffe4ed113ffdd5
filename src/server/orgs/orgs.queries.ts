import { sql } from 'kysely';
import type { Conn } from '../db/database';

const nodeColumns = [
  'n.id',
  'n.parent_id',
  'n.path',
  'n.depth',
  'n.code',
  'n.name',
  'n.type',
  'n.region_code',
  'n.address',
  'n.phone',
  'n.is_active',
  'n.version',
  'n.updated_at',
] as const;

export type NodeRow = Awaited<ReturnType<typeof selectNodeInScope>> & {};

function withChildCount(conn: Conn) {
  return conn
    .selectFrom('org_nodes as n')
    .select(nodeColumns)
    .select((eb) =>
      eb
        .selectFrom('org_nodes as c')
        .whereRef('c.parent_id', '=', 'n.id')
        .select(eb.fn.countAll<number>().as('c'))
        .as('child_count'),
    );
}

/** One node, only if it lies inside `scopePath`. */
export async function selectNodeInScope(conn: Conn, scopePath: string, id: number) {
  return withChildCount(conn)
    .where('n.id', '=', id)
    .where('n.path', 'like', `${scopePath}%`)
    .executeTakeFirst();
}

export async function selectNodeByCodeInScope(conn: Conn, scopePath: string, code: string) {
  return withChildCount(conn)
    .where('n.code', '=', code)
    .where('n.path', 'like', `${scopePath}%`)
    .executeTakeFirst();
}

/** Locks a node row for an update inside a transaction. */
export async function lockNodeInScope(conn: Conn, scopePath: string, id: number) {
  return conn
    .selectFrom('org_nodes as n')
    .select(nodeColumns)
    .where('n.id', '=', id)
    .where('n.path', 'like', `${scopePath}%`)
    .forUpdate()
    .executeTakeFirst();
}

export async function selectChildren(
  conn: Conn,
  scopePath: string,
  parentId: number,
  includeInactive: boolean,
) {
  let q = withChildCount(conn)
    .where('n.parent_id', '=', parentId)
    .where('n.path', 'like', `${scopePath}%`);
  if (!includeInactive) q = q.where('n.is_active', '=', true);
  return q.orderBy('n.type').orderBy('n.name').limit(2000).execute();
}

/** Nodes in scope whose name or code contains `text`, shallowest first. */
export async function searchNodes(conn: Conn, scopePath: string, text: string, limit: number) {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return withChildCount(conn)
    .where('n.path', 'like', `${scopePath}%`)
    .where((eb) =>
      eb.or([
        eb('n.name', 'like', pattern),
        eb('n.code', 'like', pattern),
        eb('n.region_code', '=', text),
      ]),
    )
    .orderBy('n.depth')
    .orderBy('n.name')
    .limit(limit)
    .execute();
}

/** Names of the ancestors of a node, root first, for breadcrumbs. */
export async function selectAncestors(conn: Conn, path: string) {
  const ids = path.split('/').filter(Boolean).map(Number);
  if (ids.length === 0) return [];
  return conn
    .selectFrom('org_nodes')
    .select(['id', 'name', 'type', 'path'])
    .where('id', 'in', ids)
    .orderBy('depth')
    .execute();
}

export async function nextNodeId(conn: Conn): Promise<number> {
  const r = await sql<{
    id: number;
  }>`select nextval(pg_get_serial_sequence('org_nodes', 'id'))::bigint as id`.execute(conn);
  return r.rows[0]!.id;
}

export async function insertNode(
  conn: Conn,
  row: {
    id: number;
    parent_id: number | null;
    path: string;
    depth: number;
    code: string;
    name: string;
    type: string;
    region_code: string | null;
    address: string | null;
    phone: string | null;
  },
) {
  await conn.insertInto('org_nodes').values(row).execute();
}

export async function updateNodeFields(
  conn: Conn,
  id: number,
  version: number,
  fields: {
    name?: string;
    region_code?: string | null;
    address?: string | null;
    phone?: string | null;
    is_active?: boolean;
  },
): Promise<boolean> {
  const r = await conn
    .updateTable('org_nodes')
    .set((eb) => ({ ...fields, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

/** Rewrites the paths of a whole subtree in one statement. */
export async function moveSubtree(
  conn: Conn,
  oldPrefix: string,
  newPrefix: string,
  depthDelta: number,
): Promise<number> {
  const r = await conn
    .updateTable('org_nodes')
    .set((eb) => ({
      path: sql<string>`${newPrefix} || substr(path, ${oldPrefix.length + 1})`,
      depth: eb('depth', '+', depthDelta),
      updated_at: new Date(),
    }))
    .where('path', 'like', `${oldPrefix}%`)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function setParent(conn: Conn, id: number, parentId: number) {
  await conn
    .updateTable('org_nodes')
    .set((eb) => ({ parent_id: parentId, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function countActiveChildren(conn: Conn, id: number): Promise<number> {
  const r = await conn
    .selectFrom('org_nodes')
    .select((eb) => eb.fn.countAll<number>().as('c'))
    .where('parent_id', '=', id)
    .where('is_active', '=', true)
    .executeTakeFirstOrThrow();
  return r.c;
}

export async function selectRoot(conn: Conn) {
  return conn
    .selectFrom('org_nodes')
    .select(['id', 'path', 'code', 'name'])
    .where('parent_id', 'is', null)
    .orderBy('id')
    .executeTakeFirst();
}

export async function selectCodesExisting(conn: Conn, codes: string[]) {
  if (codes.length === 0) return [];
  return conn
    .selectFrom('org_nodes')
    .select(['id', 'code', 'path', 'type', 'depth'])
    .where('code', 'in', codes)
    .execute();
}

/** Counts of nodes by type under a path: network coverage figures (R1). */
export async function countByType(conn: Conn, scopePath: string) {
  return conn
    .selectFrom('org_nodes')
    .select(['type', (eb) => eb.fn.countAll<number>().as('count')])
    .where('path', 'like', `${scopePath}%`)
    .where('is_active', '=', true)
    .groupBy('type')
    .execute();
}

/** Which of these codes some node already bears: codes are unique across the whole tree. */
export async function selectTakenCodes(conn: Conn, codes: string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await conn
    .selectFrom('org_nodes')
    .select('code')
    .where((eb) => eb('code', '=', eb.fn.any(eb.val(codes))))
    .execute();
  return rows.map((r) => r.code);
}

/** Nodes inside `scopePath` bearing one of these codes (the importer's parents). */
export async function selectNodesByCodesInScope(conn: Conn, scopePath: string, codes: string[]) {
  if (codes.length === 0) return [];
  return conn
    .selectFrom('org_nodes as n')
    .select(['n.id', 'n.code', 'n.type', 'n.is_active'])
    .where((eb) => eb('n.code', '=', eb.fn.any(eb.val(codes))))
    .where('n.path', 'like', `${scopePath}%`)
    .execute();
}

/** Children of these nodes (inside `scopePath`) that bear one of these names. */
export async function selectChildNamesInScope(
  conn: Conn,
  scopePath: string,
  parentIds: number[],
  names: string[],
) {
  if (parentIds.length === 0 || names.length === 0) return [];
  return conn
    .selectFrom('org_nodes as n')
    .select(['n.parent_id', 'n.name'])
    .where((eb) => eb('n.parent_id', '=', eb.fn.any(eb.val(parentIds))))
    .where((eb) => eb('n.name', '=', eb.fn.any(eb.val(names))))
    .where('n.path', 'like', `${scopePath}%`)
    .execute();
}

/** The region code of the deepest node on `path` (a node and its ancestors) that has one. */
export async function selectNearestRegionCode(conn: Conn, path: string): Promise<string | null> {
  const ids = path.split('/').filter(Boolean).map(Number);
  if (ids.length === 0) return null;
  const row = await conn
    .selectFrom('org_nodes')
    .select('region_code')
    .where('id', 'in', ids)
    .where('region_code', 'is not', null)
    .orderBy('depth', 'desc')
    .executeTakeFirst();
  return row?.region_code ?? null;
}
