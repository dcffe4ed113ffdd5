import { z } from 'zod';

/**
 * 公示: the public notice of a batch of applications in the unit (domain.md §3
 * step 4). The sheet names each household's head partially masked, its
 * category, unit and size — never ID numbers, addresses, phones or diagnoses.
 * Pure rules; the server stores batches and objections.
 */

// ---------------------------------------------------------------- names

/**
 * A person's name masked by the usual convention of public notices: two
 * characters keep the first (张*), three keep the first and last (张*三),
 * four or more keep the first and last and mask every one between (欧阳**华).
 * Counted in characters (a compound surname is masked like any other), so the
 * length of the name stays visible, as on a paper notice.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}

// ---------------------------------------------------------------- the sheet

/** What the server knows of a household when it builds the sheet. */
export type NoticeSource = {
  householdId: number;
  headName: string;
  /** The category code of the last assessment (deep, relative, accident …), or null. */
  category: string | null;
  employerName: string | null;
  nodeName: string;
  memberCount: number;
};

/** One line of the notice as printed: nothing here is sensitive. */
export type NoticeRow = {
  householdId: number;
  /** 序号 */
  no: number;
  headNameMasked: string;
  category: string | null;
  categoryLabel: string;
  /** 所在单位: the employer, else the union that keeps the file. */
  unit: string;
  memberCount: number;
};

/** The notice's rows, in the order given; `categoryLabel` names a category code. */
export function buildNoticeRows(
  sources: readonly NoticeSource[],
  categoryLabel: (code: string | null) => string,
): NoticeRow[] {
  return sources.map((s, i) => ({
    householdId: s.householdId,
    no: i + 1,
    headNameMasked: maskName(s.headName),
    category: s.category,
    categoryLabel: categoryLabel(s.category),
    unit: s.employerName?.trim() || s.nodeName,
    memberCount: s.memberCount,
  }));
}

// ---------------------------------------------------------------- the rule at review_notice

/**
 * The notice period: posted on `startsOn`, it runs for the region's
 * `noticeWorkingDays` working days; `endsOn` is the working day on which that
 * many full working days have passed (addWorkingDays(startsOn, n)). A case may
 * pass review_notice from `endsOn` on: ends_on ≤ today.
 */
export function hasNoticeEnded(endsOn: string, today: string): boolean {
  return endsOn <= today;
}

export type NoticeStanding = {
  /** The batches the household has been in for its current application. */
  batches: readonly { id: number; startsOn: string; endsOn: string }[];
  /** Every objection about the household in those batches. */
  objections: readonly { id: number; batchId: number; resolved: boolean; upheld: boolean | null }[];
};

export type NoticeRefusal =
  | { reason: 'not_noticed' }
  | { reason: 'notice_running'; endsOn: string }
  | { reason: 'objection_open'; objectionIds: number[] }
  | { reason: 'objection_upheld'; objectionIds: number[] };

/**
 * Null when the case may pass review_notice: the household was in a batch
 * whose period has ended, and every objection about it is resolved and not
 * upheld (an upheld objection means the case is to be rejected, not passed).
 */
export function noticeRefusal(standing: NoticeStanding, today: string): NoticeRefusal | null {
  if (standing.batches.length === 0) return { reason: 'not_noticed' };
  if (!standing.batches.some((b) => hasNoticeEnded(b.endsOn, today))) {
    const endsOn = standing.batches.map((b) => b.endsOn).sort()[0]!;
    return { reason: 'notice_running', endsOn };
  }
  const open = standing.objections.filter((o) => !o.resolved).map((o) => o.id);
  if (open.length) return { reason: 'objection_open', objectionIds: open };
  const upheld = standing.objections.filter((o) => o.resolved && o.upheld).map((o) => o.id);
  if (upheld.length) return { reason: 'objection_upheld', objectionIds: upheld };
  return null;
}

/** What the person is told is missing. */
export function noticeRefusalMessage(refusal: NoticeRefusal): string {
  switch (refusal.reason) {
    case 'not_noticed':
      return '该户尚未公示：请先将其加入公示批次，公示期满后再通过';
    case 'notice_running':
      return `公示期未满：${refusal.endsOn} 起方可通过`;
    case 'objection_open':
      return `公示期间收到的异议尚未处理（${refusal.objectionIds.length} 条）：请先处理异议`;
    case 'objection_upheld':
      return '公示异议经核实成立：该申请应不予通过，不能通过';
  }
}

// ---------------------------------------------------------------- API

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const createNoticeBatchSchema = z.object({
  nodeId: z.number().int().positive(),
  householdIds: z
    .array(z.number().int().positive())
    .min(1, 'choose at least one application')
    .max(500)
    .refine((ids) => new Set(ids).size === ids.length, 'a household is listed twice'),
  title: z.string().trim().min(1).max(200).optional(),
  unitName: z.string().trim().min(1).max(200).optional(),
  contactPhone: z.string().trim().min(1, 'required').max(40),
  /** Default today (Asia/Shanghai). */
  startsOn: isoDate.optional(),
});
export type CreateNoticeBatchInput = z.output<typeof createNoticeBatchSchema>;

export const objectionChannels = ['in_person', 'phone', 'letter', 'online', 'other'] as const;
export type ObjectionChannel = (typeof objectionChannels)[number];
export const objectionChannelLabels = {
  in_person: { zh: '当面反映', en: 'In person' },
  phone: { zh: '电话', en: 'Phone' },
  letter: { zh: '信函', en: 'Letter' },
  online: { zh: '网上', en: 'Online' },
  other: { zh: '其他', en: 'Other' },
} as const satisfies Record<ObjectionChannel, { zh: string; en: string }>;

export const createObjectionSchema = z.object({
  householdId: z.number().int().positive(),
  receivedOn: isoDate,
  channel: z.enum(objectionChannels),
  content: z.string().trim().min(1, 'required').max(2000),
});
export type CreateObjectionInput = z.output<typeof createObjectionSchema>;

export const resolveObjectionSchema = z.object({
  resolution: z.string().trim().min(1, 'required').max(2000),
  upheld: z.boolean(),
});
export type ResolveObjectionInput = z.output<typeof resolveObjectionSchema>;

export const noticeBatchQuerySchema = z.object({
  nodeId: z.coerce.number().int().positive().optional(),
});

export const eligibleQuerySchema = z.object({
  nodeId: z.coerce.number().int().positive(),
});

/** 未开始 / 公示中 / 已期满: from the dates and today. */
export type NoticePeriodStatus = 'upcoming' | 'running' | 'ended';

export function noticePeriodStatus(
  batch: { startsOn: string; endsOn: string },
  today: string,
): NoticePeriodStatus {
  if (today < batch.startsOn) return 'upcoming';
  return hasNoticeEnded(batch.endsOn, today) ? 'ended' : 'running';
}

export type NoticeBatchSummary = {
  id: number;
  nodeId: number;
  nodeName: string;
  title: string;
  unitName: string;
  contactPhone: string | null;
  startsOn: string;
  endsOn: string;
  workingDays: number;
  periodStatus: NoticePeriodStatus;
  householdCount: number;
  objectionCount: number;
  openObjectionCount: number;
  createdAt: string;
};

export type NoticeObjectionView = {
  id: number;
  householdId: number;
  headNameMasked: string;
  receivedOn: string;
  channel: ObjectionChannel;
  content: string;
  resolution: string | null;
  upheld: boolean | null;
  resolvedAt: string | null;
  resolvedByName: string | null;
  createdByName: string | null;
};

export type NoticeBatchView = NoticeBatchSummary & {
  /** 发布单位 and date printed at the foot. */
  issuedBy: string;
  issuedOn: string;
  rows: NoticeRow[];
  objections: NoticeObjectionView[];
};

/** An application that may be put on a notice: at review_notice, not yet noticed. */
export type EligibleApplication = {
  householdId: number;
  /** Staff see the name in full; only the printed sheet masks it. */
  headName: string;
  categoryLabel: string;
  unit: string;
  memberCount: number;
  nodeName: string;
  stepSince: string;
};
