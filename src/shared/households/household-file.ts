import { z } from 'zod';
import { isRegionCode } from '../regions/region-code';
import type { CaseStatus, RegistrationStep } from '../cases/registration';
import {
  hardshipCauses,
  maxSecondaryHardshipCauses,
  memberRelations,
  studyLevels,
  workStatuses,
} from './dictionaries';
import { idNumberSchema } from './id-number';
import { checkMembersAndItems } from './assessment-input';
import {
  accidentSchema,
  exclusionAnswerSchema,
  monthlyIncomeSchema,
  type AssessmentInputJson,
  type AssessmentResult,
} from './assessment';
import {
  exclusionIds,
  fenSchema,
  incomeTypes,
  isoDateSchema,
  rigidExpenditureTypes,
  type ExclusionId,
  type HardshipCategory,
} from './policy';

/**
 * The household file (一户一档): one file per household around one head worker
 * (the member whose relation is `head`). The same schema validates the form in
 * the browser and the body of create/update on the server.
 *
 * Sensitive fields (ID numbers, phone, bank account, diagnosis) are never sent
 * back in clear: a response carries their masked form. On update, leaving such
 * a field out (undefined) keeps the stored value, null clears it, a value
 * replaces it — so a form that only ever saw the masked value can be saved.
 */

/** 标准级别: whose standard and money the file is kept under. */
export const standardLevels = ['national', 'provincial', 'city', 'county', 'grassroots'] as const;
export type StandardLevel = (typeof standardLevels)[number];
export const standardLevelLabels = {
  national: '全国级',
  provincial: '省级',
  city: '地市级',
  county: '区县级',
  grassroots: '基层',
} as const satisfies Record<StandardLevel, string>;

/**
 * 档案状态: the life of the file. `active` while it holds its people (an
 * application in progress or a registered file — the registration case says
 * which: src/shared/cases/registration.ts), `closed` when an application ended
 * without registration, `exited` after an exit.
 */
/** 常规档案 regular, 临时救助档案 temporary (docs/transfers-and-reporting.md). */
export const fileKinds = ['regular', 'temporary'] as const;
export type FileKind = (typeof fileKinds)[number];

export const householdStatuses = ['active', 'closed', 'exited'] as const;
export type HouseholdStatus = (typeof householdStatuses)[number];
export const householdStatusLabels = {
  active: '在档',
  closed: '已关闭',
  exited: '已退出',
} as const satisfies Record<HouseholdStatus, string>;

/** Document kinds (附件类型). */
export const documentTypes = [
  'id_card', // 身份证
  'hukou_book', // 户口簿
  'income_certificate', // 收入证明
  'diagnosis', // 诊断证明 / 病历
  'medical_receipts', // 医疗费用票据
  'disability_certificate', // 残疾证
  'dibao_certificate', // 低保证
  'unemployment_certificate', // 失业证明
  'school_certificate', // 在读证明 / 学费票据
  'accident_evidence', // 灾害事故证明
  'divorce_or_death_certificate', // 离婚证 / 死亡证明 (单亲)
  'enterprise_closure_certificate', // 企业关停证明
  'application_form', // 申请表
  'authorisation', // 家庭经济状况核对授权书
  'other', // 其他
] as const;
export type DocumentType = (typeof documentTypes)[number];

/** The sensitive fields a user may reveal, one at a time, with a reason. */
export const revealableFields = ['idNumber', 'phone', 'bankAccount', 'diagnosis'] as const;
export type RevealableField = (typeof revealableFields)[number];

/** A dictionary item code (the dictionary it belongs to is checked by the server). */
const dictCode = z
  .string()
  .trim()
  .regex(/^[a-z0-9_]{1,40}$/, 'not a dictionary code');
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .default(null)
    .transform((v) => (v === '' ? null : v));

export const phoneSchema = z
  .string()
  .transform((s) =>
    s
      .replace(/[\s-]/g, '')
      .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)),
  )
  .pipe(
    z
      .string()
      .regex(/^(1\d{10}|0\d{9,11})$/, 'a mobile number (11 digits) or a landline with area code'),
  );

export const bankAccountSchema = z
  .string()
  .transform((s) => s.replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{12,30}$/, '12 to 30 digits'));

const regionCodeSchema = z
  .string()
  .regex(/^\d{6}$/, '6 digits')
  .refine(isRegionCode, 'not a GB/T 2260 region code');

export const householdMemberInputSchema = z.object({
  /** The stored member this row edits; absent for a new member. */
  id: z.number().int().positive().optional(),
  /** The row's key inside this file: income and expenditure items point to it. */
  ref: z.string().trim().min(1).max(40),
  relation: z.enum(memberRelations),
  name: z.string().trim().min(1, 'required').max(50),
  /** See the note on sensitive fields: undefined keeps, null clears. */
  idNumber: idNumberSchema.nullable().optional(),
  birthDate: isoDateSchema,
  sex: z.enum(['male', 'female']),
  isAbleToWork: z.boolean(),
  workStatus: z.enum(workStatuses).nullable().default(null),
  isInFullTimeStudy: z.boolean().default(false),
  studyLevel: z.enum(studyLevels).nullable().default(null),
  school: optionalText(100),
  livingWithHouseholdSince: isoDateSchema.nullable().default(null),
  isDependant: z.boolean().default(false),
  isDisabledOrSeriouslyIll: z.boolean().default(false),
  healthStatus: dictCode.nullable().default(null),
  /** 诊断: sensitive; see the note on sensitive fields. */
  diagnosis: z.string().trim().max(500).nullable().optional(),
  disabilityType: dictCode.nullable().default(null),
  disabilityGrade: dictCode.nullable().default(null),
});
export type HouseholdMemberInput = z.output<typeof householdMemberInputSchema>;

const itemSchema = <T extends readonly [string, ...string[]]>(types: T) =>
  z.object({
    /** The member's ref, or null for the household as a whole. */
    memberRef: z.string().trim().min(1).max(40).nullable().default(null),
    type: z.enum(types),
    amountFen: fenSchema,
    note: z.string().trim().max(200).optional(),
  });

export const householdIncomeInputSchema = itemSchema(incomeTypes);
export const householdExpenditureInputSchema = itemSchema(rigidExpenditureTypes);

export const householdFileInputSchema = z
  .object({
    /** The node that keeps the file (a grassroots union or any node in the caller's scope). */
    nodeId: z.number().int().positive(),
    /** The county where the household lives (GB/T 2260): decides the 低保 line. */
    regionCode: regionCodeSchema,
    standardLevel: z.enum(standardLevels).default('grassroots'),
    phone: phoneSchema.nullable().optional(),
    address: optionalText(200),
    employerName: optionalText(100),
    employerType: dictCode.nullable().default(null),
    industry: dictCode.nullable().default(null),
    isUnionMember: z.boolean().default(true),
    politicalStatus: dictCode.nullable().default(null),
    maritalStatus: dictCode.nullable().default(null),
    hukouType: dictCode.nullable().default(null),
    modelWorkerType: dictCode.nullable().default(null),
    housingType: dictCode.nullable().default(null),
    housingAreaBand: dictCode.nullable().default(null),
    isSingleParent: z.boolean().default(false),
    isZeroEmployment: z.boolean().default(false),
    mainCause: z.enum(hardshipCauses),
    secondaryCauses: z
      .array(z.enum(hardshipCauses))
      .max(maxSecondaryHardshipCauses, `at most ${maxSecondaryHardshipCauses} secondary causes`)
      .default([]),
    situation: optionalText(2000),
    bankName: optionalText(100),
    bankAccount: bankAccountSchema.nullable().optional(),
    members: z.array(householdMemberInputSchema).min(1, 'at least the head worker').max(30),
    incomes: z.array(householdIncomeInputSchema).max(200).default([]),
    rigidExpenditures: z.array(householdExpenditureInputSchema).max(200).default([]),
    exclusions: z
      .strictObject(
        Object.fromEntries(exclusionIds.map((id) => [id, exclusionAnswerSchema.optional()])) as {
          [K in ExclusionId]: z.ZodOptional<typeof exclusionAnswerSchema>;
        },
      )
      .default({}),
    accident: accidentSchema.nullable().default(null),
    monthlyIncomes: z.array(monthlyIncomeSchema).max(60).default([]),
    migrantWorker: z
      .object({
        isUnionMember: z.boolean().nullable(),
        employedInCitySince: isoDateSchema.nullable(),
      })
      .nullable()
      .default(null),
  })
  .superRefine((v, ctx) => {
    const heads = v.members.filter((m) => m.relation === 'head').length;
    if (heads !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['members'],
        message: `exactly one member with relation head (本人), found ${heads}`,
      });
    if (v.secondaryCauses.includes(v.mainCause))
      ctx.addIssue({
        code: 'custom',
        path: ['secondaryCauses'],
        message: 'repeats the main cause',
      });
    if (new Set(v.secondaryCauses).size !== v.secondaryCauses.length)
      ctx.addIssue({
        code: 'custom',
        path: ['secondaryCauses'],
        message: 'a cause is listed twice',
      });
    checkMembersAndItems(v, ctx);
    v.members.forEach((m, i) => {
      if (m.relation === 'head' && m.id === undefined && !m.idNumber)
        ctx.addIssue({
          code: 'custom',
          path: ['members', i, 'idNumber'],
          message: 'the head worker’s ID number is required',
        });
    });
  });
export type HouseholdFileInput = z.output<typeof householdFileInputSchema>;
export type HouseholdFileInputJson = z.input<typeof householdFileInputSchema>;

/** Update: the whole file again, with the version the editor started from. */
export const householdFileUpdateSchema = z.object({
  version: z.number().int().nonnegative(),
  file: householdFileInputSchema,
});

/**
 * The assessment's view of a file (ID numbers left out: the form's own
 * checks already hold them against birth date and sex).
 */
export function toAssessmentInput(
  file: HouseholdFileInputJson | HouseholdFileInput,
): AssessmentInputJson {
  return {
    regionCode: file.regionCode,
    members: file.members.map((m) => ({
      ref: m.ref,
      name: m.name,
      relation: m.relation,
      birthDate: m.birthDate,
      sex: m.sex,
      isAbleToWork: m.isAbleToWork,
      workStatus: m.workStatus ?? null,
      isInFullTimeStudy: m.isInFullTimeStudy ?? false,
      studyLevel: m.studyLevel ?? null,
      livingWithHouseholdSince: m.livingWithHouseholdSince ?? null,
      isDependant: m.isDependant ?? false,
      isDisabledOrSeriouslyIll: m.isDisabledOrSeriouslyIll ?? false,
    })),
    incomes: (file.incomes ?? []).map((i) => ({ ...i, memberRef: i.memberRef ?? null })),
    rigidExpenditures: (file.rigidExpenditures ?? []).map((i) => ({
      ...i,
      memberRef: i.memberRef ?? null,
    })),
    exclusions: file.exclusions ?? {},
    accident: file.accident ?? null,
    monthlyIncomes: file.monthlyIncomes ?? [],
    ...(file.migrantWorker ? { migrantWorker: file.migrantWorker } : {}),
  };
}

// ---------------------------------------------------------------- responses

export type HouseholdMember = Omit<HouseholdMemberInput, 'idNumber' | 'diagnosis' | 'id'> & {
  id: number;
  /** Masked: 320102********1234. */
  idNumberMasked: string | null;
  /** True when a diagnosis is stored; its text only through a reveal. */
  hasDiagnosis: boolean;
};

export type StoredAssessment = {
  id: number;
  assessedAt: string;
  assessedBy: string | null;
  reason: AssessmentReason;
  policyVersionId: string;
  asOf: string;
  category: HardshipCategory | null;
  eligible: boolean;
  provisional: boolean;
  perCapitaMonthlyFen: number;
  result: AssessmentResult;
};

export const assessmentReasons = ['created', 'updated', 'reassessed', 'policy_change'] as const;
export type AssessmentReason = (typeof assessmentReasons)[number];

/** A file as the API returns it: sensitive values masked. */
export type HouseholdFile = Omit<
  HouseholdFileInput,
  'members' | 'phone' | 'bankAccount' | 'incomes' | 'rigidExpenditures'
> & {
  id: number;
  version: number;
  status: HouseholdStatus;
  caseStatus: CaseStatus;
  caseStep: RegistrationStep;
  fileNo: string | null;
  /** 常规 regular, or 临时救助 temporary (short-term help, with a reason and an end date). */
  fileKind: FileKind;
  temporaryReason: string | null;
  temporaryUntil: string | null;
  nodeName: string;
  regionName: string | null;
  headName: string;
  phoneMasked: string | null;
  bankAccountMasked: string | null;
  members: HouseholdMember[];
  incomes: (HouseholdFileInput['incomes'][number] & { memberRef: string | null })[];
  rigidExpenditures: (HouseholdFileInput['rigidExpenditures'][number] & {
    memberRef: string | null;
  })[];
  category: HardshipCategory | null;
  eligible: boolean | null;
  provisional: boolean | null;
  perCapitaMonthlyFen: number | null;
  assessedAt: string | null;
  lastAidedAt: string | null;
  assessment: StoredAssessment | null;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
};

/** A row of the household list. */
export type HouseholdSummary = {
  id: number;
  version: number;
  status: HouseholdStatus;
  caseStatus: CaseStatus;
  caseStep: RegistrationStep;
  fileNo: string | null;
  fileKind: FileKind;
  temporaryUntil: string | null;
  nodeId: number;
  nodeName: string;
  regionCode: string;
  headName: string;
  headIdNumberMasked: string;
  phoneMasked: string | null;
  memberCount: number;
  standardLevel: StandardLevel;
  mainCause: (typeof hardshipCauses)[number];
  headWorkStatus: (typeof workStatuses)[number] | null;
  isSingleParent: boolean;
  isZeroEmployment: boolean;
  category: HardshipCategory | null;
  eligible: boolean | null;
  perCapitaMonthlyFen: number | null;
  assessedAt: string | null;
  updatedAt: string;
};

export const householdSorts = [
  'updated_desc',
  'created_desc',
  'name_asc',
  'per_capita_asc',
] as const;
export type HouseholdSort = (typeof householdSorts)[number];

const boolParam = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Filters of the household list (query string). */
export const householdQuerySchema = z.object({
  /** Only files kept by this node and below (must lie in the caller's scope). */
  nodeId: z.coerce.number().int().positive().optional(),
  category: z
    .enum([
      'deep',
      'relative',
      'accident',
      'dibao',
      'dibao_edge',
      'accident_legacy',
      'not_eligible',
    ])
    .optional(),
  status: z.enum(householdStatuses).optional(),
  cause: z.enum(hardshipCauses).optional(),
  standardLevel: z.enum(standardLevels).optional(),
  workStatus: z.enum(workStatuses).optional(),
  singleParent: boolParam.optional(),
  zeroEmployment: boolParam.optional(),
  /** Not updated (edited or re-assessed) for a year. */
  stale: boolParam.optional(),
  /** No aid paid yet. */
  neverAssisted: boolParam.optional(),
  /** 临时 / 常规. */
  kind: z.enum(fileKinds).optional(),
  /** Active temporary files past their end date. */
  temporaryOverdue: boolParam.optional(),
  /** A name, pinyin or its initials, a full ID number, or a phone number. */
  q: z.string().trim().max(50).optional(),
  sort: z.enum(householdSorts).default('updated_desc'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Opaque keyset cursor from the previous page. */
  after: z.string().max(200).optional(),
});
export type HouseholdQuery = z.output<typeof householdQuerySchema>;

export const revealRequestSchema = z.object({
  field: z.enum(revealableFields),
  /** For idNumber and diagnosis: which member (the head when absent). */
  memberId: z.number().int().positive().optional(),
  reason: z.string().trim().min(4, 'say why (at least 4 characters)').max(200),
});
export type RevealRequest = z.output<typeof revealRequestSchema>;

/** Figures of the active files under a node (home page, reports). */
export type HouseholdFigures = {
  /** Registered files (在档). */
  total: number;
  /** Applications in progress (draft, in review, returned). */
  applications: number;
  /** By category; `not_eligible` assessed and not eligible; `unassessed` no assessment yet. */
  byCategory: Partial<Record<HardshipCategory | 'not_eligible' | 'unassessed', number>>;
  byMainCause: Partial<Record<(typeof hardshipCauses)[number], number>>;
  singleParent: number;
  zeroEmployment: number;
  stale: number;
  provisional: number;
};
