import { z } from 'zod';
import { isRegionCode } from '../regions/region-code';
import { fenSchema, isoDateSchema, type HardshipCategory } from '../households/policy';
import { rateKinds, type RateKind } from './policy-rate';

/**
 * Impact preview (影响测算) of a new 低保 line or minimum wage: which active
 * files in the caller's scope would change category or eligibility if the
 * rate took effect, before anyone applies it. Applying it adds the rate and
 * re-assesses every file the rate governs in a background job.
 */

/** The proposed rate: open-ended from `effectiveFrom`; a rate in force before it is ended the day before. */
export const impactProposalSchema = z.object({
  kind: z.enum(rateKinds),
  regionCode: z
    .string()
    .regex(/^\d{6}$/, '6 digits')
    .refine(isRegionCode, 'not a GB/T 2260 region code'),
  monthlyFen: fenSchema.positive('must be above zero'),
  effectiveFrom: isoDateSchema,
  /** Assess with this policy version instead of the one in force. */
  policyId: z.string().trim().min(1).max(64).optional(),
  note: z.string().trim().max(200).optional(),
});
export type ImpactProposal = z.output<typeof impactProposalSchema>;
export type ImpactProposalJson = z.input<typeof impactProposalSchema>;

/** GET /api/policy/impact/export: the same proposal in the query string. */
export const impactExportQuerySchema = impactProposalSchema.extend({
  monthlyFen: z.coerce.number().pipe(fenSchema.positive('must be above zero')),
});

export const impactChanges = [
  'category_changed', // 类别变化: eligible before and after, another category
  'become_eligible', // 新增符合条件
  'lose_eligibility', // 不再符合条件
] as const;
export type ImpactChange = (typeof impactChanges)[number];

/** One file whose result would change. */
export type ImpactItem = {
  householdId: number;
  headName: string;
  nodeName: string;
  regionCode: string;
  change: ImpactChange;
  categoryBefore: HardshipCategory | null;
  categoryAfter: HardshipCategory | null;
  eligibleBefore: boolean;
  eligibleAfter: boolean;
  perCapitaBeforeFen: number | null;
  perCapitaAfterFen: number | null;
  /** The rate of the proposal's kind used before (null: none in force) and after. */
  rateBeforeFen: number | null;
  rateAfterFen: number | null;
};

export type ImpactAnswer = {
  proposal: ImpactProposal;
  /** Today (Asia/Shanghai): the date of the "before" assessment. */
  today: string;
  /** The "after" date: the later of today and the effective date (the job uses it too). */
  asOf: string;
  /** The counties whose files the rate would govern. */
  regionCodes: string[];
  filesChecked: number;
  unchanged: number;
  categoryChanged: number;
  becomeEligible: number;
  loseEligibility: number;
  /** Files the assessment could not be run for after the change (e.g. no minimum wage). */
  unassessable: number;
  /** The changed files, capped at `itemsLimit`; `itemsTotal` counts all of them. */
  items: ImpactItem[];
  itemsTotal: number;
  itemsLimit: number;
};

export const jobStatuses = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof jobStatuses)[number];

/** A background job as the API shows it. */
export type Job = {
  id: number;
  kind: string;
  status: JobStatus;
  nodeId: number | null;
  nodeName: string | null;
  params: Record<string, unknown>;
  progressDone: number;
  progressTotal: number | null;
  result: Record<string, unknown> | null;
  error: string | null;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

/** What a re-assessment job (kind 'reassess') is given. */
export type ReassessJobParams = {
  kind: RateKind;
  regionCode: string;
  effectiveFrom: string;
  rateId: number;
  regionCodes: string[];
  policyId?: string;
};

/** What a finished re-assessment job reports. */
export type ReassessJobResult = {
  reassessed: number;
  problems: number;
  categoryChanged: number;
  becomeEligible: number;
  loseEligibility: number;
};

export const jobListQuerySchema = z.object({
  kind: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type JobListQuery = z.output<typeof jobListQuerySchema>;

/** The apply answer: the rate created and the job that re-assesses the files. */
export type ImpactApplyAnswer = { rateId: number; job: Job };
