import { inTransaction, type Conn, type Db } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import { todayInShanghai } from '../../shared/households/id-number';
import { addDays } from '../../shared/cases/registration';
import {
  followUpDueState,
  followUpDueWindowDays,
  relapseSignalLabels,
  type FollowUpKind,
  type FollowUpPlanItem,
  type FollowUpRecord,
  type FollowUpSignal,
  type FollowUpView,
  type ReadmitRequest,
  type RelapseDismiss,
  type RelapseFlagStatus,
  type RelapseFlagView,
  type RelapseSignal,
  type RelapseWatchItem,
} from '../../shared/exits/follow-ups';
import { auditSourceOf, recordAudit } from '../audit/audit.service';
import { exitPositionFor, loadHousehold } from './exits.service';
import { recordMonths } from './monthly-incomes.service';
import * as q from './exits.queries';

/**
 * After an exit: follow-ups (回访), the relapse watch (返困监测) and
 * re-admission (重新纳入) of the same household file.
 */

function presentFollowUp(r: q.FollowUpRow, today: string, windowEnd: string): FollowUpView {
  return {
    id: r.id,
    householdId: r.household_id,
    exitId: r.exit_id,
    kind: r.kind as FollowUpKind,
    dueOn: r.due_on,
    doneOn: r.done_on,
    doneByName: r.done_by_name,
    findings: r.findings,
    signals: r.signals as unknown as FollowUpSignal[],
    due: followUpDueState({ dueOn: r.due_on, doneOn: r.done_on }, today, windowEnd),
  };
}

function presentFlag(r: q.FlagRow): RelapseFlagView {
  return {
    id: r.id,
    householdId: r.household_id,
    signal: r.signal as RelapseSignal,
    detail: r.detail,
    detectedOn: r.detected_on,
    followUpId: r.follow_up_id,
    status: r.status as RelapseFlagStatus,
    resolution: r.resolution,
    resolvedAt: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
    resolvedByName: r.resolved_by_name,
  };
}

function window(): { today: string; windowEnd: string } {
  const today = todayInShanghai();
  return { today, windowEnd: addDays(today, followUpDueWindowDays) };
}

/** A file's follow-ups and relapse flags, and whether the caller may re-admit it. */
export async function getAfterExit(db: Db, ctx: RequestContext, householdId: number) {
  const household = await loadHousehold(db, ctx, householdId);
  const { today, windowEnd } = window();
  const followUps = (await q.selectFollowUps(db, householdId)).map((f) =>
    presentFollowUp(f, today, windowEnd),
  );
  const flags = (await q.selectFlags(db, householdId)).map(presentFlag);
  const mayManage = ctx.actor.permissions.has('household.manage');
  return {
    householdId,
    followUps,
    flags,
    canRecord: household.status === 'exited' && mayManage,
    canReadmit:
      household.status === 'exited' && mayManage && ctx.actor.roles.includes('case_worker'),
  };
}
export type AfterExitView = Awaited<ReturnType<typeof getAfterExit>>;

/**
 * Raises a relapse flag (返困) on an exited file, with its audit record, in the
 * caller's transaction.
 */
export async function raiseFlag(
  trx: Conn,
  ctx: RequestContext,
  household: { id: number; node_id: number },
  flag: { signal: RelapseSignal; detail: string; detectedOn: string; followUpId: number | null },
): Promise<number> {
  const id = await q.insertFlag(trx, {
    household_id: household.id,
    signal: flag.signal,
    detail: flag.detail,
    detected_on: flag.detectedOn,
    follow_up_id: flag.followUpId,
  });
  await recordAudit(trx, auditSourceOf(ctx), {
    action: 'relapse.flagged',
    details: { flagId: id, signal: flag.signal },
    entityType: 'household',
    entityId: household.id,
    nodeId: household.node_id,
    after: { flagId: id, signal: flag.signal, detail: flag.detail },
  });
  return id;
}

/**
 * Records a follow-up: when, findings, the signals observed. Each signal raises
 * a relapse flag; the month's income, when given, is recorded as that month's
 * income record (which may raise its own flags).
 */
export async function recordFollowUp(
  db: Db,
  ctx: RequestContext,
  householdId: number,
  input: FollowUpRecord,
): Promise<FollowUpView> {
  return inTransaction(db, async (trx) => {
    const household = await loadHousehold(trx, ctx, householdId, true);
    const current = await q.selectFollowUp(trx, householdId, input.followUpId);
    if (!current) throw new AppError('NOT_FOUND', `follow-up ${input.followUpId} not found`);
    if (current.done_on)
      throw new AppError(
        'CONFLICT',
        `follow-up ${input.followUpId} was recorded on ${current.done_on}`,
        {
          userMessage: `该回访已于 ${current.done_on} 登记`,
          details: { reason: 'follow_up_done' },
        },
      );
    if (household.status !== 'exited')
      throw new AppError('INVALID_STATE', `household ${householdId} is not exited`, {
        userMessage: '该档案已不在退出状态，无须回访',
        details: { reason: 'not_exited', allowed: [] },
      });
    if (
      !(await q.completeFollowUp(trx, input.followUpId, householdId, {
        done_on: input.doneOn,
        done_by: ctx.actor.userId,
        findings: input.findings,
        signals: JSON.stringify(input.signals),
      }))
    )
      throw new AppError('CONFLICT', `follow-up ${input.followUpId} was recorded meanwhile`, {
        userMessage: '该回访已由他人登记，请刷新',
        details: { reason: 'follow_up_done' },
      });
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'follow_up.recorded',
      details: { followUpId: input.followUpId, signals: input.signals },
      entityType: 'household',
      entityId: householdId,
      nodeId: household.node_id,
      after: {
        followUpId: input.followUpId,
        doneOn: input.doneOn,
        findings: input.findings,
        signals: input.signals,
      },
    });
    for (const signal of input.signals)
      await raiseFlag(trx, ctx, household, {
        signal,
        detail: `${input.doneOn} ${current.kind === 'call' ? '电话回访' : '入户回访'}：${relapseSignalLabels[signal].zh}。${input.findings}`,
        detectedOn: input.doneOn,
        followUpId: input.followUpId,
      });
    if (input.incomeFen !== undefined) {
      const incomes = await q.selectMonthlyIncomes(trx, householdId);
      const memberCount =
        input.memberCount ?? incomes.at(-1)?.member_count ?? household.member_count;
      await recordMonths(
        trx,
        ctx,
        householdId,
        {
          records: [
            {
              month: input.doneOn.slice(0, 7),
              incomeFen: input.incomeFen,
              memberCount: Math.max(1, memberCount),
              note: '回访登记',
            },
          ],
        },
        input.followUpId,
      );
    }
    const { today, windowEnd } = window();
    return presentFollowUp(
      (await q.selectFollowUp(trx, householdId, input.followUpId))!,
      today,
      windowEnd,
    );
  });
}

/** 回访计划: follow-ups in scope not yet done, overdue first, then due within the window. */
export async function findFollowUpPlan(db: Db, ctx: RequestContext): Promise<FollowUpPlanItem[]> {
  const { today, windowEnd } = window();
  const rows = await q.selectDueFollowUps(db, ctx.actor.scopePath, windowEnd, 500);
  return rows.map((r) => ({
    ...presentFollowUp(r, today, windowEnd),
    headName: r.head_name,
    nodeName: r.node_name,
  }));
}

/** 返困监测: open relapse flags in scope, newest first. */
export async function findRelapseWatch(db: Db, ctx: RequestContext): Promise<RelapseWatchItem[]> {
  const rows = await q.selectOpenFlagsInScope(db, ctx.actor.scopePath, 500);
  return rows.map((r) => ({
    ...presentFlag(r),
    headName: r.head_name,
    nodeName: r.node_name,
    exitKind: r.exit_kind,
  }));
}

/** Dismisses an open relapse flag of a file, with the reason. */
export async function dismissFlag(
  db: Db,
  ctx: RequestContext,
  householdId: number,
  input: RelapseDismiss,
): Promise<RelapseFlagView> {
  return inTransaction(db, async (trx) => {
    const household = await loadHousehold(trx, ctx, householdId);
    const flags = await q.selectFlags(trx, householdId);
    const flag = flags.find((f) => f.id === input.flagId);
    if (!flag) throw new AppError('NOT_FOUND', `relapse flag ${input.flagId} not found`);
    if (
      !(await q.resolveFlag(trx, householdId, input.flagId, {
        status: 'dismissed',
        resolution: input.reason,
        resolved_by: ctx.actor.userId,
      }))
    )
      throw new AppError('INVALID_STATE', `relapse flag ${input.flagId} is ${flag.status}`, {
        userMessage: '该返困预警已处理',
        details: { reason: 'flag_closed', status: flag.status, allowed: [] },
      });
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'relapse.dismissed',
      details: { flagId: input.flagId, reason: input.reason },
      entityType: 'household',
      entityId: householdId,
      nodeId: household.node_id,
      before: { flagStatus: flag.status },
      after: { flagStatus: 'dismissed', resolution: input.reason },
    });
    return presentFlag((await q.selectFlags(trx, householdId)).find((f) => f.id === input.flagId)!);
  });
}

/**
 * 重新纳入: reopens an exited file as a new application — same household, same
 * history — closing its open relapse flags. Refused when one of its people has
 * meanwhile been taken into another active file (one person, one active file).
 */
export async function readmitHousehold(
  db: Db,
  ctx: RequestContext,
  householdId: number,
  input: ReadmitRequest,
) {
  return inTransaction(db, async (trx) => {
    const household = await loadHousehold(trx, ctx, householdId, true);
    const actor = (await exitPositionFor(trx, ctx))(household.node_path);
    if (!actor.roles.includes('case_worker'))
      throw new AppError('FORBIDDEN', 'readmit: not for your role', {
        userMessage: '重新纳入须由经办人办理',
        details: { reason: 'exit_role', action: 'readmit' },
      });
    if (household.status !== 'exited')
      throw new AppError(
        'INVALID_STATE',
        `only an exited file can be re-admitted; this one is ${household.status}`,
        {
          userMessage: '只有已退出的档案才能重新纳入',
          details: { reason: 'not_exited', status: household.status, allowed: [] },
        },
      );
    const held = await q.selectPeopleHeldElsewhere(trx, householdId);
    if (held.length) {
      const h = held[0]!;
      const contact = `${h.node_name}${h.node_phone ? `（电话 ${h.node_phone}）` : ''}`;
      const visible = h.node_path.startsWith(ctx.actor.scopePath);
      throw new AppError(
        'CONFLICT',
        `${h.name} is now in another active household file kept by ${contact}; one person may be in one active file only`,
        {
          userMessage: `${h.name}已被纳入另一份在档困难职工档案（建档单位：${contact}），一人只能在一户在档档案中，不能重新纳入本档案`,
          details: {
            reason: 'person_in_active_file',
            names: held.map((x) => x.name),
            nodeName: h.node_name,
            nodePhone: h.node_phone,
            ...(visible ? { householdId: h.household_id } : {}),
          },
        },
      );
    }
    if (!(await q.reopenHousehold(trx, householdId)))
      throw new AppError('CONFLICT', `household ${householdId} changed meanwhile`, {
        userMessage: '该档案状态已变化，请刷新',
        details: { reason: 'household_moved' },
      });
    const flagsClosed = await q.closeFlagsAsReadmitted(
      trx,
      householdId,
      ctx.actor.userId,
      input.reason,
    );
    await q.insertReadmissionStep(trx, {
      household_id: householdId,
      from_status: household.case_status,
      step: household.case_step,
      opinion: input.reason,
      actor_user_id: ctx.actor.userId,
      actor_node_id: ctx.actor.nodeId,
    });
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'exit.readmitted',
      details: { reason: input.reason, flagsClosed },
      entityType: 'household',
      entityId: householdId,
      nodeId: household.node_id,
      before: {
        status: 'exited',
        exitKind: household.exit_kind,
        caseStatus: household.case_status,
      },
      after: { status: 'active', exitKind: null, caseStatus: 'draft', caseStep: 'application' },
    });
    return { householdId, status: 'active' as const, caseStatus: 'draft' as const, flagsClosed };
  });
}
