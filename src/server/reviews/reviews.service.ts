import { randomBytes } from 'node:crypto';
import { inTransaction, type Conn, type Db } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import { todayInShanghai } from '../../shared/households/id-number';
import type { HardshipCause } from '../../shared/households/dictionaries';
import {
  reapplicationEvidence,
  reviewTaskStatusLabels,
  type CloseReviewRoundInput,
  type KeepReviewTaskInput,
  type OpenedReviewRound,
  type OpenReviewRoundInput,
  type ReviewCounts,
  type ReviewProgress,
  type ReviewRound,
  type ReviewRoundStatus,
  type ReviewTaskItem,
  type ReviewTaskPage,
  type ReviewTaskQuery,
  type ReviewTaskStatus,
  type ReviewTaskView,
  type HouseholdReviewItem,
} from '../../shared/reviews/review-round';
import { auditSourceOf, recordAudit, type AuditSource } from '../audit/audit.service';
import { workflowFor } from '../cases/cases.service';
import { assessStoredFile } from '../households/households.service';
import { listDocuments, type DocumentStore } from '../documents/documents.service';
import { proposeExit } from '../exits/exits.service';
import type { ExitProposalInput } from '../../shared/exits/exits';
import type { ReviewInboxItem } from '../../shared/cases/registration';
import * as q from './reviews.queries';

/**
 * Annual review rounds (年度复核, domain.md §4; rules in
 * src/shared/reviews/review-round.ts). An administrator opens a round for a
 * subtree: every registered, active file gets a task in one INSERT … SELECT and
 * the re-check sample is drawn from a stored seed. Case workers and reviewers
 * end each task in keep (re-assessed under the current policy) or an exit; the
 * round closes when its sample is done (or earlier, with a reason).
 */

export type ReviewDeps = { db: Db; store: DocumentStore };

/** Who ends review tasks (the grassroots union's 经办人 and the reviewing 审核人). */
const taskRoles = ['case_worker', 'reviewer'] as const;

function presentCounts(c: q.CountsRow): ReviewCounts {
  return {
    tasks: c.tasks,
    done: c.done,
    kept: c.kept,
    exitProposed: c.exit_proposed,
    sample: c.sample,
    sampleDone: c.sample_done,
  };
}

function canManage(ctx: RequestContext, nodePath: string): boolean {
  return ctx.actor.permissions.has('review.manage') && nodePath.startsWith(ctx.actor.scopePath);
}

function presentRound(ctx: RequestContext, r: q.RoundRow): ReviewRound {
  return {
    id: r.id,
    nodeId: r.node_id,
    nodeName: r.node_name,
    name: r.name,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    sampleShare: Number(r.sample_share),
    sampleSeed: r.sample_seed,
    status: r.status as ReviewRoundStatus,
    taskCount: r.task_count,
    sampleCount: r.sample_count,
    counts: presentCounts(r),
    openedAt: new Date(r.opened_at).toISOString(),
    openedBy: r.opened_by_name,
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
    closedBy: r.closed_by_name,
    canClose: r.status === 'open' && canManage(ctx, r.node_path),
  };
}

async function loadRound(conn: Conn, ctx: RequestContext, id: number): Promise<q.RoundRow> {
  const [row] = await q.selectRounds(conn, ctx.actor.scopePath, { roundId: id, limit: 1 });
  if (!row) throw new AppError('NOT_FOUND', `review round ${id} not found`);
  return row;
}

/** Rounds opened at, below or above the caller's node, newest first; counts in the caller's scope. */
export async function listRounds(db: Db, ctx: RequestContext): Promise<ReviewRound[]> {
  const rows = await q.selectRounds(db, ctx.actor.scopePath, { limit: 200 });
  return rows.map((r) => presentRound(ctx, r));
}

export async function getRound(db: Db, ctx: RequestContext, id: number): Promise<ReviewRound> {
  return presentRound(ctx, await loadRound(db, ctx, id));
}

/**
 * Opens a round for a node's subtree. Refused (CONFLICT) when an open round at
 * the node or above it already covers the whole subtree — opening the same
 * round twice is refused, not doubled. Files already in an open round of a node
 * below are skipped and counted. Refused (INVALID_STATE) when no file is left.
 */
export async function openRound(
  db: Db,
  ctx: RequestContext,
  input: OpenReviewRoundInput,
): Promise<OpenedReviewRound> {
  return inTransaction(db, async (trx) => {
    const node = await q.selectNodeInScope(trx, ctx.actor.scopePath, input.nodeId);
    if (!node)
      throw new AppError('NOT_FOUND', `nodeId: org node ${input.nodeId} not found`, {
        issues: [{ path: 'nodeId', message: 'not found' }],
      });
    if (!node.is_active)
      throw new AppError('VALIDATION', `nodeId: ${node.name} is deactivated`, {
        issues: [{ path: 'nodeId', message: 'deactivated' }],
      });
    await q.lockRoundOpening(trx);
    const covering = await q.selectCoveringOpenRound(trx, node.path);
    if (covering)
      throw new AppError(
        'CONFLICT',
        `an open review round (${covering.id} “${covering.name}” of ${covering.node_name}) already covers ${node.name}; close it first`,
        {
          userMessage: `${covering.node_name}的复核“${covering.name}”尚未结束，已覆盖${node.name}的全部档案，请先结束该轮复核`,
          details: { reason: 'round_overlap', roundId: covering.id },
        },
      );
    const region = await q.selectNodeRegion(trx, node.path);
    const share =
      input.sampleShare ??
      (region ? (await workflowFor(trx, region)).reviewSampleShare : undefined) ??
      0.3;
    const regions = await q.selectFileRegions(trx, node.path);
    const months = [];
    for (const code of regions)
      months.push({
        regionCode: code,
        months: (await workflowFor(trx, code)).reapplyAfterMonths,
      });
    const skipped = await q.countFilesInOpenRounds(trx, node.path);
    const seed = randomBytes(16).toString('hex');
    const roundId = await q.insertRound(trx, {
      node_id: node.id,
      node_path: node.path,
      name: input.name,
      period_start: input.periodStart,
      period_end: input.periodEnd,
      sample_share: Math.round(share * 1000) / 1000,
      sample_seed: seed,
      opened_by: ctx.actor.userId,
    });
    const counts = months.length
      ? await q.insertTasks(
          trx,
          { id: roundId, path: node.path, seed, share, periodStart: input.periodStart },
          months,
        )
      : { tasks: 0, sample: 0 };
    if (counts.tasks === 0)
      throw new AppError('INVALID_STATE', `no registered file under ${node.name} to review`, {
        userMessage:
          skipped > 0
            ? `${node.name}的${skipped}份在档档案都已在其他进行中的复核中`
            : `${node.name}及下级没有在档的困难职工档案`,
        details: { reason: 'no_files', skipped },
      });
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'review.round_opened',
      details: {
        roundId,
        name: input.name,
        taskCount: counts.tasks,
        sampleCount: counts.sample,
        sampleShare: share,
        sampleSeed: seed,
        skipped,
      },
      entityType: 'review_round',
      entityId: roundId,
      nodeId: node.id,
      after: {
        name: input.name,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        sampleShare: share,
        taskCount: counts.tasks,
        sampleCount: counts.sample,
      },
    });
    return { ...presentRound(ctx, await loadRound(trx, ctx, roundId)), skipped };
  });
}

/**
 * Closes a round. Refused (INVALID_STATE) while sample tasks are pending unless
 * forced with a reason; the reason and what was left go into the audit record.
 * Pending tasks stay pending in the closed round and are released for the next.
 */
export async function closeRound(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: CloseReviewRoundInput,
): Promise<ReviewRound> {
  return inTransaction(db, async (trx) => {
    const round = await loadRound(trx, ctx, id);
    if (!round.node_path.startsWith(ctx.actor.scopePath))
      throw new AppError('FORBIDDEN', `review round ${id} was opened above your node`, {
        userMessage: `该轮复核由${round.node_name}组织，须由其结束`,
        details: { reason: 'round_level' },
      });
    if (round.status !== 'open') throw roundClosed(round);
    const pendingSample = await q.countPendingSample(trx, id);
    if (pendingSample > 0 && !input.force)
      throw new AppError(
        'INVALID_STATE',
        `${pendingSample} sample tasks are still pending; finish them or close with force and a reason`,
        {
          userMessage: `抽查样本中还有${pendingSample}户未复核，须全部完成，或说明原因后强制结束`,
          details: { reason: 'sample_pending', pendingSample, allowed: ['force'] },
        },
      );
    if (!(await q.closeRound(trx, id, ctx.actor.userId))) throw roundClosed(round);
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'review.round_closed',
      details: {
        roundId: id,
        forced: pendingSample > 0,
        reason: input.reason ?? null,
        pendingSample,
        pending: round.tasks - round.done,
      },
      entityType: 'review_round',
      entityId: id,
      nodeId: round.node_id,
      before: { status: 'open' },
      after: { status: 'closed' },
    });
    return presentRound(ctx, await loadRound(trx, ctx, id));
  });
}

function roundClosed(round: { id: number; name: string }): AppError {
  return new AppError('INVALID_STATE', `review round ${round.id} is closed`, {
    userMessage: `复核“${round.name}”已结束`,
    details: { reason: 'round_closed', allowed: [] },
  });
}

/**
 * Progress of a round per child of a node (the round's node by default, or the
 * caller's own node when the round was opened above it), with the node's own
 * files as one more row. Counts only files in the caller's scope.
 */
export async function getProgress(
  db: Db,
  ctx: RequestContext,
  roundId: number,
  nodeId: number | undefined,
): Promise<ReviewProgress> {
  const round = await loadRound(db, ctx, roundId);
  const top = round.node_path.startsWith(ctx.actor.scopePath)
    ? { id: round.node_id, path: round.node_path }
    : { id: ctx.actor.nodeId, path: ctx.actor.scopePath };
  const node = await q.selectNodeInScope(db, top.path, nodeId ?? top.id);
  if (!node) throw new AppError('NOT_FOUND', `org node ${nodeId} not found in this round`);
  const [groups, children] = [
    await q.selectProgress(db, roundId, node.path, ctx.actor.scopePath),
    await q.selectChildren(db, node.id),
  ];
  const zero: q.CountsRow = {
    tasks: 0,
    done: 0,
    kept: 0,
    exit_proposed: 0,
    sample: 0,
    sample_done: 0,
  };
  const byChild = new Map(groups.map((g) => [g.child, g]));
  const rows = children
    .filter((c) => c.is_active || byChild.has(String(c.id)))
    .map((c) => ({
      nodeId: c.id,
      nodeName: c.name,
      hasChildren: c.has_children,
      isOwn: false,
      ...presentCounts(byChild.get(String(c.id)) ?? zero),
    }));
  const own = byChild.get('');
  if (own)
    rows.unshift({
      nodeId: node.id,
      nodeName: node.name,
      hasChildren: false,
      isOwn: true,
      ...presentCounts(own),
    });
  const total = groups.reduce(
    (sum, g) => ({
      tasks: sum.tasks + g.tasks,
      done: sum.done + g.done,
      kept: sum.kept + g.kept,
      exit_proposed: sum.exit_proposed + g.exit_proposed,
      sample: sum.sample + g.sample,
      sample_done: sum.sample_done + g.sample_done,
    }),
    zero,
  );
  return {
    node: { id: node.id, name: node.name, parentId: node.parent_id },
    isTop: node.id === top.id,
    total: presentCounts(total),
    rows,
  };
}

function presentTaskItem(r: {
  id: number;
  round_id: number;
  household_id: number;
  head_name: string;
  file_no: string | null;
  node_name: string;
  category: string | null;
  in_sample: boolean;
  needs_reapplication: boolean;
  status: string;
  done_at: Date | null;
  done_by_name: string | null;
}): ReviewTaskItem {
  return {
    id: r.id,
    roundId: r.round_id,
    householdId: r.household_id,
    headName: r.head_name,
    fileNo: r.file_no,
    nodeName: r.node_name,
    category: r.category,
    inSample: r.in_sample,
    needsReapplication: r.needs_reapplication,
    status: r.status as ReviewTaskStatus,
    doneAt: r.done_at ? new Date(r.done_at).toISOString() : null,
    doneBy: r.done_by_name,
  };
}

/** A page of a round's tasks in the caller's scope (and under `nodeId` when given). */
export async function listTasks(
  db: Db,
  ctx: RequestContext,
  roundId: number,
  query: ReviewTaskQuery,
): Promise<ReviewTaskPage> {
  await loadRound(db, ctx, roundId);
  let nodePath: string | null = null;
  if (query.nodeId !== undefined) {
    const node = await q.selectNodeInScope(db, ctx.actor.scopePath, query.nodeId);
    if (!node) throw new AppError('NOT_FOUND', `org node ${query.nodeId} not found`);
    nodePath = node.path;
  }
  const page = await q.selectTasks(db, ctx.actor.scopePath, roundId, query, nodePath);
  return { items: page.items.map(presentTaskItem), total: page.total };
}

async function loadTask(conn: Conn, ctx: RequestContext, taskId: number) {
  const row = await q.selectTask(conn, ctx.actor.scopePath, taskId);
  if (!row) throw new AppError('NOT_FOUND', `review task ${taskId} not found`);
  return row;
}

function mayEndTasks(ctx: RequestContext): boolean {
  return ctx.actor.roles.some((r) => (taskRoles as readonly string[]).includes(r));
}

/** One task with the file's figures, the re-application evidence and what the caller may do. */
export async function getTask(
  deps: ReviewDeps,
  ctx: RequestContext,
  taskId: number,
): Promise<ReviewTaskView> {
  const row = await loadTask(deps.db, ctx, taskId);
  const config = await workflowFor(deps.db, row.region_code);
  const evidence = row.needs_reapplication
    ? reapplicationEvidence(
        [row.main_cause, ...row.secondary_causes] as HardshipCause[],
        (await listDocuments(deps, ctx, row.household_id)).items.map((d) => ({
          docType: d.docType,
          uploadedOn: todayInShanghai(new Date(d.uploadedAt)),
        })),
        row.period_start,
      )
    : [];
  const fileActive = row.file_status === 'active' && row.case_status === 'registered';
  const open =
    row.status === 'pending' && row.round_status === 'open' && fileActive && mayEndTasks(ctx);
  // Exits are proposed by case workers (the exits module's rule); reviewers keep.
  const mayPropose = ctx.actor.roles.includes('case_worker');
  return {
    ...presentTaskItem(row),
    round: {
      id: row.round_id,
      name: row.round_name,
      status: row.round_status as ReviewRoundStatus,
      periodStart: row.period_start,
    },
    sampleRank: row.sample_rank,
    note: row.note,
    assessmentId: row.assessment_id,
    exitId: row.exit_id,
    registeredOn: row.registered_on,
    lastReappliedOn: row.last_reapplied_on,
    reapplyAfterMonths: config.reapplyAfterMonths,
    perCapitaMonthlyFen: row.per_capita_fen,
    eligible: row.eligible,
    evidence,
    fileActive,
    actions: open ? (mayPropose ? ['keep', 'exit'] : ['keep']) : [],
  };
}

/**
 * 待办: the pending tasks of open rounds on files in the caller's scope that the
 * caller may end — the rule of `getTask`'s `actions` (a case worker keeps or
 * proposes an exit, a reviewer keeps) — nearest period end first, the sample
 * first within a round. Empty for a caller who ends no tasks.
 */
export async function findPendingReviewTasks(
  db: Db,
  ctx: RequestContext,
  limit: number,
): Promise<{ items: ReviewInboxItem[]; total: number }> {
  if (!mayEndTasks(ctx)) return { items: [], total: 0 };
  const actions: ReviewInboxItem['actions'] = ctx.actor.roles.includes('case_worker')
    ? ['keep', 'exit']
    : ['keep'];
  const today = todayInShanghai();
  const rows = await q.selectPendingTasks(db, ctx.actor.scopePath, limit);
  const total =
    rows.length < limit ? rows.length : await q.countPendingTasks(db, ctx.actor.scopePath);
  const items = rows.map((r): ReviewInboxItem => ({
    kind: 'review',
    taskId: r.id,
    householdId: r.household_id,
    headName: r.head_name,
    nodeName: r.node_name,
    fileNo: r.file_no,
    round: {
      id: r.round_id,
      name: r.round_name,
      periodStart: r.period_start,
      periodEnd: r.period_end,
    },
    inSample: r.in_sample,
    needsReapplication: r.needs_reapplication,
    stepSince: new Date(r.opened_at).toISOString(),
    dueOn: r.period_end,
    isOverdue: r.period_end < today,
    actions: [...actions],
  }));
  return { items, total };
}

/** Checks that the task may be ended now by this caller; returns it. */
async function taskToEnd(trx: Conn, ctx: RequestContext, taskId: number) {
  const task = await loadTask(trx, ctx, taskId);
  if (!mayEndTasks(ctx))
    throw new AppError('FORBIDDEN', 'review tasks are ended by case workers and reviewers', {
      userMessage: '年度复核须由经办人或审核人办理',
      details: { reason: 'review_role' },
    });
  if (task.round_status !== 'open') throw roundClosed({ id: task.round_id, name: task.round_name });
  if (task.status !== 'pending') throw taskDone(task.status as ReviewTaskStatus);
  if (task.file_status !== 'active' || task.case_status !== 'registered')
    throw new AppError(
      'INVALID_STATE',
      `household ${task.household_id} is no longer an active registered file`,
      {
        userMessage: '该档案已不在档，无需复核',
        details: { reason: 'file_not_active', status: task.file_status },
      },
    );
  return task;
}

function taskDone(status: ReviewTaskStatus): AppError {
  return new AppError(
    'CONFLICT',
    `the review task is already ${status}; reload to see who ended it`,
    {
      userMessage: `该户已复核（${reviewTaskStatusLabels[status].zh}），请刷新查看`,
      details: { reason: 'task_done', status },
    },
  );
}

/**
 * Keeps the file: re-assesses it under the policy in force today and records
 * the assessment. Refused when the re-assessment finds it no longer qualifies
 * (the reviewer proposes an exit instead), when the region has no 低保 line, and
 * — for a file that needs re-application — without the reviewer's confirmation.
 * Of two people keeping one task at once, one wins; the other gets CONFLICT.
 */
export async function keepTask(
  db: Db,
  ctx: RequestContext,
  taskId: number,
  input: KeepReviewTaskInput,
): Promise<{ taskId: number; status: ReviewTaskStatus; assessmentId: number }> {
  return inTransaction(db, async (trx) => {
    const task = await taskToEnd(trx, ctx, taskId);
    if (task.needs_reapplication && !input.confirmReapplication)
      throw new AppError(
        'VALIDATION',
        'confirmReapplication: this file is re-applied for; confirm the application again',
        {
          userMessage: '该档案建档已满期限，须确认再次申请（沿用不变的材料，更新收入等材料）',
          issues: [{ path: 'confirmReapplication', message: 'required' }],
        },
      );
    const source = auditSourceOf(ctx);
    const outcome = await assessStoredFile(trx, source, task.household_id, 'reassessed');
    if (outcome.assessmentId === null)
      throw new AppError('INVALID_STATE', `the file cannot be re-assessed: ${outcome.problem}`, {
        userMessage: `无法重新认定：${outcome.problem}`,
        details: { reason: 'not_assessable' },
      });
    const reassessed = (await q.selectTask(trx, '/', taskId))!;
    if (!reassessed.eligible)
      throw new AppError(
        'INVALID_STATE',
        'the re-assessment finds the household no longer qualifies under the current policy; propose an exit instead',
        {
          userMessage:
            '按现行标准重新认定，该户已不符合困难职工条件，不能继续保留，请提出退出（脱困或退档）',
          details: {
            reason: 'not_eligible',
            perCapitaMonthlyFen: reassessed.per_capita_fen,
            allowed: ['exit'],
          },
        },
      );
    const note = input.note?.trim() || null;
    const kept = await q.finishTask(trx, taskId, {
      status: 'kept',
      note,
      assessment_id: outcome.assessmentId,
      done_by: ctx.actor.userId,
    });
    if (!kept)
      throw taskDone(
        ((await q.selectTask(trx, '/', taskId))!.status ?? 'kept') as ReviewTaskStatus,
      );
    await recordAudit(trx, source, {
      action: 'review.task_kept',
      details: {
        roundId: task.round_id,
        taskId,
        assessmentId: outcome.assessmentId,
        reapplied: task.needs_reapplication,
        inSample: task.in_sample,
        note,
      },
      entityType: 'household',
      entityId: task.household_id,
      nodeId: task.node_id,
      before: { reviewStatus: 'pending' },
      after: { reviewStatus: 'kept', assessmentId: outcome.assessmentId },
    });
    return { taskId, status: 'kept', assessmentId: outcome.assessmentId };
  });
}

/**
 * Ends the task in an exit: proposes it through the exits module (source
 * 'review', with this task), in the same transaction. The exit then walks its
 * own verification and approval. Of two people ending the task at once, one wins.
 */
export async function exitTask(
  db: Db,
  ctx: RequestContext,
  taskId: number,
  input: ExitProposalInput,
): Promise<{ taskId: number; status: ReviewTaskStatus; exitId: number }> {
  return inTransaction(db, async (trx) => {
    const task = await taskToEnd(trx, ctx, taskId);
    const { id: exitId } = await proposeExit(trx, ctx, task.household_id, {
      ...input,
      source: 'review',
      reviewTaskId: taskId,
    });
    const ended = await q.finishTask(trx, taskId, {
      status: 'exit_proposed',
      note: input.reason,
      exit_id: exitId,
      done_by: ctx.actor.userId,
    });
    if (!ended)
      throw taskDone(
        ((await q.selectTask(trx, '/', taskId))?.status ?? 'exit_proposed') as ReviewTaskStatus,
      );
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'review.task_exit_proposed',
      details: { roundId: task.round_id, taskId, exitId, inSample: task.in_sample },
      entityType: 'household',
      entityId: task.household_id,
      nodeId: task.node_id,
      before: { reviewStatus: 'pending' },
      after: { reviewStatus: 'exit_proposed', exitId },
    });
    return { taskId, status: 'exit_proposed', exitId };
  });
}

/**
 * An exit proposed at review that is rejected or withdrawn leaves the review
 * undone: the task is pending again (in the caller's transaction, audited), so
 * the file is kept or another exit proposed. No-op when the task moved on.
 */
export async function reopenTaskAfterExit(
  trx: Conn,
  source: AuditSource,
  taskId: number,
  exitId: number,
  exitStatus: 'rejected' | 'withdrawn',
): Promise<boolean> {
  const task = await q.reopenExitTask(trx, taskId, exitId);
  if (!task) return false;
  await recordAudit(trx, source, {
    action: 'review.task_reopened',
    details: { taskId, exitId, exitStatus },
    entityType: 'household',
    entityId: task.household_id,
    nodeId: task.node_id,
    before: { reviewStatus: 'exit_proposed', exitId },
    after: { reviewStatus: 'pending' },
  });
  return true;
}

/** The review tasks of one file (the file page's 年度复核 panel). */
export async function getHouseholdReviews(
  db: Db,
  ctx: RequestContext,
  householdId: number,
): Promise<HouseholdReviewItem[]> {
  if (!(await q.isHouseholdInScope(db, ctx.actor.scopePath, householdId)))
    throw new AppError('NOT_FOUND', `household ${householdId} not found`);
  const rows = await q.selectHouseholdTasks(db, ctx.actor.scopePath, householdId);
  return rows.map((r) => ({
    ...presentTaskItem(r),
    round: {
      id: r.round_id,
      name: r.round_name,
      status: r.round_status as ReviewRoundStatus,
      periodStart: r.period_start,
      periodEnd: r.period_end,
    },
  }));
}
