import { inTransaction, type Conn, type Db } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import { todayInShanghai } from '../../shared/households/id-number';
import {
  allowedActions,
  applyAction,
  caseStatusLabels,
  defaultWorkflowConfig,
  holdsPeople,
  homeVisitDue,
  registrationStepLabels,
  stepSequence,
  whoMayAct,
  workflowConfigSchema,
  type ActorPosition,
  type CaseAction,
  type CaseActionRequest,
  type CaseEvent,
  type CaseStepRecord,
  type CaseState,
  type CaseStatus,
  type CaseView,
  type Inbox,
  type InboxItem,
  inboxLimit,
  type RegistrationStep,
  type WorkflowConfig,
} from '../../shared/cases/registration';
import {
  inheritanceChain,
  resolveWorkflowConfig,
} from '../../shared/workflow-configs/workflow-config';
import { auditSourceOf, recordAudit } from '../audit/audit.service';
import * as q from './cases.queries';
import { issueCardOnRegistration } from '../cards/cards.service';
import { requireNoticeDone } from '../notices/notices.service';
import { findPendingReviewTasks } from '../reviews/reviews.service';

/**
 * The registration case of a household file (建档流程): the pure rules of
 * src/shared/cases/registration.ts applied to stored files. Every action is
 * checked for state, actor and level, moves the case with a conditional update
 * (of two users acting at once exactly one succeeds), and writes its step record
 * and audit record in the same transaction.
 */

const countyOrAboveTypes = new Set(['national', 'province', 'city', 'county', 'service_centre']);

/** The region's workflow: its county's, else its city's, else its province's, else the national default. */
export async function workflowFor(conn: Conn, regionCode: string): Promise<WorkflowConfig> {
  const rows = await q.selectWorkflowConfigs(
    conn,
    inheritanceChain(regionCode).map((l) => l.code),
  );
  return resolveWorkflowConfig(
    regionCode,
    rows.map((r) => ({ regionCode: r.region_code, config: workflowConfigSchema.parse(r.config) })),
    defaultWorkflowConfig,
  ).config;
}

/** Where the actor stands relative to files: the actor's node type is read once. */
async function positionFor(
  conn: Conn,
  ctx: RequestContext,
): Promise<(fileNodePath: string) => ActorPosition> {
  const node = await q.selectActorNode(conn, ctx.actor.nodeId);
  const isCountyOrAbove = countyOrAboveTypes.has(node.type);
  return (fileNodePath) => ({
    roles: ctx.actor.roles,
    isInScope: fileNodePath.startsWith(ctx.actor.scopePath),
    isAbove: fileNodePath.startsWith(ctx.actor.scopePath) && fileNodePath !== ctx.actor.scopePath,
    isCountyOrAbove,
  });
}

async function positionOf(
  conn: Conn,
  ctx: RequestContext,
  fileNodePath: string,
): Promise<ActorPosition> {
  return (await positionFor(conn, ctx))(fileNodePath);
}
function stateOf(row: { case_status: string; case_step: string }): CaseState {
  return { status: row.case_status as CaseStatus, step: row.case_step as RegistrationStep };
}

/** The actions this actor may take now. */
function actionsFor(state: CaseState, config: WorkflowConfig, actor: ActorPosition): CaseAction[] {
  return allowedActions(state, config).filter((a) => whoMayAct(state, a, actor) === null);
}

async function loadCase(conn: Conn, ctx: RequestContext, householdId: number) {
  const row = await q.selectCase(conn, ctx.actor.scopePath, householdId);
  if (!row) throw new AppError('NOT_FOUND', `household ${householdId} not found`);
  return row;
}

/** A file's case with its timeline and what the caller may do. */
export async function getCase(db: Db, ctx: RequestContext, householdId: number): Promise<CaseView> {
  const row = await loadCase(db, ctx, householdId);
  return presentCase(db, ctx, row);
}

async function presentCase(conn: Conn, ctx: RequestContext, row: q.CaseRow): Promise<CaseView> {
  const config = await workflowFor(conn, row.region_code);
  const state = stateOf(row);
  const steps = stepSequence(config);
  const history = await q.selectCaseSteps(conn, row.id);
  const beforeVisit =
    state.status !== 'registered' &&
    steps.indexOf(state.step) <= steps.indexOf('home_visit') &&
    row.submitted_on !== null;
  return {
    householdId: row.id,
    status: state.status,
    step: state.step,
    stepSince: new Date(row.case_step_since).toISOString(),
    submittedOn: row.submitted_on,
    registeredAt: row.registered_at ? new Date(row.registered_at).toISOString() : null,
    fileNo: row.file_no,
    steps,
    workflow: config,
    actions: actionsFor(state, config, await positionOf(conn, ctx, row.node_path)),
    homeVisitDue: beforeVisit ? homeVisitDue(row.submitted_on!, config) : null,
    history: history.map((h) => ({
      id: h.id,
      at: new Date(h.at).toISOString(),
      action: h.action as CaseStepRecord['action'],
      step: h.step as RegistrationStep,
      fromStatus: h.from_status as CaseStatus,
      toStatus: h.to_status as CaseStatus,
      toStep: h.to_step as RegistrationStep,
      opinion: h.opinion,
      record: (h.record ?? null) as CaseView['history'][number]['record'],
      actorName: h.actor_name,
      actorNodeName: h.actor_node_name,
    })),
  };
}

function forbidden(action: CaseAction, state: CaseState, reason: string, roles: readonly string[]) {
  const step = registrationStepLabels[state.step].zh;
  return new AppError('FORBIDDEN', `${action} at ${state.step}: not for your ${reason}`, {
    userMessage:
      reason === 'level'
        ? `“${step}”须由上级工会办理`
        : `“${step}”须由具有相应角色（${roles.join('、')}）的人员办理`,
    details: { reason: `case_${reason}`, step: state.step, action },
  });
}

/**
 * Takes one action on a file's case. CONFLICT when the case is no longer where
 * the actor saw it (someone acted first), INVALID_STATE when the action is not
 * allowed in this state (naming those that are), FORBIDDEN when the actor's
 * role or level does not fit the step.
 */
export async function actOnCase(
  db: Db,
  ctx: RequestContext,
  householdId: number,
  request: CaseActionRequest,
): Promise<CaseView> {
  return inTransaction(db, async (trx) => {
    const row = await loadCase(trx, ctx, householdId);
    const state = stateOf(row);
    if (state.status !== request.expected.status || state.step !== request.expected.step)
      throw caseMoved(state);
    const config = await workflowFor(trx, row.region_code);
    const next = applyAction(state, request.action, config, { opinion: request.opinion ?? null });
    // 入户调查: "whoever files it visits it and answers for it" — the visit is recorded.
    if (state.step === 'home_visit' && request.action === 'pass') requireVisitRecord(request);
    const refusal = whoMayAct(state, request.action, await positionOf(trx, ctx, row.node_path));
    if (refusal) throw forbidden(request.action, state, refusal.reason, refusal.rule.roles);
    // 公示: the notice period is over and no objection stands against the household.
    if (state.step === 'review_notice' && request.action === 'pass')
      await requireNoticeDone(trx, householdId);
    const today = todayInShanghai();
    const registered =
      next.status === 'registered'
        ? {
            fileNo: `${row.node_code}-${today.slice(0, 4)}-${String(
              await q.nextFileSequence(trx, row.node_id, Number(today.slice(0, 4))),
            ).padStart(5, '0')}`,
          }
        : undefined;
    const moved = await q.moveCase(trx, householdId, state, {
      ...next,
      fileStatus: holdsPeople(next.status) ? 'active' : 'closed',
      ...(request.action === 'submit' || request.action === 'resubmit'
        ? { submittedOn: today }
        : {}),
      ...(registered ? { registered } : {}),
    });
    if (!moved) throw caseMoved(state);
    if (!holdsPeople(next.status)) await q.releasePeople(trx, householdId);
    await q.insertCaseStep(trx, {
      household_id: householdId,
      action: request.action,
      step: state.step,
      from_status: state.status,
      to_status: next.status,
      to_step: next.step,
      opinion: request.opinion?.trim() || null,
      record: request.record ? JSON.stringify(request.record) : null,
      actor_user_id: ctx.actor.userId,
      actor_node_id: ctx.actor.nodeId,
    });
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'case.action',
      details: {
        action: request.action,
        step: state.step,
        toStatus: next.status,
        toStep: next.step,
        opinion: request.opinion?.trim() || null,
        ...(registered ? { fileNo: registered.fileNo } : {}),
      },
      entityType: 'household',
      entityId: householdId,
      nodeId: row.node_id,
      before: { caseStatus: state.status, caseStep: state.step },
      after: { caseStatus: next.status, caseStep: next.step, ...(registered ?? {}) },
    });
    // 职工卡: the head worker of a registered file gets a card in the same transaction.
    if (registered) await issueCardOnRegistration(trx, auditSourceOf(ctx), householdId);
    return presentCase(trx, ctx, (await q.selectCase(trx, '/', householdId))!);
  });
}

function requireVisitRecord(request: CaseActionRequest): void {
  const missing = (['date', 'findings'] as const).filter((k) => !request.record?.[k]?.trim());
  if (missing.length)
    throw new AppError('VALIDATION', `record: the home visit needs ${missing.join(' and ')}`, {
      userMessage: '入户调查须填写调查日期和调查情况',
      issues: missing.map((k) => ({ path: `record.${k}`, message: 'required' })),
    });
}

function caseMoved(current: CaseState): AppError {
  return new AppError(
    'CONFLICT',
    `the case has moved on: it is ${current.status} at ${current.step}; reload and try again`,
    {
      userMessage: `该档案已由他人办理，当前为“${caseStatusLabels[current.status].zh}·${registrationStepLabels[current.step].zh}”，请刷新后再办理`,
      details: { reason: 'case_moved', status: current.status, step: current.step },
    },
  );
}

/**
 * 待办: open cases in scope that wait for something the caller may do, with
 * deadlines, then the pending annual review tasks (年度复核) the caller may end.
 */
export async function getInbox(db: Db, ctx: RequestContext): Promise<Inbox> {
  const rows = await q.selectOpenCases(db, ctx.actor.scopePath, inboxLimit);
  const today = todayInShanghai();
  const position = await positionFor(db, ctx);
  const configs = new Map<string, WorkflowConfig>();
  const items: InboxItem[] = [];
  for (const row of rows) {
    let config = configs.get(row.region_code);
    if (!config) {
      config = await workflowFor(db, row.region_code);
      configs.set(row.region_code, config);
    }
    const state = stateOf(row);
    const actions = actionsFor(state, config, position(row.node_path));
    if (!actions.length) continue;
    const dueOn =
      state.status === 'in_review' && state.step === 'home_visit' && row.submitted_on
        ? homeVisitDue(row.submitted_on, config)
        : null;
    items.push({
      kind: 'case',
      householdId: row.id,
      headName: row.head_name,
      nodeName: row.node_name,
      status: state.status,
      step: state.step,
      stepSince: new Date(row.case_step_since).toISOString(),
      dueOn,
      isOverdue: dueOn !== null && dueOn < today,
      actions,
    });
  }
  const reviews = await findPendingReviewTasks(db, ctx, inboxLimit);
  items.push(...reviews.items);
  return { items, reviewTasksTotal: reviews.total, casesCut: rows.length === inboxLimit };
}

/**
 * Enters a file as registered without walking the workflow: for files that
 * were registered before they reached Bangfu (migrated data, the demo city).
 * Gives it a file number and records the entry; no-op for a registered file.
 */
export async function registerDirectly(
  trx: Conn,
  source: Parameters<typeof recordAudit>[1],
  householdId: number,
  note: string,
): Promise<string> {
  const row = (await q.selectCase(trx, '/', householdId))!;
  if (row.case_status === 'registered') return row.file_no!;
  const state = stateOf(row);
  const today = todayInShanghai();
  const fileNo = `${row.node_code}-${today.slice(0, 4)}-${String(
    await q.nextFileSequence(trx, row.node_id, Number(today.slice(0, 4))),
  ).padStart(5, '0')}`;
  if (
    !(await q.moveCase(trx, householdId, state, {
      status: 'registered',
      step: 'approval',
      fileStatus: 'active',
      registered: { fileNo },
    }))
  )
    throw caseMoved(state);
  await q.insertCaseStep(trx, {
    household_id: householdId,
    action: 'register_directly',
    step: state.step,
    from_status: state.status,
    to_status: 'registered',
    to_step: 'approval',
    opinion: note,
    record: null,
    actor_user_id: source.actor?.userId ?? null,
    actor_node_id: source.actor?.nodeId ?? null,
  });
  await recordAudit(trx, source, {
    action: 'case.action',
    details: {
      action: 'register_directly',
      step: state.step,
      toStatus: 'registered',
      toStep: 'approval',
      opinion: note,
      fileNo,
    },
    entityType: 'household',
    entityId: householdId,
    nodeId: row.node_id,
    before: { caseStatus: state.status, caseStep: state.step },
    after: { caseStatus: 'registered', caseStep: 'approval', fileNo },
  });
  await issueCardOnRegistration(trx, source, householdId);
  return fileNo;
}

/**
 * Records on the file's timeline something that happened outside the workflow
 * actions (a temporary file entered, converted or closed; a transfer), in the
 * caller's transaction. The caller moves the file and writes its own audit record.
 */
export async function recordCaseEvent(
  trx: Conn,
  source: Parameters<typeof recordAudit>[1],
  householdId: number,
  event: CaseEvent,
  entry: {
    step: RegistrationStep;
    fromStatus: CaseStatus;
    toStatus: CaseStatus;
    toStep: RegistrationStep;
    opinion: string | null;
    record?: Record<string, string> | null;
  },
): Promise<void> {
  await q.insertCaseStep(trx, {
    household_id: householdId,
    action: event,
    step: entry.step,
    from_status: entry.fromStatus,
    to_status: entry.toStatus,
    to_step: entry.toStep,
    opinion: entry.opinion,
    record: entry.record ? JSON.stringify(entry.record) : null,
    actor_user_id: source.actor?.userId ?? null,
    actor_node_id: source.actor?.nodeId ?? null,
  });
}
