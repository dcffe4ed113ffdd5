import { z } from 'zod';
import { AppError } from '../errors';
import type { ReviewTaskView } from '../reviews/review-round';

/**
 * 建档流程: the registration workflow of a household file as a pure state
 * machine (domain.md §3). A case moves through the steps of its region's
 * workflow; each action is allowed only in some states, to some roles, at some
 * levels of the union tree. Nothing here touches the database: the server
 * loads the case and the actor, asks this module, and stores the result.
 */

// ---------------------------------------------------------------- steps

export const registrationSteps = [
  'application', // 申请: prepared (drafts may be saved) and submitted by the union
  'first_review', // 初审: by the grassroots union
  'home_visit', // 入户调查: within a deadline of the submission, with the visit record
  'review_notice', // 民主评议 / 公示: review meeting and public notice, objections resolved
  'higher_check', // 复核: check by the higher union
  'financial_check', // 家庭经济状况核对: civil affairs' verification, with the signed authorisation
  'approval', // 审批: by the service centre or the federation's office meeting
] as const;
export type RegistrationStep = (typeof registrationSteps)[number];

/** The middle steps whose order and presence are policy per region (domain.md §3: "varies"). */
export const configurableSteps = ['review_notice', 'higher_check', 'financial_check'] as const;
export type ConfigurableStep = (typeof configurableSteps)[number];

export const registrationStepLabels = {
  application: { zh: '申请', en: 'Application' },
  first_review: { zh: '初审', en: 'First review' },
  home_visit: { zh: '入户调查', en: 'Home visit' },
  review_notice: { zh: '民主评议与公示', en: 'Review meeting and public notice' },
  higher_check: { zh: '上级复核', en: 'Check by the higher union' },
  financial_check: { zh: '家庭经济状况核对', en: 'Financial verification' },
  approval: { zh: '审批', en: 'Approval' },
} as const satisfies Record<RegistrationStep, { zh: string; en: string }>;

/** A region's workflow: which middle steps, in which order, and the time limits. */
export const workflowConfigSchema = z.object({
  middleSteps: z
    .array(z.enum(configurableSteps))
    .max(configurableSteps.length)
    .refine((s) => new Set(s).size === s.length, 'a step is listed twice'),
  /** Days from the submission within which the home visit is due (calendar days). */
  homeVisitDays: z.number().int().min(1).max(60),
  /** Minimum length of the public notice, in working days. */
  noticeWorkingDays: z.number().int().min(1).max(30),
  // Keeping files alive (domain.md §4). Defaults apply to configs stored before these existed.
  /** 脱困: consecutive months of per-capita income above the 低保 line. */
  exitIncomeMonths: z.number().int().min(1).max(24).default(6),
  /** Follow-ups after an exit, in months after it takes effect (calls and visits alternate). */
  followUpMonths: z.array(z.number().int().min(1).max(60)).max(12).default([1, 3, 6, 12]),
  /** Share of files drawn for the random re-check of an annual review round. */
  reviewSampleShare: z.number().min(0).max(1).default(0.3),
  /** A file older than this many months is re-applied for at the annual review. */
  reapplyAfterMonths: z.number().int().min(1).max(60).default(12),
  /** Relapse (返困) signal: income this share or more below the last recorded month. */
  relapseIncomeDropShare: z.number().min(0.05).max(1).default(0.2),
});
export type WorkflowConfig = z.infer<typeof workflowConfigSchema>;

/** The national default: every middle step, in the order domain.md §3 lists them. */
export const defaultWorkflowConfig: WorkflowConfig = {
  middleSteps: ['review_notice', 'higher_check', 'financial_check'],
  homeVisitDays: 5,
  noticeWorkingDays: 5,
  exitIncomeMonths: 6,
  followUpMonths: [1, 3, 6, 12],
  reviewSampleShare: 0.3,
  reapplyAfterMonths: 12,
  relapseIncomeDropShare: 0.2,
};

/** The steps a case walks, in order, under a workflow. */
export function stepSequence(config: WorkflowConfig): RegistrationStep[] {
  return ['application', 'first_review', 'home_visit', ...config.middleSteps, 'approval'];
}

// ---------------------------------------------------------------- states and actions

export const caseStatuses = [
  'draft', // 草稿: the application is being prepared
  'in_review', // 审核中: at `step`
  'returned', // 已退回: a higher level sent it back to the node that made it, with reasons
  'registered', // 已建档: approved and entered
  'rejected', // 未通过: refused at `step`, with an opinion
  'withdrawn', // 已撤回: the applying union withdrew it
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const caseStatusLabels = {
  draft: { zh: '草稿', en: 'Draft' },
  in_review: { zh: '审核中', en: 'In review' },
  returned: { zh: '已退回', en: 'Returned' },
  registered: { zh: '已建档', en: 'Registered' },
  rejected: { zh: '未通过', en: 'Rejected' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
} as const satisfies Record<CaseStatus, { zh: string; en: string }>;

/** Statuses that end the registration: no action applies any more. */
export const finalCaseStatuses: readonly CaseStatus[] = ['registered', 'rejected', 'withdrawn'];

/** A case holds its people (one person, one active file) until it is refused or withdrawn. */
export function holdsPeople(status: CaseStatus): boolean {
  return status !== 'rejected' && status !== 'withdrawn';
}

export const caseActions = [
  'submit', // 提交: draft → first review
  'pass', // 通过: this step is done, on to the next (or registered after approval)
  'reject', // 驳回 / 不予通过: ends the case; opinion required
  'return', // 退回: a higher level sends the case back to the node that made it; opinion required
  'resubmit', // 重新提交: the corrected case goes back to first review
  'withdraw', // 撤回: the applying union gives up a draft or a returned case
] as const;
export type CaseAction = (typeof caseActions)[number];

export const caseActionLabels = {
  submit: { zh: '提交申请', en: 'Submit' },
  pass: { zh: '通过', en: 'Pass' },
  reject: { zh: '不予通过', en: 'Reject' },
  return: { zh: '退回', en: 'Return' },
  resubmit: { zh: '重新提交', en: 'Resubmit' },
  withdraw: { zh: '撤回', en: 'Withdraw' },
} as const satisfies Record<CaseAction, { zh: string; en: string }>;

/**
 * Timeline entries that are not workflow actions: a file entered as registered
 * (migrated), a temporary-relief file entered, converted or closed, a transfer
 * between nodes (docs/transfers-and-reporting.md).
 */
export const caseEvents = [
  'register_directly',
  'enter_temporary',
  'convert_temporary',
  'close_temporary',
  'transfer',
  'readmit', // 重新纳入: an exited file reopened as a new application (docs/exits.md)
] as const;
export type CaseEvent = (typeof caseEvents)[number];

export const caseEventLabels = {
  register_directly: { zh: '直接录入', en: 'Entered as registered' },
  enter_temporary: { zh: '临时救助建档', en: 'Temporary file entered' },
  convert_temporary: { zh: '转为常规档案', en: 'Converted to a regular file' },
  close_temporary: { zh: '临时救助结束', en: 'Temporary file closed' },
  transfer: { zh: '转移', en: 'Transferred' },
  readmit: { zh: '重新纳入', en: 'Re-admitted' },
} as const satisfies Record<CaseEvent, { zh: string; en: string }>;

/** Actions that must carry an opinion (domain.md §3: "an opinion is required to reject or return"). */
export const actionsNeedingOpinion: readonly CaseAction[] = ['reject', 'return'];

export type CaseState = { status: CaseStatus; step: RegistrationStep };

export const initialCaseState: CaseState = { status: 'draft', step: 'application' };

/** Steps where the acting union is above the file's own node: only they may return a case. */
const higherLevelSteps: readonly RegistrationStep[] = [
  'higher_check',
  'financial_check',
  'approval',
];

/** What may be done in a state, whoever asks (the actor's right comes on top: `whoMayAct`). */
export function allowedActions(state: CaseState, config: WorkflowConfig): CaseAction[] {
  const steps = stepSequence(config);
  switch (state.status) {
    case 'draft':
      return ['submit', 'withdraw'];
    case 'returned':
      return ['resubmit', 'withdraw'];
    case 'in_review':
      // A case whose step the region's workflow no longer has can still be passed on or ended.
      if (!steps.includes(state.step) || !higherLevelSteps.includes(state.step))
        return ['pass', 'reject'];
      return ['pass', 'reject', 'return'];
    case 'registered':
    case 'rejected':
    case 'withdrawn':
      return [];
  }
}

/** The step after `step` in the workflow; null after approval. */
export function nextStep(step: RegistrationStep, config: WorkflowConfig): RegistrationStep | null {
  const steps = stepSequence(config);
  const at = steps.indexOf(step);
  if (at === -1) {
    // The region's workflow dropped this step while the case stood on it: go on to the
    // first configured step that comes after it in the national order.
    const rank = registrationSteps.indexOf(step);
    return steps.find((s) => registrationSteps.indexOf(s) > rank) ?? null;
  }
  return steps[at + 1] ?? null;
}

/**
 * The state after an action, or INVALID_STATE naming the actions that are
 * allowed (and VALIDATION when an opinion is required and missing).
 */
export function applyAction(
  state: CaseState,
  action: CaseAction,
  config: WorkflowConfig,
  input: { opinion?: string | null } = {},
): CaseState {
  const allowed = allowedActions(state, config);
  if (!allowed.includes(action))
    throw new AppError(
      'INVALID_STATE',
      `cannot ${action} a case that is ${state.status} at ${state.step}; allowed: ${allowed.join(', ') || 'none'}`,
      {
        userMessage: `当前状态（${caseStatusLabels[state.status].zh}·${registrationStepLabels[state.step].zh}）不能${caseActionLabels[action].zh}${allowed.length ? `，可以：${allowed.map((a) => caseActionLabels[a].zh).join('、')}` : ''}`,
        details: { status: state.status, step: state.step, action, allowed },
      },
    );
  if (actionsNeedingOpinion.includes(action) && !input.opinion?.trim())
    throw new AppError('VALIDATION', `opinion: required to ${action}`, {
      userMessage: `${caseActionLabels[action].zh}须填写意见`,
      issues: [{ path: 'opinion', message: 'required' }],
    });
  switch (action) {
    case 'submit':
    case 'resubmit':
      return { status: 'in_review', step: 'first_review' };
    case 'pass': {
      const next = nextStep(state.step, config);
      return next === null
        ? { status: 'registered', step: state.step }
        : { status: 'in_review', step: next };
    }
    case 'reject':
      return { status: 'rejected', step: state.step };
    case 'return':
      return { status: 'returned', step: state.step };
    case 'withdraw':
      return { status: 'withdrawn', step: state.step };
  }
}

// ---------------------------------------------------------------- who may act

export type ActingRole = 'case_worker' | 'reviewer' | 'federation_admin';

/**
 * Where in the tree the actor must stand, relative to the file's node:
 * - own: the file's node or any node above it (the union that keeps the file, or its federation)
 * - higher: strictly above the file's node
 * - county: a county-level federation (or its service centre) or above, and above or at the file's node
 */
export type ActingLevel = 'own' | 'higher' | 'county';

export type StepRule = { roles: readonly ActingRole[]; level: ActingLevel };

export const stepRules = {
  application: { roles: ['case_worker'], level: 'own' },
  first_review: { roles: ['case_worker', 'reviewer'], level: 'own' },
  home_visit: { roles: ['case_worker'], level: 'own' },
  review_notice: { roles: ['case_worker'], level: 'own' },
  higher_check: { roles: ['reviewer', 'federation_admin'], level: 'higher' },
  financial_check: { roles: ['case_worker', 'reviewer'], level: 'county' },
  approval: { roles: ['reviewer', 'federation_admin'], level: 'county' },
} as const satisfies Record<RegistrationStep, StepRule>;

/** Where the actor stands: enough to decide, computed by the server from the two paths. */
export type ActorPosition = {
  roles: readonly string[];
  /** The actor's node is the file's node or an ancestor of it (the file is in scope). */
  isInScope: boolean;
  /** The actor's node is strictly above the file's node. */
  isAbove: boolean;
  /** The actor's node is a county-level federation, a city, province or national one, or a service centre. */
  isCountyOrAbove: boolean;
};

/**
 * Null when the actor may take the action in this state, else the reason
 * (`role`, `level`). Submitting, resubmitting and withdrawing belong to the
 * application step's rule; the others to the current step's.
 */
export function whoMayAct(
  state: CaseState,
  action: CaseAction,
  actor: ActorPosition,
): null | { reason: 'scope' | 'role' | 'level'; rule: StepRule } {
  const step: RegistrationStep =
    action === 'submit' || action === 'resubmit' || action === 'withdraw'
      ? 'application'
      : state.step;
  const rule: StepRule = stepRules[step];
  if (!actor.isInScope) return { reason: 'scope', rule };
  if (!rule.roles.some((r) => actor.roles.includes(r))) return { reason: 'role', rule };
  const levelOk =
    rule.level === 'own' ? true : rule.level === 'higher' ? actor.isAbove : actor.isCountyOrAbove;
  // Returning a case is always done from above the node that made it.
  if (!levelOk || (action === 'return' && !actor.isAbove)) return { reason: 'level', rule };
  return null;
}

// ---------------------------------------------------------------- deadlines

/** YYYY-MM-DD plus n calendar days. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * The date n working days after `date` (Monday–Friday; `holidays` are skipped
 * and `extraWorkdays` — the weekend days made working days around holidays
 * (调休) — count). The public notice ends then.
 */
export function addWorkingDays(
  date: string,
  n: number,
  calendar: { holidays?: readonly string[]; extraWorkdays?: readonly string[] } = {},
): string {
  const holidays = new Set(calendar.holidays ?? []);
  const extra = new Set(calendar.extraWorkdays ?? []);
  let current = date;
  let left = n;
  while (left > 0) {
    current = addDays(current, 1);
    const weekday = new Date(`${current}T00:00:00Z`).getUTCDay();
    const isWorkday =
      extra.has(current) || (weekday !== 0 && weekday !== 6 && !holidays.has(current));
    if (isWorkday) left -= 1;
  }
  return current;
}

/** When the home visit is due: `homeVisitDays` after the submission. */
export function homeVisitDue(submittedOn: string, config: WorkflowConfig): string {
  return addDays(submittedOn, config.homeVisitDays);
}

/** The earliest day a public notice that started on `startedOn` may end. */
export function noticeEarliestEnd(
  startedOn: string,
  config: WorkflowConfig,
  calendar?: Parameters<typeof addWorkingDays>[2],
): string {
  return addWorkingDays(startedOn, config.noticeWorkingDays, calendar);
}

// ---------------------------------------------------------------- API

/** The body of an action: what the actor saw (so that of two at once exactly one wins). */
export const caseActionRequestSchema = z.object({
  action: z.enum(caseActions),
  expected: z.object({
    status: z.enum(caseStatuses),
    step: z.enum(registrationSteps),
  }),
  opinion: z.string().trim().max(1000).optional(),
  /** What the step recorded: the home visit's findings, the meeting, the verification result … */
  record: z
    .object({
      date: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
        .optional(),
      place: z.string().trim().max(200).optional(),
      participants: z.string().trim().max(500).optional(),
      findings: z.string().trim().max(2000).optional(),
      objections: z.string().trim().max(2000).optional(),
    })
    .optional(),
});
export type CaseActionRequest = z.output<typeof caseActionRequestSchema>;

/** One row of a case's timeline. */
export type CaseStepRecord = {
  id: number;
  at: string;
  action: CaseAction | CaseEvent;
  step: RegistrationStep;
  fromStatus: CaseStatus;
  toStatus: CaseStatus;
  toStep: RegistrationStep;
  opinion: string | null;
  record: CaseActionRequest['record'] | null;
  actorName: string | null;
  actorNodeName: string | null;
};

/** A file's case as the API shows it to the caller. */
export type CaseView = {
  householdId: number;
  status: CaseStatus;
  step: RegistrationStep;
  stepSince: string;
  submittedOn: string | null;
  registeredAt: string | null;
  fileNo: string | null;
  /** The region's workflow: the steps in order. */
  steps: RegistrationStep[];
  workflow: WorkflowConfig;
  /** What this caller may do now. */
  actions: CaseAction[];
  /** When the home visit is due (while the case is before or at it). */
  homeVisitDue: string | null;
  history: CaseStepRecord[];
};

/** A row of the inbox (待办): a registration case waiting for the caller. */
export type CaseInboxItem = {
  kind: 'case';
  householdId: number;
  headName: string;
  nodeName: string;
  status: CaseStatus;
  step: RegistrationStep;
  stepSince: string;
  dueOn: string | null;
  isOverdue: boolean;
  actions: CaseAction[];
};

/**
 * A row of the inbox: a pending annual review task (年度复核) of an open round
 * that the caller may end (the task's own `actions`); done in the review drawer.
 */
export type ReviewInboxItem = {
  kind: 'review';
  taskId: number;
  householdId: number;
  headName: string;
  nodeName: string;
  fileNo: string | null;
  round: { id: number; name: string; periodStart: string; periodEnd: string };
  /** In the round's re-check sample (随机抽查): listed first, marked. */
  inSample: boolean;
  needsReapplication: boolean;
  /** When the round opened: the task has waited since. */
  stepSince: string;
  /** The round's period end: the review is due by then. */
  dueOn: string;
  isOverdue: boolean;
  actions: ReviewTaskView['actions'];
};

/** The inbox holds registration cases and review tasks, told apart by `kind`. */
export type InboxItem = CaseInboxItem | ReviewInboxItem;

/** How many rows of each kind the inbox reads at most; the rest are said, not listed. */
export const inboxLimit = 500;

/** GET /api/inbox (待办). */
export type Inbox = {
  items: InboxItem[];
  /**
   * Every pending review task the caller may end, listed or not: beyond
   * `inboxLimit` they are done from the round's page (年度复核).
   */
  reviewTasksTotal: number;
  /**
   * The scope holds more than `inboxLimit` open registration cases: only the
   * oldest were read, so cases waiting for the caller may be missing here.
   */
  casesCut: boolean;
};
