import { z } from 'zod';
import { AppError } from '../errors';
import type { Role } from '../permissions';
import type { HardshipCategory } from '../households/policy';

/**
 * 转移: moving a household file from the node that keeps it to another node
 * (the employer closed, the worker moved). A pure state machine: the origin
 * side releases (放行), then the destination side accepts (接收); either side
 * may refuse with an opinion, and the requester may cancel before the release.
 * Nothing here touches the database.
 */

export const transferReasons = [
  'employer_closed', // 企业关闭
  'worker_moved', // 工作调动 / 迁居
  'other', // 其他
] as const;
export type TransferReason = (typeof transferReasons)[number];

export const transferReasonLabels = {
  employer_closed: { zh: '企业关闭', en: 'Employer closed' },
  worker_moved: { zh: '工作调动/迁居', en: 'Worker moved' },
  other: { zh: '其他', en: 'Other' },
} as const satisfies Record<TransferReason, { zh: string; en: string }>;

export const transferStatuses = [
  'requested', // 待转出: waits for the origin side's release
  'released', // 待接收: released by the origin, waits for the destination
  'completed', // 已转移: accepted; the file now belongs to the destination node
  'rejected', // 已拒绝: refused by either side, with an opinion
  'cancelled', // 已撤销: cancelled by the requester before the release
] as const;
export type TransferStatus = (typeof transferStatuses)[number];

export const transferStatusLabels = {
  requested: { zh: '待转出审核', en: 'Awaiting release' },
  released: { zh: '待接收', en: 'Awaiting acceptance' },
  completed: { zh: '已转移', en: 'Completed' },
  rejected: { zh: '已拒绝', en: 'Refused' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
} as const satisfies Record<TransferStatus, { zh: string; en: string }>;

/** Open transfers hold the file: one at a time (the database's unique index is the backstop). */
export const openTransferStatuses: readonly TransferStatus[] = ['requested', 'released'];

export const transferActions = [
  'release', // 同意转出: the origin side lets the file go
  'accept', // 接收: the destination side takes the file
  'refuse', // 拒绝: either side, with an opinion
  'cancel', // 撤销: the requester, before the release
] as const;
export type TransferAction = (typeof transferActions)[number];

export const transferActionLabels = {
  release: { zh: '同意转出', en: 'Release' },
  accept: { zh: '接收', en: 'Accept' },
  refuse: { zh: '拒绝', en: 'Refuse' },
  cancel: { zh: '撤销', en: 'Cancel' },
} as const satisfies Record<TransferAction, { zh: string; en: string }>;

/** Which side acts on a transfer in a status. */
export type TransferSide = 'origin' | 'destination' | 'requester';

type Rule = { side: TransferSide; roles: readonly Role[]; next: TransferStatus };

/** Every allowed (status, action) with who may take it and where it leads. */
const rules: Partial<Record<TransferStatus, Partial<Record<TransferAction, Rule>>>> = {
  requested: {
    release: { side: 'origin', roles: ['reviewer', 'federation_admin'], next: 'released' },
    refuse: { side: 'origin', roles: ['reviewer', 'federation_admin'], next: 'rejected' },
    cancel: { side: 'requester', roles: [], next: 'cancelled' },
  },
  released: {
    accept: {
      side: 'destination',
      roles: ['case_worker', 'reviewer', 'federation_admin'],
      next: 'completed',
    },
    refuse: {
      side: 'destination',
      roles: ['case_worker', 'reviewer', 'federation_admin'],
      next: 'rejected',
    },
  },
};

/** Actions that must carry an opinion. */
export const transferActionsNeedingOpinion: readonly TransferAction[] = ['refuse'];

/** The actions allowed in a status, whoever asks. */
export function allowedTransferActions(status: TransferStatus): TransferAction[] {
  return transferActions.filter((a) => rules[status]?.[a] !== undefined);
}

export function isOpenTransfer(status: TransferStatus): boolean {
  return openTransferStatuses.includes(status);
}

/**
 * The status after an action, or INVALID_STATE naming the allowed actions
 * (VALIDATION when a refusal has no opinion).
 */
export function applyTransferAction(
  status: TransferStatus,
  action: TransferAction,
  input: { opinion?: string | null } = {},
): TransferStatus {
  const rule = rules[status]?.[action];
  if (!rule) {
    const allowed = allowedTransferActions(status);
    throw new AppError(
      'INVALID_STATE',
      `cannot ${action} a transfer that is ${status}; allowed: ${allowed.join(', ') || 'none'}`,
      {
        userMessage: `转移申请当前为“${transferStatusLabels[status].zh}”，不能${transferActionLabels[action].zh}${allowed.length ? `，可以：${allowed.map((a) => transferActionLabels[a].zh).join('、')}` : ''}`,
        details: { status, action, allowed },
      },
    );
  }
  if (transferActionsNeedingOpinion.includes(action) && !input.opinion?.trim())
    throw new AppError('VALIDATION', `opinion: required to ${action}`, {
      userMessage: `${transferActionLabels[action].zh}须填写意见`,
      issues: [{ path: 'opinion', message: 'required' }],
    });
  return rule.next;
}

/** Where the actor stands relative to one transfer. */
export type TransferActorPosition = {
  roles: readonly Role[];
  /** The actor's scope covers the origin node (the file's node when requested). */
  coversOrigin: boolean;
  /** The actor's scope covers the destination node. */
  coversDestination: boolean;
  /** The actor asked for this transfer. */
  isRequester: boolean;
};

export type TransferRefusal = { reason: 'side' | 'role' | 'requester'; side: TransferSide };

/**
 * Null when the actor may take the action (allowed in the status); otherwise
 * why not: not on the acting side, not holding a role of it, or not the requester.
 */
export function whoMayActOnTransfer(
  status: TransferStatus,
  action: TransferAction,
  actor: TransferActorPosition,
): TransferRefusal | null {
  const rule = rules[status]?.[action];
  if (!rule) return null;
  switch (rule.side) {
    case 'requester':
      return actor.isRequester ? null : { reason: 'requester', side: rule.side };
    case 'origin':
    case 'destination': {
      const covers = rule.side === 'origin' ? actor.coversOrigin : actor.coversDestination;
      if (!covers) return { reason: 'side', side: rule.side };
      return rule.roles.some((r) => actor.roles.includes(r))
        ? null
        : { reason: 'role', side: rule.side };
    }
    default: {
      const never: never = rule.side;
      throw new Error(`unknown side ${String(never)}`);
    }
  }
}

/** The roles that act for a side on a status (for messages). */
export function rolesFor(status: TransferStatus, action: TransferAction): readonly Role[] {
  return rules[status]?.[action]?.roles ?? [];
}

/** The actions this actor may take now. */
export function transferActionsFor(
  status: TransferStatus,
  actor: TransferActorPosition,
): TransferAction[] {
  return allowedTransferActions(status).filter(
    (a) => whoMayActOnTransfer(status, a, actor) === null,
  );
}

// ---------------------------------------------------------------- requests

/** A node code as the receiving union gives it (exact match). */
export const nodeCodeSchema = z.string().trim().min(1).max(50);

export const transferRequestSchema = z.object({
  /** The destination node's code, as the receiving union gave it. */
  toNodeCode: nodeCodeSchema,
  reason: z.enum(transferReasons),
  note: z.string().trim().max(500).nullable().default(null),
});
export type TransferRequest = z.output<typeof transferRequestSchema>;

export const transferActionRequestSchema = z.object({
  action: z.enum(transferActions),
  /** The version the actor saw: of two decisions at once, one wins. */
  version: z.number().int().nonnegative(),
  opinion: z.string().trim().max(500).nullable().default(null),
});
export type TransferActionRequest = z.output<typeof transferActionRequestSchema>;

export const transferDirections = ['outgoing', 'incoming'] as const;
export type TransferDirection = (typeof transferDirections)[number];

export const transferQuerySchema = z.object({
  direction: z.enum(transferDirections),
  /** Open (requested or released) by default; `all` for every status. */
  status: z.enum([...transferStatuses, 'open', 'all']).default('open'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Keyset: transfers with a smaller id than this. */
  before: z.coerce.number().int().positive().optional(),
});
export type TransferQuery = z.output<typeof transferQuerySchema>;

/** The answer of the node-code lookup: enough to confirm the right union. */
export type TransferTargetNode = { id: number; code: string; name: string; type: string };

/**
 * A transfer as the lists show it. The destination side sees only what it needs
 * to decide: the head's name masked, category, member count, where it comes from.
 */
export type TransferView = {
  id: number;
  version: number;
  householdId: number;
  status: TransferStatus;
  reason: TransferReason;
  note: string | null;
  headNameMasked: string;
  category: HardshipCategory | null;
  memberCount: number;
  fileKind: 'regular' | 'temporary';
  fromNode: { id: number; name: string; code: string };
  toNode: { id: number; name: string; code: string };
  requestedBy: string | null;
  requestedAt: string;
  releasedBy: string | null;
  releasedAt: string | null;
  releaseOpinion: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionOpinion: string | null;
  /** What the caller may do now. */
  actions: TransferAction[];
};
