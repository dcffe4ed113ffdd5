import { z } from 'zod';
import type { DocumentType } from '../households/household-file';
import { defaultDocumentRules, type DocumentRules } from '../households/documents';
import { hardshipCauses, type HardshipCause } from '../households/dictionaries';
import { sha256Hex } from './sha256';

/**
 * Annual review (年度复核, domain.md §4): a round covers a node's subtree and a
 * period; each registered file in it gets a task that ends in keep (with a
 * re-assessment) or an exit. The random re-check sample (随机抽查) is drawn
 * reproducibly from a seed stored with the round; anyone can re-derive it with
 * `drawSample`. Files older than the region's `reapplyAfterMonths` are re-applied
 * for (再次申请), re-using evidence that does not change.
 */

// ---------------------------------------------------------------- the sample

/** A task's place in the draw: hex SHA-256 of `seed:householdId` (lowest ranks are drawn). */
export function sampleRank(seed: string, householdId: number): string {
  return sha256Hex(`${seed}:${householdId}`);
}

/**
 * How many files the sample holds: ceil(n × share), with the share taken to
 * thousandths as the round stores it (numeric(4,3)), so 0.3 × 10 is 3, not 4.
 */
export function sampleSize(n: number, share: number): number {
  const permille = Math.round(share * 1000);
  return Math.ceil((n * permille) / 1000);
}

/**
 * The sample of a round: the sampleSize(n, share) files with the lowest rank
 * (ties, never seen in practice, by household id). Returns the drawn ids in
 * draw order and every id's rank.
 */
export function drawSample(
  seed: string,
  householdIds: readonly number[],
  share: number,
): { sample: number[]; ranks: Map<number, string> } {
  const ranked = householdIds.map((id) => ({ id, rank: sampleRank(seed, id) }));
  ranked.sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.id - b.id));
  return {
    sample: ranked.slice(0, sampleSize(ranked.length, share)).map((r) => r.id),
    ranks: new Map(ranked.map((r) => [r.id, r.rank])),
  };
}

// ---------------------------------------------------------------- re-application

/** `date` (YYYY-MM-DD) minus whole months; the day is clamped to the month's end, as PostgreSQL does. */
export function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/**
 * A file is re-applied for when it was registered — or last re-applied for at
 * an earlier review — more than `reapplyAfterMonths` before the period starts.
 * Dates are business dates (Asia/Shanghai).
 */
export function needsReapplication(
  registeredOn: string,
  lastReappliedOn: string | null,
  periodStart: string,
  reapplyAfterMonths: number,
): boolean {
  const anchor =
    lastReappliedOn !== null && lastReappliedOn > registeredOn ? lastReappliedOn : registeredOn;
  return anchor < monthsBefore(periodStart, reapplyAfterMonths);
}

/**
 * Evidence that does not change and is not asked for again at re-application
 * (domain.md §4): identity, the household register, certificates of facts that
 * stay true. Everything else describes the current situation and is renewed.
 */
export const lastingDocumentTypes: readonly DocumentType[] = [
  'id_card',
  'hukou_book',
  'disability_certificate',
  'divorce_or_death_certificate',
  'enterprise_closure_certificate',
  'accident_evidence',
];

export type EvidenceItem = {
  docType: DocumentType;
  /** kept: re-used from the file; renew: a current one is needed for the re-application. */
  handling: 'kept' | 'renew';
  /** A document of this type is on the file. */
  isOnFile: boolean;
  /** renew: one was added on or after the period start (kept: always true when on file). */
  isCurrent: boolean;
};

/**
 * What a re-application needs, per document type the file's causes call for:
 * lasting evidence is kept from the file; the rest (income statements, wage
 * certificates, medical receipts …) must be current — added on or after the
 * period start (`uploadedOn`, YYYY-MM-DD).
 */
export function reapplicationEvidence(
  causes: readonly HardshipCause[],
  documents: readonly { docType: string; uploadedOn: string }[],
  periodStart: string,
  rules: DocumentRules = defaultDocumentRules,
): EvidenceItem[] {
  const needed: DocumentType[] = [];
  for (const need of ['always', ...hardshipCauses.filter((c) => causes.includes(c))] as const)
    for (const docType of rules[need]) if (!needed.includes(docType)) needed.push(docType);
  return needed.map((docType) => {
    const mine = documents.filter((d) => d.docType === docType);
    const handling = lastingDocumentTypes.includes(docType) ? 'kept' : 'renew';
    return {
      docType,
      handling,
      isOnFile: mine.length > 0,
      isCurrent:
        handling === 'kept' ? mine.length > 0 : mine.some((d) => d.uploadedOn >= periodStart),
    };
  });
}

// ---------------------------------------------------------------- API

const isoDate = z.iso.date();
const boolParam = z.enum(['true', 'false']).transform((v) => v === 'true');

export const reviewRoundStatuses = ['open', 'closed'] as const;
export type ReviewRoundStatus = (typeof reviewRoundStatuses)[number];
export const reviewTaskStatuses = ['pending', 'kept', 'exit_proposed'] as const;
export type ReviewTaskStatus = (typeof reviewTaskStatuses)[number];

export const reviewTaskStatusLabels = {
  pending: { zh: '待复核', en: 'Pending' },
  kept: { zh: '继续保留', en: 'Kept' },
  exit_proposed: { zh: '已提出退出', en: 'Exit proposed' },
} as const satisfies Record<ReviewTaskStatus, { zh: string; en: string }>;

/** POST /api/review-rounds */
export const openReviewRoundSchema = z
  .object({
    /** The round covers this node and everything below it. */
    nodeId: z.number().int().positive(),
    name: z.string().trim().min(2).max(60),
    periodStart: isoDate,
    periodEnd: isoDate,
    /** Share of the files drawn for the re-check; the region's reviewSampleShare when absent. */
    sampleShare: z
      .number()
      .min(0)
      .max(1)
      .refine((v) => Math.abs(v * 1000 - Math.round(v * 1000)) < 1e-9, 'at most three decimals')
      .optional(),
  })
  .refine((v) => v.periodEnd >= v.periodStart, {
    path: ['periodEnd'],
    message: 'must not be before periodStart',
  });
export type OpenReviewRoundInput = z.output<typeof openReviewRoundSchema>;

/** POST /api/review-rounds/:id/close */
export const closeReviewRoundSchema = z
  .object({
    /** Close although sample tasks are still pending; needs a reason. */
    force: z.boolean().default(false),
    reason: z.string().trim().max(500).optional(),
  })
  .refine((v) => !v.force || (v.reason?.length ?? 0) >= 4, {
    path: ['reason'],
    message: 'a forced close needs a reason (at least 4 characters)',
  });
export type CloseReviewRoundInput = z.output<typeof closeReviewRoundSchema>;

/** POST /api/review-tasks/:id/keep */
export const keepReviewTaskSchema = z.object({
  note: z.string().trim().max(500).optional(),
  /** Required for a task that needs re-application: the reviewer confirms the application again. */
  confirmReapplication: z.boolean().optional(),
});
export type KeepReviewTaskInput = z.output<typeof keepReviewTaskSchema>;

/** GET /api/review-rounds/:id/tasks */
export const reviewTaskQuerySchema = z.object({
  /** Only files kept by this node and below (must lie in the caller's scope). */
  nodeId: z.coerce.number().int().positive().optional(),
  status: z.enum(reviewTaskStatuses).optional(),
  inSample: boolParam.optional(),
  needsReapplication: boolParam.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ReviewTaskQuery = z.output<typeof reviewTaskQuerySchema>;

/** GET /api/review-rounds/:id/progress */
export const reviewProgressQuerySchema = z.object({
  /** Whose children to count (default: the round's node, or the caller's node below it). */
  nodeId: z.coerce.number().int().positive().optional(),
});

export type ReviewCounts = {
  tasks: number;
  done: number;
  kept: number;
  exitProposed: number;
  sample: number;
  sampleDone: number;
};

export type ReviewRound = {
  id: number;
  nodeId: number;
  nodeName: string;
  name: string;
  periodStart: string;
  periodEnd: string;
  sampleShare: number;
  sampleSeed: string;
  status: ReviewRoundStatus;
  /** Over the whole round, as opened. */
  taskCount: number;
  sampleCount: number;
  /** Within the caller's scope (all of it for a caller at or above the round's node). */
  counts: ReviewCounts;
  openedAt: string;
  openedBy: string | null;
  closedAt: string | null;
  closedBy: string | null;
  /** The caller may close it (review.manage over the round's node). */
  canClose: boolean;
};

export type OpenedReviewRound = ReviewRound & {
  /** Files left out because another open round already covers them. */
  skipped: number;
};

export type ReviewProgressRow = ReviewCounts & {
  nodeId: number;
  nodeName: string;
  /** false: the files kept by the node itself (not below it). */
  hasChildren: boolean;
  /** The row counts only the node's own files. */
  isOwn: boolean;
};

export type ReviewProgress = {
  node: { id: number; name: string; parentId: number | null };
  /** The node is the round's node or the caller's top: no drilling up from it. */
  isTop: boolean;
  total: ReviewCounts;
  rows: ReviewProgressRow[];
};

export type ReviewTaskItem = {
  id: number;
  roundId: number;
  householdId: number;
  headName: string;
  fileNo: string | null;
  nodeName: string;
  category: string | null;
  inSample: boolean;
  needsReapplication: boolean;
  status: ReviewTaskStatus;
  doneAt: string | null;
  doneBy: string | null;
};

export type ReviewTaskPage = { items: ReviewTaskItem[]; total: number };

export type ReviewTaskView = ReviewTaskItem & {
  round: { id: number; name: string; status: ReviewRoundStatus; periodStart: string };
  sampleRank: string;
  note: string | null;
  assessmentId: number | null;
  exitId: number | null;
  registeredOn: string | null;
  lastReappliedOn: string | null;
  reapplyAfterMonths: number;
  perCapitaMonthlyFen: number | null;
  eligible: boolean | null;
  /** For a task that needs re-application: which evidence is kept and which renewed. */
  evidence: EvidenceItem[];
  /** Whether the file is still active and registered (keep and exit refuse the others). */
  fileActive: boolean;
  /** What the caller may do now. */
  actions: ('keep' | 'exit')[];
};

/** GET /api/households/:id/reviews: one file's review tasks, newest round first. */
export type HouseholdReviewItem = ReviewTaskItem & {
  round: {
    id: number;
    name: string;
    status: ReviewRoundStatus;
    periodStart: string;
    periodEnd: string;
  };
};
