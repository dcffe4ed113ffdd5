import { z } from 'zod';
import { AppError } from '../errors';
import type { OutOfHardshipCheck } from './income-rule';

/**
 * The four exits of a household file (domain.md §4) as a pure state machine:
 * proposed → verified (checked and explained to the family) → approved or
 * rejected; the proposer may withdraw before the decision. Nothing here touches
 * the database: the server loads the exit and the actor, asks this module, and
 * stores the result with a conditional update on the exit's version.
 */

// ---------------------------------------------------------------- kinds and reasons

export const exitKinds = [
  'out_of_hardship', // 脱困: per-capita income above the 低保 line for N consecutive months
  'safety_net', // 解困: moved to the government safety net (低保/特困), kept under regular union aid
  'cancelled', // 注销: death, retirement, moved away
  'removed', // 退档: found ineligible
] as const;
export type ExitKind = (typeof exitKinds)[number];

export const exitKindLabels = {
  out_of_hardship: { zh: '脱困', en: 'Out of hardship' },
  safety_net: { zh: '解困', en: 'Moved to the safety net' },
  cancelled: { zh: '注销', en: 'Cancelled' },
  removed: { zh: '退档', en: 'Removed' },
} as const satisfies Record<ExitKind, { zh: string; en: string }>;

/** Reason codes per kind, as data (dictionary-like): code → labels. */
export const exitReasons = {
  out_of_hardship: {
    income_above_line: { zh: '收入连续高于低保标准', en: 'Income above the line' },
    reemployed: { zh: '实现再就业增收', en: 'Re-employed, income up' },
    other: { zh: '其他', en: 'Other' },
  },
  safety_net: {
    dibao: { zh: '纳入最低生活保障（低保）', en: 'Taken into 低保' },
    tekun: { zh: '纳入特困人员救助供养', en: 'Taken into 特困 support' },
    other: { zh: '其他政府兜底保障', en: 'Other government support' },
  },
  cancelled: {
    death: { zh: '死亡', en: 'Death' },
    retirement: { zh: '退休', en: 'Retirement' },
    moved_away: { zh: '迁出本地', en: 'Moved away' },
    other: { zh: '其他', en: 'Other' },
  },
  removed: {
    false_declaration: { zh: '虚报瞒报', en: 'False declaration' },
    income_above: { zh: '收入超过标准', en: 'Income above the standard' },
    exclusion_hit: { zh: '存在不予建档情形', en: 'An exclusion applies' },
    other: { zh: '其他', en: 'Other' },
  },
} as const satisfies Record<ExitKind, Record<string, { zh: string; en: string }>>;

export function isReasonOfKind(kind: ExitKind, code: string): boolean {
  return Object.hasOwn(exitReasons[kind], code);
}

export function reasonLabel(kind: ExitKind, code: string): { zh: string; en: string } {
  return (
    (exitReasons[kind] as Record<string, { zh: string; en: string }>)[code] ?? {
      zh: code,
      en: code,
    }
  );
}

/** Kinds after which the household is followed up and watched for relapse (返困). */
export const followedUpKinds: readonly ExitKind[] = ['out_of_hardship', 'safety_net'];

export const exitSources = ['manual', 'review', 'income_rule', 'registry'] as const;
export type ExitSource = (typeof exitSources)[number];

// ---------------------------------------------------------------- states and actions

export const exitStatuses = ['proposed', 'verified', 'approved', 'rejected', 'withdrawn'] as const;
export type ExitStatus = (typeof exitStatuses)[number];

export const exitStatusLabels = {
  proposed: { zh: '待核实', en: 'Proposed' },
  verified: { zh: '待审批', en: 'Verified' },
  approved: { zh: '已退出', en: 'Approved' },
  rejected: { zh: '不予退出', en: 'Rejected' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
} as const satisfies Record<ExitStatus, { zh: string; en: string }>;

/** Open exits hold the household: one open proposal per household. */
export const openExitStatuses: readonly ExitStatus[] = ['proposed', 'verified'];

export const exitActions = ['verify', 'approve', 'reject', 'withdraw'] as const;
export type ExitAction = (typeof exitActions)[number];

export const exitActionLabels = {
  verify: { zh: '核实', en: 'Verify' },
  approve: { zh: '批准退出', en: 'Approve' },
  reject: { zh: '不予退出', en: 'Reject' },
  withdraw: { zh: '撤回', en: 'Withdraw' },
} as const satisfies Record<ExitAction, { zh: string; en: string }>;

export function allowedExitActions(status: ExitStatus): ExitAction[] {
  switch (status) {
    case 'proposed':
      return ['verify', 'withdraw'];
    case 'verified':
      return ['approve', 'reject', 'withdraw'];
    case 'approved':
    case 'rejected':
    case 'withdrawn':
      return [];
  }
}

/**
 * The status after an action, or INVALID_STATE naming the allowed actions
 * (VALIDATION when a rejection carries no opinion).
 */
export function applyExitAction(
  status: ExitStatus,
  action: ExitAction,
  input: { opinion?: string | null } = {},
): ExitStatus {
  const allowed = allowedExitActions(status);
  if (!allowed.includes(action))
    throw new AppError(
      'INVALID_STATE',
      `cannot ${action} an exit that is ${status}; allowed: ${allowed.join(', ') || 'none'}`,
      {
        userMessage: `退出申请当前为“${exitStatusLabels[status].zh}”，不能${exitActionLabels[action].zh}${allowed.length ? `，可以：${allowed.map((a) => exitActionLabels[a].zh).join('、')}` : ''}`,
        details: { status, action, allowed },
      },
    );
  if (action === 'reject' && !input.opinion?.trim())
    throw new AppError('VALIDATION', 'opinion: required to reject', {
      userMessage: '不予退出须填写意见',
      issues: [{ path: 'opinion', message: 'required' }],
    });
  switch (action) {
    case 'verify':
      return 'verified';
    case 'approve':
      return 'approved';
    case 'reject':
      return 'rejected';
    case 'withdraw':
      return 'withdrawn';
  }
}

// ---------------------------------------------------------------- who may act

export type ExitActorPosition = {
  userId: number;
  roles: readonly string[];
  /** The actor's node is the file's node or above it. */
  isInScope: boolean;
  /** The actor's node is a county-level federation, a city, province or national one, or a service centre. */
  isCountyOrAbove: boolean;
};

export type ExitActRule = { roles: readonly string[]; level: 'own' | 'county' };

export const exitActRules = {
  propose: { roles: ['case_worker'], level: 'own' },
  verify: { roles: ['case_worker', 'reviewer'], level: 'own' },
  approve: { roles: ['reviewer', 'federation_admin'], level: 'county' },
  reject: { roles: ['reviewer', 'federation_admin'], level: 'county' },
  withdraw: { roles: ['case_worker'], level: 'own' },
} as const satisfies Record<ExitAction | 'propose', ExitActRule>;

export type ExitRefusal = 'scope' | 'role' | 'level' | 'proposer' | 'not_proposer';

/**
 * Null when the actor may take the action, else why not. Verification is done
 * by someone other than the proposer (a second pair of eyes, who also explains
 * the exit to the family); only the proposer withdraws.
 */
export function whoMayActOnExit(
  action: ExitAction | 'propose',
  actor: ExitActorPosition,
  proposedBy: number | null,
): ExitRefusal | null {
  const rule: ExitActRule = exitActRules[action];
  if (!actor.isInScope) return 'scope';
  if (!rule.roles.some((r) => actor.roles.includes(r))) return 'role';
  if (rule.level === 'county' && !actor.isCountyOrAbove) return 'level';
  if (action === 'verify' && proposedBy === actor.userId) return 'proposer';
  if (action === 'withdraw' && proposedBy !== actor.userId) return 'not_proposer';
  return null;
}

export const exitRefusalMessages = {
  scope: '该档案不在您的管辖范围内',
  role: '您的角色不能办理此项',
  level: '退出审批须由县级以上工会办理',
  proposer: '核实须由提出人以外的人员办理',
  not_proposer: '只有提出人可以撤回',
} as const satisfies Record<ExitRefusal, string>;

// ---------------------------------------------------------------- API

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** An exit proposal (退出申请): kind, reason code and text, evidence documents of the file. */
export const exitProposalInputSchema = z
  .object({
    kind: z.enum(exitKinds),
    reasonCode: z.string().min(1).max(40),
    reason: z.string().trim().min(1, 'required').max(2000),
    /** Ids of the file's documents (household_documents) offered as evidence. */
    documentIds: z.array(z.number().int().positive()).max(50).default([]),
  })
  .superRefine((v, ctx) => {
    if (!isReasonOfKind(v.kind, v.reasonCode))
      ctx.addIssue({
        code: 'custom',
        path: ['reasonCode'],
        message: `not a reason of ${v.kind}: ${Object.keys(exitReasons[v.kind]).join(', ')}`,
      });
  });
export type ExitProposalInput = z.output<typeof exitProposalInputSchema>;

export const verificationMethods = ['home_visit', 'phone', 'meeting', 'other'] as const;
export type VerificationMethod = (typeof verificationMethods)[number];
export const verificationMethodLabels = {
  home_visit: { zh: '入户核实', en: 'Home visit' },
  phone: { zh: '电话告知', en: 'Phone' },
  meeting: { zh: '约谈', en: 'Meeting' },
  other: { zh: '其他', en: 'Other' },
} as const satisfies Record<VerificationMethod, { zh: string; en: string }>;

/** The verification record: the check done and explained to the family. */
export const exitVerificationSchema = z.object({
  date: isoDate,
  method: z.enum(verificationMethods),
  /** Who in the family was told of the exit and its reason. */
  toldWho: z.string().trim().min(1, 'required').max(100),
  findings: z.string().trim().min(1, 'required').max(2000),
});
export type ExitVerification = z.output<typeof exitVerificationSchema>;

/** One action on the household's open exit, with the version the actor saw. */
export const exitActionRequestSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('verify'),
    expectedVersion: z.number().int().min(0),
    verification: exitVerificationSchema,
  }),
  z.object({
    action: z.literal('approve'),
    expectedVersion: z.number().int().min(0),
    opinion: z.string().trim().max(1000).optional(),
    /** When the exit takes effect; today by default. */
    effectiveOn: isoDate.optional(),
  }),
  z.object({
    action: z.literal('reject'),
    expectedVersion: z.number().int().min(0),
    opinion: z.string().trim().max(1000).optional(),
  }),
  z.object({
    action: z.literal('withdraw'),
    expectedVersion: z.number().int().min(0),
    opinion: z.string().trim().max(1000).optional(),
  }),
]);
export type ExitActionRequest = z.output<typeof exitActionRequestSchema>;

export type ExitEvidence = {
  documents: { id: number; docType: string; fileName: string }[];
  /** 脱困: the income check at the time of the proposal (and at approval). */
  incomeCheck?: OutOfHardshipCheck;
  incomeCheckAtApproval?: OutOfHardshipCheck;
};

/** One exit of a household as the API shows it. */
export type ExitView = {
  id: number;
  householdId: number;
  kind: ExitKind;
  reasonCode: string;
  reason: string;
  source: ExitSource;
  status: ExitStatus;
  evidence: ExitEvidence;
  proposedAt: string;
  proposedByName: string | null;
  verification: ExitVerification | null;
  verifiedAt: string | null;
  verifiedByName: string | null;
  decidedAt: string | null;
  decidedByName: string | null;
  decisionOpinion: string | null;
  effectiveOn: string | null;
  version: number;
  /** What this caller may do now. */
  actions: ExitAction[];
};

/** A row of 退出管理: an open exit in scope waiting for the caller. */
export type ExitQueueItem = {
  id: number;
  householdId: number;
  headName: string;
  nodeName: string;
  kind: ExitKind;
  reasonCode: string;
  status: ExitStatus;
  proposedAt: string;
  proposedByName: string | null;
  version: number;
  actions: ExitAction[];
};
