import { z } from 'zod';
import { memberRelations, studyLevels, workStatuses } from './dictionaries';
import { idNumberContradiction, idNumberSchema } from './id-number';
import {
  exclusionIds,
  fenSchema,
  incomeTypes,
  isoDateSchema,
  rigidExpenditureTypes,
  type ExclusionId,
} from './policy';

/** The input of the assessment (精准识别): one household, as the form and `bangfu assess` give it. */
const refSchema = z.string().trim().min(1, 'required').max(40);

export const assessmentMemberSchema = z.object({
  /** The member's key inside this input; income and expenditure items point to it. */
  ref: refSchema,
  name: z.string().trim().max(50).optional(),
  /** When given, birth date and sex must agree with it. */
  idNumber: idNumberSchema.optional(),
  relation: z.enum(memberRelations),
  birthDate: isoDateSchema,
  sex: z.enum(['male', 'female']),
  /** 有劳动能力 */
  isAbleToWork: z.boolean(),
  /** Null for members outside the labour force (children, students) or not recorded. */
  workStatus: z.enum(workStatuses).nullable().default(null),
  isInFullTimeStudy: z.boolean().default(false),
  /** Required when in full-time study. */
  studyLevel: z.enum(studyLevels).nullable().default(null),
  /** Since when the member lives with the household (for dependants beyond the core family). */
  livingWithHouseholdSince: isoDateSchema.nullable().default(null),
  /** The worker must support this member; for an adult child: cannot live independently. */
  isDependant: z.boolean().default(false),
  /** 残疾或重病: never imputed a wage. */
  isDisabledOrSeriouslyIll: z.boolean().default(false),
});
export type AssessmentMember = z.infer<typeof assessmentMemberSchema>;

export const incomeItemSchema = z.object({
  /** Null for income of the household as a whole (rent of a shared flat). */
  memberRef: refSchema.nullable().default(null),
  type: z.enum(incomeTypes),
  /** Disposable amount received over the income period (after tax and contributions). */
  amountFen: fenSchema,
  note: z.string().trim().max(200).optional(),
});
export type IncomeItem = z.infer<typeof incomeItemSchema>;

export const rigidExpenditureItemSchema = z.object({
  memberRef: refSchema.nullable().default(null),
  type: z.enum(rigidExpenditureTypes),
  /** Amount paid over the income period, out of pocket. */
  amountFen: fenSchema,
  note: z.string().trim().max(200).optional(),
});
export type RigidExpenditureItem = z.infer<typeof rigidExpenditureItemSchema>;

export const accidentCauses = ['disaster', 'accident', 'serious_illness'] as const;

/** 意外致困: the year's costs or losses of the event, and what compensation and insurance paid. */
export const accidentSchema = z.object({
  cause: z.enum(accidentCauses),
  costsFen: fenSchema,
  /** Compensation and insurance for the event; enter it here, not as income. */
  compensationFen: fenSchema.default(0),
  occurredOn: isoDateSchema.optional(),
  description: z.string().trim().max(500).optional(),
});
export type AccidentInput = z.infer<typeof accidentSchema>;

export const monthlyIncomeSchema = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM'),
  /** The household's counted income that month. */
  incomeFen: fenSchema,
});

export const exclusionAnswerSchema = z.object({
  /** True: the exclusion applies (bars); false: checked and clear; null: not checked yet. */
  answer: z.boolean().nullable(),
  evidence: z.string().trim().max(500).optional(),
});
export type ExclusionAnswer = z.infer<typeof exclusionAnswerSchema>;

export const assessmentInputSchema = z
  .object({
    /** The household's county (GB/T 2260); picks the lines when none are given. */
    regionCode: z
      .string()
      .regex(/^\d{6}$/, '6 digits')
      .optional(),
    members: z.array(assessmentMemberSchema).min(1, 'at least the head worker'),
    incomes: z.array(incomeItemSchema).default([]),
    rigidExpenditures: z.array(rigidExpenditureItemSchema).default([]),
    accident: accidentSchema.nullable().default(null),
    /** Monthly household income, for the 2014 scheme's consecutive-months test. */
    monthlyIncomes: z.array(monthlyIncomeSchema).default([]),
    exclusions: z
      .strictObject(
        Object.fromEntries(exclusionIds.map((id) => [id, exclusionAnswerSchema.optional()])) as {
          [K in ExclusionId]: z.ZodOptional<typeof exclusionAnswerSchema>;
        },
      )
      .default({}),
    /** Asked only when the head is a migrant worker (农民工). */
    migrantWorker: z
      .object({
        isUnionMember: z.boolean().nullable(),
        employedInCitySince: isoDateSchema.nullable(),
      })
      .optional(),
  })
  .superRefine((v, ctx) => {
    const heads = v.members.filter((m) => m.relation === 'head').length;
    if (heads !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['members'],
        message: `exactly one member with relation head, found ${heads}`,
      });
    checkMembersAndItems(v, ctx);
    const months = new Set<string>();
    v.monthlyIncomes.forEach((r, i) => {
      if (months.has(r.month))
        ctx.addIssue({
          code: 'custom',
          path: ['monthlyIncomes', i, 'month'],
          message: 'month listed twice',
        });
      months.add(r.month);
    });
  });
export type AssessmentInput = z.output<typeof assessmentInputSchema>;
/** What a client sends: defaults not yet applied. */
export type AssessmentInputJson = z.input<typeof assessmentInputSchema>;

type MemberForChecks = {
  ref: string;
  birthDate: string;
  sex: 'male' | 'female';
  isInFullTimeStudy: boolean;
  studyLevel: string | null;
  idNumber?: string | null | undefined;
};
type ItemForChecks = { memberRef: string | null };

/**
 * The checks a household's members and items share wherever they are entered
 * (the assessment input and the household file): refs unique, study level when
 * in full-time study, one ID number per member and agreeing with birth date and
 * sex, and items pointing at a member of the household.
 */
export function checkMembersAndItems(
  v: {
    members: readonly MemberForChecks[];
    incomes: readonly ItemForChecks[];
    rigidExpenditures: readonly ItemForChecks[];
  },
  ctx: z.RefinementCtx,
): void {
  const refs = new Set<string>();
  const ids = new Set<string>();
  v.members.forEach((m, i) => {
    if (refs.has(m.ref))
      ctx.addIssue({ code: 'custom', path: ['members', i, 'ref'], message: 'duplicate ref' });
    refs.add(m.ref);
    if (m.isInFullTimeStudy && !m.studyLevel)
      ctx.addIssue({
        code: 'custom',
        path: ['members', i, 'studyLevel'],
        message: 'required when in full-time study',
      });
    if (m.idNumber) {
      if (ids.has(m.idNumber))
        ctx.addIssue({
          code: 'custom',
          path: ['members', i, 'idNumber'],
          message: 'two members with one ID number',
        });
      ids.add(m.idNumber);
      const issue = idNumberContradiction(m.idNumber, m);
      if (issue)
        ctx.addIssue({ code: 'custom', path: ['members', i, issue.path], message: issue.message });
    }
  });
  for (const key of ['incomes', 'rigidExpenditures'] as const)
    v[key].forEach((item, i) => {
      if (item.memberRef !== null && !refs.has(item.memberRef))
        ctx.addIssue({
          code: 'custom',
          path: [key, i, 'memberRef'],
          message: `no member with ref ${item.memberRef}`,
        });
    });
}
