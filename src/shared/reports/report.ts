import { z } from 'zod';
import type { HardshipCategory } from '../households/policy';
import type { HouseholdStatus } from '../households/household-file';
import type { CaseStatus } from '../cases/registration';

/**
 * 逐级上报: a node reports to the level above what changed among the files of
 * its subtree since its previous report. A file is reported once it is a file:
 * registered (在档) or exited; drafts and applications in progress are not yet.
 * Every change that matters bumps `households.change_seq`; a submission takes the
 * files above the node's previous `up_to_seq` and classifies each:
 * - `new`: never in a previous submission of this node;
 * - `exited`: its status is exited;
 * - `changed`: anything else (edited, re-assessed into another version, moved, …).
 */

export const reportChanges = ['new', 'changed', 'exited'] as const;
export type ReportChange = (typeof reportChanges)[number];

export const reportChangeLabels = {
  new: { zh: '新增', en: 'New' },
  changed: { zh: '变更', en: 'Changed' },
  exited: { zh: '退出', en: 'Exited' },
} as const satisfies Record<ReportChange, { zh: string; en: string }>;

export const reportSubmitSchema = z.object({
  /** The node that reports (the caller's own node when absent); must lie in the caller's scope. */
  nodeId: z.number().int().positive().optional(),
  note: z.string().trim().max(500).nullable().default(null),
});
export type ReportSubmitInput = z.output<typeof reportSubmitSchema>;

export const reportPendingQuerySchema = z.object({
  nodeId: z.coerce.number().int().positive().optional(),
});

export const reportListQuerySchema = z.object({
  /** Submissions of this node and below (the caller's scope when absent). */
  nodeId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Keyset: submissions with a smaller id than this. */
  before: z.coerce.number().int().positive().optional(),
});
export type ReportListQuery = z.output<typeof reportListQuerySchema>;

export const reportItemsQuerySchema = z.object({
  change: z.enum(reportChanges).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Keyset: items with a greater household id than this. */
  after: z.coerce.number().int().nonnegative().optional(),
});
export type ReportItemsQuery = z.output<typeof reportItemsQuerySchema>;

export type ReportCounts = Record<ReportChange, number>;

/** What a node would report now. */
export type ReportPending = {
  node: { id: number; name: string; code: string };
  /** The previous submission of this node, if any. */
  last: { id: number; submittedAt: string; upToSeq: number } | null;
  counts: ReportCounts;
};

export type ReportSubmission = {
  id: number;
  node: { id: number; name: string; code: string };
  note: string | null;
  upToSeq: number;
  counts: ReportCounts;
  submittedBy: string | null;
  submittedAt: string;
};

/** A file as it stood when reported: masked, small. */
export type ReportSnapshot = {
  fileNo: string | null;
  headNameMasked: string;
  category: HardshipCategory | null;
  status: HouseholdStatus;
  caseStatus: CaseStatus;
  fileKind: 'regular' | 'temporary';
  nodeName: string;
  memberCount: number;
};

export type ReportItem = {
  householdId: number;
  change: ReportChange;
  changeSeq: number;
  snapshot: ReportSnapshot;
};

export type ReportItemsPage = {
  submission: ReportSubmission;
  items: ReportItem[];
  nextAfter: number | null;
};
