import { z } from 'zod';
import { policyVersionSchema, type PolicyScheme, type PolicyVersion } from '../households/policy';

/** POST /api/policy/versions — a whole new version (usually a copy of another, changed). */
export const createPolicyVersionSchema = policyVersionSchema;
export type CreatePolicyVersionInput = z.infer<typeof createPolicyVersionSchema>;

/** PUT /api/policy/versions/:id — the changed definition, with the version it was read at. */
export const updatePolicyVersionSchema = z.object({
  version: z.number().int().nonnegative(),
  definition: policyVersionSchema,
});
export type UpdatePolicyVersionInput = z.infer<typeof updatePolicyVersionSchema>;

export const policyVersionParamsSchema = z.object({ id: z.string().min(1).max(63) });

/** GET /api/policy/versions answers these, latest first. */
export type PolicyVersionRow = {
  id: string;
  scheme: PolicyScheme;
  effectiveFrom: string;
  definition: PolicyVersion;
  version: number;
  /** Stored assessments made under this version: it can no longer change. */
  assessmentCount: number;
  /** Whether PUT may still change it: unused, and not yet in force. */
  isEditable: boolean;
  /** The version of its scheme in force today. */
  isInForce: boolean;
};
