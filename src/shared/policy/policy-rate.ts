import { z } from 'zod';
import { fenSchema, isoDateSchema, regionalRateSchema } from '../households/policy';

/** What a row of policy_rates is: a 低保 line or a local minimum wage. */
export const rateKinds = [
  'dibao', // 城市低保标准
  'minimum_wage', // 最低工资标准
] as const;
export type RateKind = (typeof rateKinds)[number];

export const rateQuerySchema = z.object({
  kind: z.enum(rateKinds).optional(),
  regionCode: z
    .string()
    .regex(/^\d{2,6}$/, '2 to 6 digits: a region code or its prefix')
    .optional(),
});
export type RateQuery = z.infer<typeof rateQuerySchema>;

/** POST /api/policy/rates: a new dated rate for one region. */
export const createRateSchema = z
  .object({ kind: z.enum(rateKinds), ...regionalRateSchema.shape })
  .refine((r) => r.effectiveTo === null || r.effectiveTo >= r.effectiveFrom, {
    path: ['effectiveTo'],
    message: 'before effectiveFrom',
  })
  .transform((r) => ({ ...r, note: r.note || null }));
export type CreateRateInput = z.output<typeof createRateSchema>;

/**
 * PATCH /api/policy/rates/:id: the amount, the end date (null or '' reopens it)
 * and the note; the region and start date are fixed once created.
 */
export const updateRateSchema = z.object({
  monthlyFen: fenSchema.positive('must be above zero').optional(),
  effectiveTo: z.union([isoDateSchema, z.literal('').transform(() => null), z.null()]).optional(),
  note: z.string().trim().max(200).optional(),
  version: z.number().int().nonnegative(),
});
export type UpdateRateInput = z.output<typeof updateRateSchema>;

export type PolicyRate = {
  id: number;
  kind: RateKind;
  regionCode: string;
  regionName: string | null;
  monthlyFen: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  note: string | null;
  version: number;
};
