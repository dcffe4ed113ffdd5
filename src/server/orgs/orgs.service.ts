import { inTransaction, type Db } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import type {
  CreateOrgNodeInput,
  MoveOrgNodeInput,
  OrgNode,
  OrgNodeType,
  UpdateOrgNodeInput,
} from '../../shared/orgs/org-node';
import { findRegion } from '../../shared/regions/region-code';
import { auditSourceOf, recordAudit, type AuditSource } from '../audit/audit.service';
import { moveProblem, placementProblem } from './orgs.policy';
import * as q from './orgs.queries';

type Row = NonNullable<Awaited<ReturnType<typeof q.selectNodeInScope>>>;
type Conn = Parameters<typeof q.selectNodeInScope>[0];

export function presentNode(
  row: Omit<Row, 'child_count'> & { child_count?: number | null },
): OrgNode {
  return {
    id: row.id,
    parentId: row.parent_id,
    code: row.code,
    name: row.name,
    type: row.type as OrgNodeType,
    regionCode: row.region_code,
    address: row.address,
    phone: row.phone,
    isActive: row.is_active,
    depth: row.depth,
    childCount: row.child_count ?? 0,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}

function snapshot(row: Omit<Row, 'child_count'>) {
  return {
    parentId: row.parent_id,
    code: row.code,
    name: row.name,
    type: row.type,
    regionCode: row.region_code,
    address: row.address,
    phone: row.phone,
    isActive: row.is_active,
  };
}

/** A node inside the caller's subtree, or NOT_FOUND (the same answer for "elsewhere" and "absent"). */
export async function getOrgNode(db: Db, ctx: RequestContext, id: number) {
  const row = await q.selectNodeInScope(db, ctx.actor.scopePath, id);
  if (!row) throw new AppError('NOT_FOUND', `org node ${id} not found`);
  const ancestors = await q.selectAncestors(db, row.path);
  return {
    ...presentNode(row),
    // Ancestors above the caller's own node are named but not linked.
    ancestors: ancestors.map((a) => ({
      id: a.id,
      name: a.name,
      type: a.type,
      isInScope: a.path.startsWith(ctx.actor.scopePath),
    })),
    region: row.region_code ? (findRegion(row.region_code) ?? null) : null,
  };
}

/** The materialised path of a node inside the caller's subtree (for other domains' scoped filters). */
export async function getOrgNodePath(db: Db, ctx: RequestContext, id: number): Promise<string> {
  const row = await q.selectNodeInScope(db, ctx.actor.scopePath, id);
  if (!row) throw new AppError('NOT_FOUND', `org node ${id} not found`);
  return row.path;
}

/** The caller's own node: the root of everything they see. */
export async function getOwnRoot(db: Db, ctx: RequestContext) {
  return getOrgNode(db, ctx, ctx.actor.nodeId);
}

export async function findOrgChildren(
  db: Db,
  ctx: RequestContext,
  parentId: number,
  includeInactive: boolean,
) {
  const parent = await q.selectNodeInScope(db, ctx.actor.scopePath, parentId);
  if (!parent) throw new AppError('NOT_FOUND', `org node ${parentId} not found`);
  const rows = await q.selectChildren(db, ctx.actor.scopePath, parentId, includeInactive);
  return rows.map(presentNode);
}

export async function searchOrgNodes(db: Db, ctx: RequestContext, text: string) {
  const rows = await q.searchNodes(db, ctx.actor.scopePath, text.trim(), 50);
  return rows.map(presentNode);
}

/** Creates a node under a parent inside the caller's subtree. */
export async function createOrgNode(
  db: Db,
  ctx: RequestContext,
  input: CreateOrgNodeInput,
): Promise<OrgNode> {
  return inTransaction(db, async (trx) => {
    const row = await insertChildNode(trx, ctx.actor.scopePath, auditSourceOf(ctx), input);
    return presentNode(row);
  });
}

/** Shared by the form and the Excel importer: one node, audited, in the caller's transaction. */
export async function insertChildNode(
  trx: Conn,
  scopePath: string,
  source: AuditSource,
  input: CreateOrgNodeInput,
) {
  const parent = await q.lockNodeInScope(trx, scopePath, input.parentId);
  if (!parent) throw new AppError('NOT_FOUND', `parentId: org node ${input.parentId} not found`);
  const problem = placementProblem(parent, input.type);
  if (problem)
    throw new AppError('INVALID_STATE', `parentId: ${problem}`, {
      issues: [{ path: 'parentId', message: problem }],
    });
  const id = await q.nextNodeId(trx);
  const row = {
    id,
    parent_id: parent.id,
    path: `${parent.path}${id}/`,
    depth: parent.depth + 1,
    code: input.code,
    name: input.name,
    type: input.type,
    region_code: input.regionCode ?? null,
    address: input.address ?? null,
    phone: input.phone ?? null,
  };
  await q.insertNode(trx, row);
  const created = (await q.selectNodeInScope(trx, scopePath, id))!;
  await recordAudit(trx, source, {
    action: 'org.created',
    details: {},
    entityType: 'org_node',
    entityId: id,
    nodeId: id,
    after: snapshot(created),
  });
  return created;
}

/** Renames or edits a node, refusing a stale version with CONFLICT. */
export async function updateOrgNode(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: UpdateOrgNodeInput,
): Promise<OrgNode> {
  return inTransaction(db, async (trx) => {
    const before = await q.lockNodeInScope(trx, ctx.actor.scopePath, id);
    if (!before) throw new AppError('NOT_FOUND', `org node ${id} not found`);
    const fields = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.regionCode !== undefined ? { region_code: input.regionCode } : {}),
      ...(input.address !== undefined ? { address: input.address } : {}),
      ...(input.phone !== undefined ? { phone: input.phone } : {}),
    };
    if (!(await q.updateNodeFields(trx, id, input.version, fields)))
      throw staleVersion('org node', id, before.version, input.version);
    const after = (await q.selectNodeInScope(trx, ctx.actor.scopePath, id))!;
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'org.updated',
      details: {},
      entityType: 'org_node',
      entityId: id,
      nodeId: id,
      before: snapshot(before),
      after: snapshot(after),
    });
    return presentNode(after);
  });
}

/**
 * Moves a node and its whole subtree under a new parent. Everything that belongs
 * to the moved nodes (users, later households and cases) moves with them, since
 * records point at nodes and scope follows the rewritten paths.
 */
export async function moveOrgNode(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: MoveOrgNodeInput,
): Promise<OrgNode> {
  return inTransaction(db, async (trx) => {
    const node = await q.lockNodeInScope(trx, ctx.actor.scopePath, id);
    if (!node) throw new AppError('NOT_FOUND', `org node ${id} not found`);
    if (node.version !== input.version)
      throw staleVersion('org node', id, node.version, input.version);
    const newParent = await q.lockNodeInScope(trx, ctx.actor.scopePath, input.newParentId);
    if (!newParent)
      throw new AppError('NOT_FOUND', `newParentId: org node ${input.newParentId} not found`);
    const problem = moveProblem(node, newParent, ctx.actor.scopePath);
    if (problem)
      throw new AppError('INVALID_STATE', `newParentId: ${problem}`, {
        issues: [{ path: 'newParentId', message: problem }],
      });
    const newPath = `${newParent.path}${node.id}/`;
    const moved = await q.moveSubtree(trx, node.path, newPath, newParent.depth + 1 - node.depth);
    await q.setParent(trx, node.id, newParent.id);
    const after = (await q.selectNodeInScope(trx, ctx.actor.scopePath, id))!;
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'org.moved',
      details: {
        fromParentId: node.parent_id!,
        toParentId: newParent.id,
        descendantsMoved: moved - 1,
      },
      entityType: 'org_node',
      entityId: id,
      nodeId: id,
      before: snapshot(node),
      after: snapshot(after),
    });
    return presentNode(after);
  });
}

/**
 * Deactivates (or reactivates) a node. Nodes are never deleted: records that
 * belong to them must stay readable. A node with active children is refused.
 */
export async function setOrgNodeActive(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: { isActive: boolean; version: number },
): Promise<OrgNode> {
  return inTransaction(db, async (trx) => {
    const node = await q.lockNodeInScope(trx, ctx.actor.scopePath, id);
    if (!node) throw new AppError('NOT_FOUND', `org node ${id} not found`);
    if (node.path === ctx.actor.scopePath)
      throw new AppError('INVALID_STATE', 'you cannot deactivate the node you belong to');
    if (node.is_active === input.isActive)
      throw new AppError(
        'INVALID_STATE',
        `the node is already ${input.isActive ? 'active' : 'deactivated'}`,
      );
    if (!input.isActive) {
      const active = await q.countActiveChildren(trx, id);
      if (active > 0)
        throw new AppError(
          'INVALID_STATE',
          `the node has ${active} active child nodes; deactivate or move them first`,
          {
            details: { activeChildren: active },
          },
        );
    } else if (node.parent_id !== null) {
      const parent = await q.selectNodeInScope(trx, '/', node.parent_id);
      if (parent && !parent.is_active)
        throw new AppError('INVALID_STATE', 'reactivate the parent node first');
    }
    if (!(await q.updateNodeFields(trx, id, input.version, { is_active: input.isActive })))
      throw staleVersion('org node', id, node.version, input.version);
    const after = (await q.selectNodeInScope(trx, ctx.actor.scopePath, id))!;
    await recordAudit(trx, auditSourceOf(ctx), {
      action: input.isActive ? 'org.reactivated' : 'org.deactivated',
      details: {},
      entityType: 'org_node',
      entityId: id,
      nodeId: id,
      before: snapshot(node),
      after: snapshot(after),
    });
    return presentNode(after);
  });
}

/** Active nodes by type under a node: the service network's size (R1 coverage). */
export async function getNetworkFigures(db: Db, ctx: RequestContext, id: number) {
  const node = await q.selectNodeInScope(db, ctx.actor.scopePath, id);
  if (!node) throw new AppError('NOT_FOUND', `org node ${id} not found`);
  const rows = await q.countByType(db, node.path);
  return Object.fromEntries(rows.map((r) => [r.type, r.count])) as Partial<
    Record<OrgNodeType, number>
  >;
}

export function staleVersion(what: string, id: number, current: number, given: number): AppError {
  return new AppError(
    'CONFLICT',
    `${what} ${id} was changed by someone else (version ${given} is stale, current is ${current}); reload and try again`,
    {
      details: { currentVersion: current, givenVersion: given },
    },
  );
}

/** Finds the node a CLI or an importer names by its code, within a scope. */
export async function getOrgNodeByCode(db: Db, scopePath: string, code: string) {
  const row = await q.selectNodeByCodeInScope(db, scopePath, code);
  if (!row) throw new AppError('NOT_FOUND', `org node with code ${code} not found`);
  return row;
}

/** Creates the root of the tree on first start; returns it either way. */
export async function ensureRootNode(
  db: Db,
  root: { name: string; code: string; type: OrgNodeType; regionCode: string | null },
) {
  const existing = await q.selectRoot(db);
  if (existing) return existing;
  return inTransaction(db, async (trx) => {
    const id = await q.nextNodeId(trx);
    await q.insertNode(trx, {
      id,
      parent_id: null,
      path: `/${id}/`,
      depth: 0,
      code: root.code,
      name: root.name,
      type: root.type,
      region_code: root.regionCode,
      address: null,
      phone: null,
    });
    await recordAudit(
      trx,
      { actor: null },
      {
        action: 'org.created',
        details: {},
        entityType: 'org_node',
        entityId: id,
        nodeId: id,
        after: { ...root },
      },
    );
    return (await q.selectRoot(trx))!;
  });
}

/**
 * The region a node governs: the region code of the nearest node, itself or an
 * ancestor, that has one; null when none has (the root: every region).
 */
export async function getGoverningRegionCode(db: Db, nodePath: string): Promise<string | null> {
  return q.selectNearestRegionCode(db, nodePath);
}
