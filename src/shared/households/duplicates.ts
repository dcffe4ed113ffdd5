import { z } from 'zod';
import type { MemberRelation } from './dictionaries';
import type { HardshipCategory } from './policy';

/**
 * Likely duplicates (疑似重复档案) without an ID-number match: the same name and
 * birth date, the same phone, or the same bank account in several active
 * files. They are worked out by query each time; only a reviewer's decision on
 * a group is stored (table duplicate_reviews), keyed by the group's kind and
 * key hash, with the files it was made about: it hides the group only from a
 * viewer whose files of the group were all among them (a file joining later,
 * or a wider scope holding more of the group, shows it again).
 */

export const duplicateKinds = ['name_birth', 'phone', 'bank_account'] as const;
export type DuplicateKind = (typeof duplicateKinds)[number];

/** 忽略 (not a duplicate) or 确认重复 (to be resolved by editing or exiting a file). */
export const duplicateDecisions = ['dismissed', 'confirmed'] as const;
export type DuplicateDecision = (typeof duplicateDecisions)[number];

export const duplicateQuerySchema = z.object({
  kind: z.enum(duplicateKinds).optional(),
  /** `decided`: also list groups already dismissed or confirmed. */
  include: z.enum(['decided']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type DuplicateQuery = z.output<typeof duplicateQuerySchema>;

export const duplicateReviewSchema = z.object({
  kind: z.enum(duplicateKinds),
  /** The group's key as the list gave it. */
  keyHash: z.string().trim().min(16).max(100),
  decision: z.enum(duplicateDecisions),
  note: z
    .string()
    .trim()
    .max(500)
    .nullable()
    .default(null)
    .transform((v) => (v === '' ? null : v)),
});
export type DuplicateReviewInput = z.output<typeof duplicateReviewSchema>;

/** One file of a group, as much as a list may show (ID number masked). */
export type DuplicateFile = {
  id: number;
  headName: string;
  headIdNumberMasked: string | null;
  nodeId: number;
  nodeName: string;
  category: HardshipCategory | null;
  updatedAt: string;
  /** name_birth: the member of this file who matches (the head or another member). */
  matchedMember: { name: string; relation: MemberRelation } | null;
};

export type DuplicateReview = {
  decision: DuplicateDecision;
  note: string | null;
  decidedBy: string | null;
  decidedAt: string;
};

export type DuplicateGroup = {
  kind: DuplicateKind;
  keyHash: string;
  /** Safe to show: name and birth date, or the masked phone or account. */
  description: string;
  /** The files in the caller's scope (at least two). */
  files: DuplicateFile[];
  /** Active files outside the caller's scope that share the key (not named). */
  outsideCount: number;
  /** The decision in force, if any (only listed with include=decided). */
  review: DuplicateReview | null;
};

export type DuplicatePage = {
  items: DuplicateGroup[];
  /** Groups matching the filter (before offset and limit). */
  total: number;
  /** Groups per kind (same filter, all kinds). */
  counts: Record<DuplicateKind, number>;
  /** True when a kind had more groups than the server looks at in one go. */
  isTruncated: boolean;
};
