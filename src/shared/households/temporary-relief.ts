import { z } from 'zod';
import { householdFileInputSchema } from './household-file';
import { isoDateSchema } from './policy';

/**
 * 临时救助档案: a household file for short-term help (sudden accident, disaster,
 * short illness). It is entered at once without the registration workflow,
 * numbered `L-<node code>-<year>-<household id>`, gets no worker card, and ends
 * by conversion into a regular file (the workflow then runs from the
 * application) or by closing it. See docs/transfers-and-reporting.md.
 */

export const temporaryReliefSchema = z.object({
  /** Why short-term help: the accident, disaster or illness. */
  reason: z.string().trim().min(2, 'say why (at least 2 characters)').max(200),
  /** The last day of the short-term help (today or later). */
  until: isoDateSchema,
});
export type TemporaryRelief = z.output<typeof temporaryReliefSchema>;

export const temporaryFileInputSchema = z.object({
  file: householdFileInputSchema,
  temporary: temporaryReliefSchema,
});
export type TemporaryFileInput = z.output<typeof temporaryFileInputSchema>;

export const temporaryConvertSchema = z.object({
  /** The file's version the user saw. */
  version: z.number().int().nonnegative(),
});

export const temporaryCloseSchema = z.object({
  version: z.number().int().nonnegative(),
  reason: z.string().trim().min(2, 'say why (at least 2 characters)').max(500),
});
export type TemporaryClose = z.output<typeof temporaryCloseSchema>;

/** The number of a temporary file: never from the regular sequence, unique by the household id. */
export function temporaryFileNo(nodeCode: string, year: number, householdId: number): string {
  return `L-${nodeCode}-${year}-${String(householdId).padStart(6, '0')}`;
}
