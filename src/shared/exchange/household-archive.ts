import { z } from 'zod';
import { caseStatuses } from '../cases/registration';

/**
 * The household archive exchange file (档案交换文件): the files of a subtree as
 * JSON Lines, for reporting up to a higher union that keeps its own Bangfu.
 * Line 1 is the header, then one line per household, then the end line with
 * the count (a cut file is refused). Each household carries the same input the
 * form sends (`householdFileInputSchema`) without `nodeId` — the receiving
 * instance places it by `nodeCode` — with ID numbers, phone, bank account and
 * diagnoses in clear: the file is as sensitive as the database.
 * See docs/exchange-format.md.
 */

export const archiveFormat = 'bangfu.household-archive';
export const archiveVersion = 1;

export const archiveHeaderSchema = z.object({
  type: z.literal('header'),
  format: z.literal(archiveFormat),
  version: z.literal(archiveVersion),
  exportedAt: z.string(),
  node: z.object({ code: z.string(), name: z.string() }),
});
export type ArchiveHeader = z.infer<typeof archiveHeaderSchema>;

export const archiveHouseholdSchema = z.object({
  type: z.literal('household'),
  /** The keeping node's code (组织编码) in the sending instance. */
  nodeCode: z.string(),
  fileNo: z.string().nullable(),
  caseStatus: z.enum(caseStatuses),
  /** `householdFileInputSchema` without nodeId; checked again on import. */
  file: z.record(z.string(), z.unknown()),
});
export type ArchiveHousehold = z.infer<typeof archiveHouseholdSchema>;

export const archiveEndSchema = z.object({
  type: z.literal('end'),
  households: z.number().int().nonnegative(),
});

export const archiveQuerySchema = z.object({
  nodeId: z.coerce.number().int().positive(),
});

export type ArchiveImportResult = {
  created: number;
  registered: number;
  /** `reason` in English; `userMessage`, when there is one, in Chinese (the screen picks by language). */
  skipped: { line: number; name: string; reason: string; userMessage?: string }[];
};
