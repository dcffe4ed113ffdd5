import { inTransaction, type Conn, type Db } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import type { HardshipCategory } from '../../shared/households/policy';
import { maskPersonName } from '../../shared/reports/mask-name';
import {
  applyTransferAction,
  isOpenTransfer,
  rolesFor,
  transferActionLabels,
  transferActionsFor,
  transferStatuses,
  whoMayActOnTransfer,
  type TransferActionRequest,
  type TransferActorPosition,
  type TransferQuery,
  type TransferReason,
  type TransferRequest,
  type TransferStatus,
  type TransferTargetNode,
  type TransferView,
} from '../../shared/transfers/transfer';
import { auditSourceOf, recordAudit } from '../audit/audit.service';
import { recordCaseEvent } from '../cases/cases.service';
import { assessStoredFile } from '../households/households.service';
import * as q from './transfers.queries';

/**
 * 转移: a file moves from its node to another with approval at both ends
 * (docs/transfers-and-reporting.md). The pure rules are in
 * src/shared/transfers/transfer.ts; here they meet the stored transfers:
 * decisions are conditional updates on `version`, the move and its audit
 * record share one transaction.
 */

function positionOf(ctx: RequestContext, row: q.TransferRow): TransferActorPosition {
  return {
    roles: ctx.actor.roles,
    coversOrigin: row.from_node_path.startsWith(ctx.actor.scopePath),
    coversDestination: row.to_node_path.startsWith(ctx.actor.scopePath),
    isRequester: row.requested_by === ctx.actor.userId,
  };
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

function present(ctx: RequestContext, row: q.TransferRow): TransferView {
  const status = row.status as TransferStatus;
  return {
    id: row.id,
    version: row.version,
    householdId: row.household_id,
    status,
    reason: row.reason as TransferReason,
    note: row.note,
    headNameMasked: maskPersonName(row.head_name),
    category: row.category as HardshipCategory | null,
    memberCount: row.member_count,
    fileKind: row.file_kind as TransferView['fileKind'],
    fromNode: { id: row.from_node_id, name: row.from_name, code: row.from_code },
    toNode: { id: row.to_node_id, name: row.to_name, code: row.to_code },
    requestedBy: row.requested_by_name,
    requestedAt: iso(row.requested_at)!,
    releasedBy: row.released_by_name,
    releasedAt: iso(row.released_at),
    releaseOpinion: row.release_opinion,
    decidedBy: row.decided_by_name,
    decidedAt: iso(row.decided_at),
    decisionOpinion: row.decision_opinion,
    actions: transferActionsFor(status, positionOf(ctx, row)),
  };
}

/** 按编码查找: the name, code and type of an active node by its exact code, to confirm a target. */
export async function findTargetNode(db: Db, code: string): Promise<TransferTargetNode> {
  const node = await q.selectActiveNodeByCode(db, code.trim());
  if (!node)
    throw new AppError('NOT_FOUND', `no active node with code ${code}`, {
      userMessage: `没有编码为“${code}”的在用组织，请向接收单位核实编码`,
    });
  return { id: node.id, code: node.code, name: node.name, type: node.type };
}

/**
 * Asks to move a file to the node with the given code. The file must be in
 * the caller's scope and active, with no other transfer open.
 */
export async function requestTransfer(
  db: Db,
  ctx: RequestContext,
  householdId: number,
  input: TransferRequest,
): Promise<TransferView> {
  return inTransaction(db, async (trx) => {
    const file = await q.selectHouseholdInScope(trx, ctx.actor.scopePath, householdId);
    if (!file) throw new AppError('NOT_FOUND', `household ${householdId} not found`);
    if (file.status !== 'active')
      throw new AppError(
        'INVALID_STATE',
        `household ${householdId} is ${file.status}: only an active file moves`,
        {
          userMessage: '只有在档（有效）的档案可以转移',
          details: { status: file.status, allowed: [] },
        },
      );
    const target = await q.selectActiveNodeByCode(trx, input.toNodeCode);
    if (!target)
      throw new AppError('VALIDATION', `toNodeCode: no active node with code ${input.toNodeCode}`, {
        userMessage: `没有编码为“${input.toNodeCode}”的在用组织`,
        issues: [{ path: 'toNodeCode', message: 'not found' }],
      });
    if (target.id === file.node_id)
      throw new AppError('VALIDATION', 'toNodeCode: the file is already kept there', {
        userMessage: '档案已在该组织，无需转移',
        issues: [{ path: 'toNodeCode', message: 'the file is already kept there' }],
      });
    const id = await q
      .insertTransfer(trx, {
        household_id: householdId,
        from_node_id: file.node_id,
        from_node_path: file.node_path,
        to_node_id: target.id,
        to_node_path: target.path,
        reason: input.reason,
        note: input.note,
        requested_by: ctx.actor.userId,
      })
      .catch((error: unknown) => {
        throw isOpenTransferClash(error)
          ? new AppError('CONFLICT', `household ${householdId} already has an open transfer`, {
              userMessage: '该档案已有进行中的转移申请',
              details: { reason: 'transfer_open' },
            })
          : error;
      });
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'transfer.requested',
      details: {
        transferId: id,
        reason: input.reason,
        fromNodeId: file.node_id,
        toNodeId: target.id,
        toNodeName: target.name,
      },
      entityType: 'household',
      entityId: householdId,
      nodeId: file.node_id,
      after: { transferStatus: 'requested', toNodeId: target.id },
    });
    return present(ctx, (await q.selectTransferInScope(trx, '/', id))!);
  });
}

function isOpenTransferClash(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string };
  return (
    e?.code === '23505' &&
    (e.constraint === 'household_transfers_open_key' ||
      String(e.message).includes('household_transfers_open_key'))
  );
}

async function loadTransfer(conn: Conn, ctx: RequestContext, id: number) {
  const row = await q.selectTransferInScope(conn, ctx.actor.scopePath, id);
  if (!row) throw new AppError('NOT_FOUND', `transfer ${id} not found`);
  return row;
}

export async function getTransfer(db: Db, ctx: RequestContext, id: number): Promise<TransferView> {
  return present(ctx, await loadTransfer(db, ctx, id));
}

/** Outgoing (转出) or incoming (转入) transfers of the caller's subtree, newest first. */
export async function listTransfers(db: Db, ctx: RequestContext, query: TransferQuery) {
  const statuses =
    query.status === 'all'
      ? null
      : query.status === 'open'
        ? transferStatuses.filter(isOpenTransfer)
        : [query.status];
  const rows = await q.selectTransfers(db, {
    scopePath: ctx.actor.scopePath,
    direction: query.direction,
    statuses,
    limit: query.limit,
    before: query.before,
  });
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => present(ctx, r)),
    nextBefore: rows.length > query.limit ? page.at(-1)!.id : null,
  };
}

/** The transfers of one file in scope (history and the open one). */
export async function listHouseholdTransfers(
  db: Db,
  ctx: RequestContext,
  householdId: number,
): Promise<TransferView[]> {
  if (!(await q.selectHouseholdInScope(db, ctx.actor.scopePath, householdId)))
    throw new AppError('NOT_FOUND', `household ${householdId} not found`);
  return (await q.selectTransfersOfHousehold(db, householdId)).map((r) => present(ctx, r));
}

function transferMoved(id: number): AppError {
  return new AppError('CONFLICT', `transfer ${id} has been decided by someone else; reload`, {
    userMessage: '该转移申请已由他人办理，请刷新后查看',
    details: { reason: 'transfer_moved' },
  });
}

const sideNames = { origin: '转出方', destination: '接收方', requester: '申请人' } as const;

/**
 * Takes one decision on a transfer: release (origin), accept (destination),
 * refuse (either end, with an opinion), cancel (the requester). On acceptance
 * the file moves to the destination node in the same transaction, with its
 * region (and a re-assessment) when the destination's differs.
 */
export async function actOnTransfer(
  db: Db,
  ctx: RequestContext,
  id: number,
  request: TransferActionRequest,
): Promise<TransferView> {
  return inTransaction(db, async (trx) => {
    const row = await loadTransfer(trx, ctx, id);
    const status = row.status as TransferStatus;
    if (row.version !== request.version) throw transferMoved(id);
    const next = applyTransferAction(status, request.action, { opinion: request.opinion });
    const refusal = whoMayActOnTransfer(status, request.action, positionOf(ctx, row));
    if (refusal)
      throw new AppError(
        'FORBIDDEN',
        `${request.action}: not for you (${refusal.reason}, ${refusal.side} side)`,
        {
          userMessage:
            refusal.reason === 'requester'
              ? '只有申请人可以撤销转移申请'
              : refusal.reason === 'side'
                ? `“${transferActionLabels[request.action].zh}”须由${sideNames[refusal.side]}办理`
                : `“${transferActionLabels[request.action].zh}”须由${sideNames[refusal.side]}的${rolesFor(status, request.action).join('、')}办理`,
          details: { reason: `transfer_${refusal.reason}`, side: refusal.side },
        },
      );
    const opinion = request.opinion?.trim() || null;
    // The origin side's decision (release or refusal) fills the release columns; the rest the decision's.
    const side = status === 'requested' && request.action !== 'cancel' ? 'release' : 'decision';
    if (request.action === 'accept') await moveFile(trx, ctx, row);
    if (
      !(await q.moveTransfer(trx, id, row.version, status, next, {
        userId: ctx.actor.userId,
        opinion,
        side,
      }))
    )
      throw transferMoved(id);
    if (request.action !== 'accept') {
      const onOrigin = status === 'requested';
      await recordAudit(trx, auditSourceOf(ctx), {
        action:
          request.action === 'release'
            ? 'transfer.released'
            : request.action === 'cancel'
              ? 'transfer.cancelled'
              : 'transfer.refused',
        details: {
          transferId: id,
          fromNodeId: row.from_node_id,
          toNodeId: row.to_node_id,
          opinion,
        },
        entityType: 'household',
        entityId: row.household_id,
        nodeId: onOrigin ? row.from_node_id : row.to_node_id,
        before: { transferStatus: status },
        after: { transferStatus: next },
      });
    }
    return present(ctx, (await q.selectTransferInScope(trx, '/', id))!);
  });
}

/** The move itself: the file goes to the destination node, re-assessed if its region changes. */
async function moveFile(trx: Conn, ctx: RequestContext, row: q.TransferRow): Promise<void> {
  const file = await q.lockHousehold(trx, row.household_id);
  if (file.status !== 'active')
    throw new AppError('INVALID_STATE', `household ${file.id} is ${file.status}: it cannot move`, {
      userMessage: '档案已不在档，不能接收；请拒绝该转移申请',
      details: { status: file.status, allowed: ['refuse'] },
    });
  const to = await q.selectNode(trx, row.to_node_id);
  if (!to.is_active)
    throw new AppError('INVALID_STATE', `node ${to.id} is deactivated: it cannot take files`, {
      userMessage: `接收单位“${to.name}”已停用，不能接收；请拒绝该转移申请`,
      details: { allowed: ['refuse'] },
    });
  const regionCode =
    to.region_code && to.region_code !== file.region_code ? to.region_code : file.region_code;
  if (
    !(await q.moveHousehold(trx, file.id, row.from_node_id, {
      nodeId: to.id,
      nodePath: to.path,
      regionCode,
      userId: ctx.actor.userId,
    }))
  )
    throw new AppError('CONFLICT', `household ${file.id} is no longer kept by the origin node`, {
      userMessage: '档案已不在转出单位（可能已被修改），请拒绝后重新申请',
      details: { reason: 'household_moved' },
    });
  const source = auditSourceOf(ctx);
  const regionChanged = regionCode !== file.region_code;
  await recordCaseEvent(trx, source, file.id, 'transfer', {
    ...(await q.selectCaseState(trx, file.id)),
    opinion: row.note,
    record: { from: row.from_name, to: row.to_name },
  });
  await recordAudit(trx, source, {
    action: 'household.transferred',
    details: {
      transferId: row.id,
      fromNodeId: row.from_node_id,
      fromNodeName: row.from_name,
      toNodeId: to.id,
      toNodeName: to.name,
      regionChanged,
    },
    entityType: 'household',
    entityId: file.id,
    nodeId: to.id,
    before: { nodeId: row.from_node_id, nodeName: row.from_name, regionCode: file.region_code },
    after: { nodeId: to.id, nodeName: to.name, regionCode },
  });
  // A new county may mean another 低保 line: the file is judged again where it now lives.
  if (regionChanged) await assessStoredFile(trx, source, file.id, 'reassessed');
}
