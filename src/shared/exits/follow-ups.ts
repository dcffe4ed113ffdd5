import { z } from 'zod';
import type { IncomeSignal } from './income-rule';

/**
 * After an exit (domain.md §4): follow-ups on a schedule, alternating a call
 * (电话回访) and a visit (入户回访), and the relapse watch (返困监测) fed by the
 * signals a follow-up observes and by the monthly income records.
 */

export const followUpKinds = ['call', 'visit'] as const;
export type FollowUpKind = (typeof followUpKinds)[number];
export const followUpKindLabels = {
  call: { zh: '电话回访', en: 'Call' },
  visit: { zh: '入户回访', en: 'Visit' },
} as const satisfies Record<FollowUpKind, { zh: string; en: string }>;

/** What a follow-up may observe. */
export const followUpSignals = ['income_fell', 'serious_illness', 'lost_job', 'other'] as const;
export type FollowUpSignal = (typeof followUpSignals)[number];

/** Every signal a relapse flag can carry: observed at a follow-up, or read from the income records. */
export type RelapseSignal = FollowUpSignal | IncomeSignal;

export const relapseSignalLabels = {
  income_fell: { zh: '收入下降', en: 'Income fell' },
  serious_illness: { zh: '新发重大疾病', en: 'New serious illness' },
  lost_job: { zh: '失业', en: 'Lost job' },
  other: { zh: '其他', en: 'Other' },
  income_below_line: { zh: '月收入低于低保标准', en: 'Monthly income below the line' },
  income_drop: { zh: '月收入明显下降', en: 'Monthly income dropped' },
} as const satisfies Record<RelapseSignal, { zh: string; en: string }>;

export const relapseFlagStatuses = ['open', 'dismissed', 'readmitted'] as const;
export type RelapseFlagStatus = (typeof relapseFlagStatuses)[number];

/** YYYY-MM-DD plus n calendar months; the 31st of a short month falls on its last day. */
export function addMonthsToDate(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/**
 * The follow-ups of an exit that took effect on `effectiveOn`: one per entry of
 * the region's `followUpMonths` (sorted, each once), alternating call and visit
 * beginning with a call.
 */
export function scheduleFollowUps(
  effectiveOn: string,
  followUpMonths: readonly number[],
): { kind: FollowUpKind; dueOn: string }[] {
  return [...new Set(followUpMonths)]
    .sort((a, b) => a - b)
    .map((months, i) => ({
      kind: i % 2 === 0 ? 'call' : 'visit',
      dueOn: addMonthsToDate(effectiveOn, months),
    }));
}

export type FollowUpDue = 'done' | 'overdue' | 'due' | 'upcoming';

/** Due within this many days counts as due now (回访计划). */
export const followUpDueWindowDays = 30;

export function followUpDueState(
  followUp: { dueOn: string; doneOn: string | null },
  today: string,
  windowEnd: string,
): FollowUpDue {
  if (followUp.doneOn) return 'done';
  if (followUp.dueOn < today) return 'overdue';
  if (followUp.dueOn <= windowEnd) return 'due';
  return 'upcoming';
}

// ---------------------------------------------------------------- API

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** Recording a follow-up; the month's income, when given, is stored as that month's record. */
export const followUpRecordSchema = z.object({
  followUpId: z.number().int().positive(),
  doneOn: isoDate,
  findings: z.string().trim().min(1, 'required').max(2000),
  signals: z
    .array(z.enum(followUpSignals))
    .max(followUpSignals.length)
    .refine((s) => new Set(s).size === s.length, 'a signal is listed twice')
    .default([]),
  /** The household's total income in the month of the follow-up, in fen. */
  incomeFen: z.number().int().min(0).max(1_000_000_000).optional(),
  memberCount: z.number().int().min(1).max(50).optional(),
});
export type FollowUpRecord = z.output<typeof followUpRecordSchema>;

export const relapseDismissSchema = z.object({
  flagId: z.number().int().positive(),
  reason: z.string().trim().min(1, 'required').max(1000),
});
export type RelapseDismiss = z.output<typeof relapseDismissSchema>;

export const readmitRequestSchema = z.object({
  reason: z.string().trim().min(1, 'required').max(1000),
});
export type ReadmitRequest = z.output<typeof readmitRequestSchema>;

export type FollowUpView = {
  id: number;
  householdId: number;
  exitId: number | null;
  kind: FollowUpKind;
  dueOn: string;
  doneOn: string | null;
  doneByName: string | null;
  findings: string | null;
  signals: FollowUpSignal[];
  due: FollowUpDue;
};

/** A row of 回访计划. */
export type FollowUpPlanItem = FollowUpView & { headName: string; nodeName: string };

export type RelapseFlagView = {
  id: number;
  householdId: number;
  signal: RelapseSignal;
  detail: string | null;
  detectedOn: string;
  followUpId: number | null;
  status: RelapseFlagStatus;
  resolution: string | null;
  resolvedAt: string | null;
  resolvedByName: string | null;
};

/** A row of 返困监测. */
export type RelapseWatchItem = RelapseFlagView & {
  headName: string;
  nodeName: string;
  exitKind: string | null;
};
