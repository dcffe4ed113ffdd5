import { inTransaction, type Conn, type Db } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import { todayInShanghai } from '../../shared/households/id-number';
import {
  allowedExitActions,
  applyExitAction,
  exitKindLabels,
  exitRefusalMessages,
  followedUpKinds,
  whoMayActOnExit,
  type ExitAction,
  type ExitActionRequest,
  type ExitActorPosition,
  type ExitEvidence,
  type ExitKind,
  type ExitProposalInput,
  type ExitQueueItem,
  type ExitSource,
  type ExitStatus,
  type ExitVerification,
  type ExitView,
} from '../../shared/exits/exits';
import { checkOutOfHardship, type OutOfHardshipCheck } from '../../shared/exits/income-rule';
import { scheduleFollowUps } from '../../shared/exits/follow-ups';
import { auditSourceOf, recordAudit } from '../audit/audit.service';
import { workflowFor } from '../cases/cases.service';
import { cancelCardOfHousehold } from '../cards/cards.service';
import { reopenTaskAfterExit } from '../reviews/reviews.service';
import * as q from './exits.queries';

/**
 * The four exits (脱困 / 解困 / 注销 / 退档) of household files: the pure rules of
 * src/shared/exits/exits.ts applied to stored exits. Each action is checked for
 * state, actor and level, moves the exit with a conditional update on its
 * version, and writes its audit record in the same transaction. Approval takes
 * the household out (status exited), cancels its worker card and schedules the
 * follow-ups.
 */

/** Node types at county level or above (as the registration's approval step counts them). */
const countyOrAboveTypes = new Set(['national', 'province', 'city', 'county', 'service_centre']);

export async function exitPositionFor(
  conn: Conn,
  ctx: RequestContext,
): Promise<(fileNodePath: string) => ExitActorPosition> {
  const isCountyOrAbove = countyOrAboveTypes.has(await q.selectNodeType(conn, ctx.actor.nodeId));
  return (fileNodePath) => ({
    userId: ctx.actor.userId,
    roles: ctx.actor.roles,
    isInScope: fileNodePath.startsWith(ctx.actor.scopePath),
    isCountyOrAbove,
  });
}

export async function loadHousehold(
  conn: Conn,
  ctx: RequestContext,
  householdId: number,
  lock = false,
): Promise<q.ExitHousehold> {
  const row = await q.selectHouseholdInScope(conn, ctx.actor.scopePath, householdId, lock);
  if (!row) throw new AppError('NOT_FOUND', `household ${householdId} not found`);
  return row;
}

function refused(action: ExitAction | 'propose', reason: keyof typeof exitRefusalMessages) {
  return new AppError('FORBIDDEN', `${action} an exit: not for your ${reason}`, {
    userMessage: exitRefusalMessages[reason],
    details: { reason: `exit_${reason}`, action },
  });
}

/** The 6-month rule on the file's stored monthly incomes, with the region's number of months. */
export async function incomeCheckOf(
  conn: Conn,
  household: { id: number; region_code: string },
): Promise<OutOfHardshipCheck> {
  const config = await workflowFor(conn, household.region_code);
  const rows = await q.selectMonthlyIncomes(conn, household.id);
  return checkOutOfHardship(
    rows.map((r) => ({
      month: r.month,
      incomeFen: r.income_fen,
      memberCount: r.member_count,
      lineFen: r.line_fen,
    })),
    config.exitIncomeMonths,
  );
}

function incomeRuleFails(check: OutOfHardshipCheck): AppError {
  return new AppError(
    'INVALID_STATE',
    `out_of_hardship needs the income rule: ${check.explanation.en}`,
    {
      userMessage: `不能按脱困退出：${check.explanation.zh}`,
      details: { reason: 'income_rule', check },
    },
  );
}

/**
 * Proposes an exit of a registered, active file (退出申请). Called by the
 * route and by the annual review (source 'review', with its task). Runs in the
 * caller's transaction; writes the audit record there.
 */
export async function proposeExit(
  trx: Conn,
  ctx: RequestContext,
  householdId: number,
  input: ExitProposalInput & { source: ExitSource; reviewTaskId?: number },
): Promise<{ id: number }> {
  const household = await loadHousehold(trx, ctx, householdId, true);
  const refusal = whoMayActOnExit(
    'propose',
    (await exitPositionFor(trx, ctx))(household.node_path),
    null,
  );
  if (refusal) throw refused('propose', refusal);
  if (household.status !== 'active' || household.case_status !== 'registered')
    throw new AppError(
      'INVALID_STATE',
      `only a registered, active file can be proposed for exit; this one is ${household.status}/${household.case_status}`,
      {
        userMessage: '只有已建档且在档的困难职工档案才能提出退出',
        details: {
          reason: 'not_registered_active',
          status: household.status,
          caseStatus: household.case_status,
        },
      },
    );
  const open = await q.selectOpenExit(trx, householdId);
  if (open)
    throw new AppError('CONFLICT', `household ${householdId} already has an open exit proposal`, {
      userMessage: `该档案已有一份在办的退出申请（${exitKindLabels[open.kind as ExitKind].zh}），请先办结或撤回`,
      details: { reason: 'open_exit', exitId: open.id },
    });
  const documents = await q.selectDocuments(trx, householdId, input.documentIds);
  const missing = input.documentIds.filter((id) => !documents.some((d) => d.id === id));
  if (missing.length)
    throw new AppError(
      'VALIDATION',
      `documentIds: not documents of this file: ${missing.join(', ')}`,
      {
        userMessage: '所选证明材料不属于该档案',
        issues: [
          { path: 'documentIds', message: `not documents of this file: ${missing.join(', ')}` },
        ],
      },
    );
  const evidence: ExitEvidence = {
    documents: documents.map((d) => ({ id: d.id, docType: d.doc_type, fileName: d.file_name })),
  };
  if (input.kind === 'out_of_hardship') {
    const check = await incomeCheckOf(trx, household);
    if (!check.qualifies) throw incomeRuleFails(check);
    evidence.incomeCheck = check;
  }
  const id = await q.insertExit(trx, {
    household_id: householdId,
    kind: input.kind,
    reason_code: input.reasonCode,
    reason: input.reason,
    evidence: JSON.stringify(evidence),
    source: input.source,
    review_task_id: input.reviewTaskId ?? null,
    proposed_by: ctx.actor.userId,
  });
  await recordAudit(trx, auditSourceOf(ctx), {
    action: 'exit.proposed',
    details: { exitId: id, kind: input.kind, reasonCode: input.reasonCode, source: input.source },
    entityType: 'household',
    entityId: householdId,
    nodeId: household.node_id,
    after: {
      exitId: id,
      kind: input.kind,
      reasonCode: input.reasonCode,
      reason: input.reason,
      documentIds: input.documentIds,
    },
  });
  return { id };
}

/** The route's proposal: its own transaction, source 'manual'. */
export async function proposeExitManually(
  db: Db,
  ctx: RequestContext,
  householdId: number,
  input: ExitProposalInput,
): Promise<ExitView> {
  return inTransaction(db, async (trx) => {
    const { id } = await proposeExit(trx, ctx, householdId, { ...input, source: 'manual' });
    return presentExit(
      await q.selectExit(trx, id),
      await exitPositionFor(trx, ctx),
      await loadHousehold(trx, ctx, householdId),
    );
  });
}

function presentExit(
  row: q.ExitRow,
  position: (path: string) => ExitActorPosition,
  household: { node_path: string },
): ExitView {
  const status = row.status as ExitStatus;
  const actor = position(household.node_path);
  return {
    id: row.id,
    householdId: row.household_id,
    kind: row.kind as ExitKind,
    reasonCode: row.reason_code,
    reason: row.reason,
    source: row.source as ExitSource,
    status,
    evidence: row.evidence as ExitEvidence,
    proposedAt: new Date(row.proposed_at).toISOString(),
    proposedByName: row.proposed_by_name,
    verification: (row.verification ?? null) as ExitVerification | null,
    verifiedAt: row.verified_at ? new Date(row.verified_at).toISOString() : null,
    verifiedByName: row.verified_by_name,
    decidedAt: row.decided_at ? new Date(row.decided_at).toISOString() : null,
    decidedByName: row.decided_by_name,
    decisionOpinion: row.decision_opinion,
    effectiveOn: row.effective_on,
    version: row.version,
    actions: allowedExitActions(status).filter(
      (a) => whoMayActOnExit(a, actor, row.proposed_by) === null,
    ),
  };
}

/** A file's exits, latest first, with what the caller may do on the open one. */
export async function getExits(db: Db, ctx: RequestContext, householdId: number) {
  const household = await loadHousehold(db, ctx, householdId);
  const position = await exitPositionFor(db, ctx);
  const rows = await q.selectExits(db, householdId);
  const actor = position(household.node_path);
  return {
    householdId,
    status: household.status,
    caseStatus: household.case_status,
    exitKind: household.exit_kind,
    exitedAt: household.exited_at ? new Date(household.exited_at).toISOString() : null,
    canPropose:
      household.status === 'active' &&
      household.case_status === 'registered' &&
      !rows.some((r) => r.status === 'proposed' || r.status === 'verified') &&
      whoMayActOnExit('propose', actor, null) === null,
    exits: rows.map((r) => presentExit(r, position, household)),
  };
}
export type ExitsOverview = Awaited<ReturnType<typeof getExits>>;

function exitMoved(status: ExitStatus, version: number): AppError {
  return new AppError(
    'CONFLICT',
    `the exit has moved on: it is ${status} at version ${version}; reload and try again`,
    {
      userMessage: '该退出申请已由他人办理，请刷新后再办理',
      details: { reason: 'exit_moved', status, version },
    },
  );
}

/**
 * Takes one action on the file's open exit: verify, approve, reject or
 * withdraw. CONFLICT when the exit is not at the version the actor saw,
 * INVALID_STATE when the action is not allowed now (naming those that are),
 * FORBIDDEN when the actor may not take it.
 */
export async function actOnExit(
  db: Db,
  ctx: RequestContext,
  householdId: number,
  request: ExitActionRequest,
): Promise<ExitView> {
  return inTransaction(db, async (trx) => {
    const household = await loadHousehold(trx, ctx, householdId);
    const rows = await q.selectExits(trx, householdId);
    const exit = rows.find((r) => r.status === 'proposed' || r.status === 'verified') ?? rows[0];
    if (!exit)
      throw new AppError('INVALID_STATE', `household ${householdId} has no exit proposal`, {
        userMessage: '该档案没有退出申请',
        details: { reason: 'no_exit', allowed: [] },
      });
    const status = exit.status as ExitStatus;
    if (exit.version !== request.expectedVersion) throw exitMoved(status, exit.version);
    const opinion = 'opinion' in request ? request.opinion?.trim() || null : null;
    const next = applyExitAction(status, request.action, { opinion });
    const position = await exitPositionFor(trx, ctx);
    const refusal = whoMayActOnExit(
      request.action,
      position(household.node_path),
      exit.proposed_by,
    );
    if (refusal) throw refused(request.action, refusal);
    const today = todayInShanghai();
    let evidence: string | undefined;
    let effectiveOn: string | undefined;
    if (request.action === 'approve') {
      effectiveOn = request.effectiveOn ?? today;
      if (exit.kind === 'out_of_hardship') {
        // The records may have been corrected since the proposal: the rule must still hold.
        const check = await incomeCheckOf(trx, household);
        if (!check.qualifies) throw incomeRuleFails(check);
        evidence = JSON.stringify({
          ...(exit.evidence as ExitEvidence),
          incomeCheckAtApproval: check,
        });
      }
    }
    const moved = await q.moveExit(
      trx,
      exit.id,
      { status, version: exit.version },
      {
        status: next,
        ...(request.action === 'verify'
          ? { verified_by: ctx.actor.userId, verification: JSON.stringify(request.verification) }
          : { decided_by: ctx.actor.userId, decision_opinion: opinion }),
        ...(effectiveOn !== undefined ? { effective_on: effectiveOn } : {}),
        ...(evidence !== undefined ? { evidence } : {}),
      },
    );
    if (!moved) throw exitMoved(status, exit.version);
    let followUps = 0;
    if (next === 'approved') {
      if (!(await q.markHouseholdExited(trx, householdId, exit.kind)))
        throw new AppError('CONFLICT', `household ${householdId} is no longer active`, {
          userMessage: '该档案状态已变化，请刷新后再办理',
          details: { reason: 'household_moved' },
        });
      await cancelCardOfHousehold(
        trx,
        auditSourceOf(ctx),
        householdId,
        `${exitKindLabels[exit.kind as ExitKind].zh}：${exit.reason}`,
      );
      if (followedUpKinds.includes(exit.kind as ExitKind)) {
        const config = await workflowFor(trx, household.region_code);
        const schedule = scheduleFollowUps(effectiveOn!, config.followUpMonths);
        await q.insertFollowUps(
          trx,
          schedule.map((s) => ({
            household_id: householdId,
            exit_id: exit.id,
            kind: s.kind,
            due_on: s.dueOn,
          })),
        );
        followUps = schedule.length;
      }
    }
    if ((next === 'rejected' || next === 'withdrawn') && exit.review_task_id !== null)
      await reopenTaskAfterExit(trx, auditSourceOf(ctx), exit.review_task_id, exit.id, next);
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'exit.action',
      details: { exitId: exit.id, action: request.action, toStatus: next, opinion },
      entityType: 'household',
      entityId: householdId,
      nodeId: household.node_id,
      before: { exitStatus: status, ...(next === 'approved' ? { status: household.status } : {}) },
      after: {
        exitStatus: next,
        ...(request.action === 'verify' ? { verification: request.verification } : {}),
        ...(next === 'approved'
          ? { status: 'exited', exitKind: exit.kind, effectiveOn, followUps }
          : {}),
      },
    });
    return presentExit(await q.selectExit(trx, exit.id), position, household);
  });
}

/** 退出管理: open exits in scope that wait for something the caller may do. */
export async function findWaitingExits(db: Db, ctx: RequestContext): Promise<ExitQueueItem[]> {
  const rows = await q.selectOpenExitsInScope(db, ctx.actor.scopePath, 500);
  const position = await exitPositionFor(db, ctx);
  const items: ExitQueueItem[] = [];
  for (const r of rows) {
    const status = r.status as ExitStatus;
    const actor = position(r.node_path);
    const actions = allowedExitActions(status).filter(
      (a) => whoMayActOnExit(a, actor, r.proposed_by) === null,
    );
    if (!actions.length) continue;
    items.push({
      id: r.id,
      householdId: r.household_id,
      headName: r.head_name,
      nodeName: r.node_name,
      kind: r.kind as ExitKind,
      reasonCode: r.reason_code,
      status,
      proposedAt: new Date(r.proposed_at).toISOString(),
      proposedByName: r.proposed_by_name,
      version: r.version,
      actions,
    });
  }
  return items;
}
