import { z } from 'zod';
import { AppError } from '../errors';
import { isRegionCode } from '../regions/region-code';
import { studyLevels, workStatuses } from './dictionaries';

/**
 * Identification policy as data (domain.md §2): the dated 低保 lines and minimum
 * wages per region, and the policy versions whose rules the assessment applies.
 * Every threshold is here and editable per region and year; `assessment.ts`
 * holds no number of its own. Money is integer fen (分); ratios are integer
 * percentages so that every comparison is exact.
 */

/** Kinds of household income over the last 12 months. */
export const incomeTypes = [
  'wages', // 工资性收入
  'business', // 经营净收入
  'property', // 财产性收入: interest, dividends, rent
  'transfers', // 转移性收入: pensions, unemployment insurance, maintenance, compensation
  'union_relief', // 工会帮扶救助: union aid received
  'holiday_gift', // 节日慰问: small holiday gifts
  'other', // 其他
] as const;
export type IncomeType = (typeof incomeTypes)[number];

/** Rigid expenditure (刚性支出); house and car purchases never count. */
export const rigidExpenditureTypes = [
  'medical', // 自付医疗费: out of pocket after insurance
  'disability_care', // 残疾康复护理
  'schooling', // 非义务教育 at public rates
  'housing', // 住房 (varies)
  'other_allowed', // 其他准予扣除的支出
] as const;
export type RigidExpenditureType = (typeof rigidExpenditureTypes)[number];

/** The exclusions of domain.md §2: any one bars registration. */
export const exclusionIds = [
  'multiple_homes', // 拥有两套及以上住房
  'business_owner', // 开办经营实体、雇佣他人或控股公司
  'vehicle', // 拥有或经常使用机动车辆 (mobility aids excepted)
  'private_school_abroad', // 子女就读高收费私立学校或自费出国留学
  'refuses_verification', // 拒绝核查或隐瞒收入
  'refuses_work', // 有劳动能力者无正当理由拒绝就业
] as const;
export type ExclusionId = (typeof exclusionIds)[number];

export const policySchemes = ['current', 'legacy-2014'] as const;
export type PolicyScheme = (typeof policySchemes)[number];

export const currentCategories = [
  'deep', // 深度困难
  'relative', // 相对困难
  'accident', // 意外致困
] as const;
export const legacyCategories = [
  'dibao', // 低保户
  'dibao_edge', // 低保边缘户
  'accident_legacy', // 意外致困户
] as const;
export const hardshipCategories = [...currentCategories, ...legacyCategories] as const;
export type HardshipCategory = (typeof hardshipCategories)[number];

export const hardshipCategoryLabels = {
  deep: { zh: '深度困难', en: 'deep hardship' },
  relative: { zh: '相对困难', en: 'relative hardship' },
  accident: { zh: '意外致困', en: 'accident-caused hardship' },
  dibao: { zh: '低保户', en: 'dibao household' },
  dibao_edge: { zh: '低保边缘户', en: 'household at the dibao margin' },
  accident_legacy: { zh: '意外致困户', en: 'accident-hit household' },
} as const satisfies Record<HardshipCategory, { zh: string; en: string }>;

export const incomeTypeLabels = {
  wages: { zh: '工资性收入', en: 'wages' },
  business: { zh: '经营净收入', en: 'business net income' },
  property: { zh: '财产性收入', en: 'property income' },
  transfers: { zh: '转移性收入', en: 'transfers' },
  union_relief: { zh: '工会帮扶救助', en: 'union relief' },
  holiday_gift: { zh: '节日慰问', en: 'holiday gifts' },
  other: { zh: '其他收入', en: 'other income' },
} as const satisfies Record<IncomeType, { zh: string; en: string }>;

export const rigidExpenditureTypeLabels = {
  medical: { zh: '自付医疗费用', en: 'out-of-pocket medical costs' },
  disability_care: { zh: '残疾康复护理费用', en: 'disability care' },
  schooling: { zh: '非义务教育费用', en: 'non-compulsory schooling' },
  housing: { zh: '住房支出', en: 'housing' },
  other_allowed: { zh: '其他刚性支出', en: 'other allowed expenditure' },
} as const satisfies Record<RigidExpenditureType, { zh: string; en: string }>;

export const exclusionLabels = {
  multiple_homes: { zh: '家庭拥有两套及以上住房', en: 'owns two or more homes' },
  business_owner: {
    zh: '开办经营实体、雇佣他人或控股企业',
    en: 'owns a shop, employs others or controls a company',
  },
  vehicle: {
    zh: '拥有或经常使用机动车辆(残疾人代步车除外)',
    en: 'owns or regularly uses a motor vehicle (mobility aids excepted)',
  },
  private_school_abroad: {
    zh: '子女就读高收费私立学校或自费出国留学',
    en: 'a child at a high-fee private school or studying abroad at own cost',
  },
  refuses_verification: {
    zh: '拒绝配合核查或隐瞒收入',
    en: 'refuses verification or hides income',
  },
  refuses_work: {
    zh: '有劳动能力的劳动年龄成员无正当理由拒绝就业',
    en: 'a working-age member able to work refuses jobs without good reason',
  },
} as const satisfies Record<ExclusionId, { zh: string; en: string }>;

function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A business date, YYYY-MM-DD (Asia/Shanghai). */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine(isCalendarDate, 'not a real date');

/** An amount of money in integer fen (分), never negative. */
export const fenSchema = z
  .number()
  .int('whole fen')
  .nonnegative('not negative')
  .max(100_000_000_000, 'too large');

const regionCodeField = z
  .string()
  .regex(/^\d{6}$/, '6 digits')
  .refine(isRegionCode, 'not a GB/T 2260 region code');

/**
 * A monthly amount per region and period: a 低保 line or a minimum wage.
 * `effectiveTo` is the last day it applies (inclusive), null while in force.
 * A county with no figure of its own uses its city's, then its province's.
 */
export const regionalRateSchema = z
  .object({
    regionCode: regionCodeField,
    monthlyFen: fenSchema.positive('must be above zero'),
    effectiveFrom: isoDateSchema,
    effectiveTo: isoDateSchema.nullable().default(null),
    note: z.string().trim().max(200).optional(),
  })
  .refine((r) => r.effectiveTo === null || r.effectiveTo >= r.effectiveFrom, {
    path: ['effectiveTo'],
    message: 'before effectiveFrom',
  });
export type RegionalRate = z.infer<typeof regionalRateSchema>;

/** 城市低保标准: the local urban minimum-living-standard line, per person per month. */
export const dibaoLineSchema = regionalRateSchema;
export type DibaoLine = RegionalRate;

/** 最低工资标准: the local monthly minimum wage. */
export const minimumWageSchema = regionalRateSchema;
export type MinimumWage = RegionalRate;

function overlaps(a: RegionalRate, b: RegionalRate): boolean {
  const aEnd = a.effectiveTo ?? '9999-12-31';
  const bEnd = b.effectiveTo ?? '9999-12-31';
  return a.effectiveFrom <= bEnd && b.effectiveFrom <= aEnd;
}

/** A table of rates: one region never has two rates in force on the same day. */
export const regionalRateTableSchema = z.array(regionalRateSchema).superRefine((rates, ctx) => {
  rates.forEach((rate, i) => {
    const j = rates.findIndex(
      (other, k) => k < i && other.regionCode === rate.regionCode && overlaps(other, rate),
    );
    if (j >= 0)
      ctx.addIssue({
        code: 'custom',
        path: [i, 'effectiveFrom'],
        message: `overlaps row ${j + 1} for region ${rate.regionCode}`,
      });
  });
});

function isInForce(rate: { effectiveFrom: string; effectiveTo: string | null }, asOf: string) {
  return rate.effectiveFrom <= asOf && (rate.effectiveTo === null || asOf <= rate.effectiveTo);
}

/** The rate in force on `asOf` for the region: the county's own, else its city's, else its province's. */
export function findRegionalRate(
  rates: readonly RegionalRate[],
  regionCode: string,
  asOf: string,
): RegionalRate | undefined {
  const candidates = [regionCode, `${regionCode.slice(0, 4)}00`, `${regionCode.slice(0, 2)}0000`];
  for (const code of candidates) {
    const found = rates
      .filter((r) => r.regionCode === code && isInForce(r, asOf))
      .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
    if (found) return found;
  }
  return undefined;
}

/** The lines an assessment uses, with where they came from (recorded with the result). */
export const assessmentLinesSchema = z.object({
  dibaoMonthlyFen: fenSchema.positive('must be above zero'),
  minimumWageMonthlyFen: fenSchema,
  lineRegionCode: z.string().regex(/^\d{6}$/, '6 digits'),
  lineEffectiveFrom: isoDateSchema,
  minimumWageRegionCode: z
    .string()
    .regex(/^\d{6}$/, '6 digits')
    .optional(),
  minimumWageEffectiveFrom: isoDateSchema.optional(),
});
export type AssessmentLines = z.infer<typeof assessmentLinesSchema>;

/**
 * Picks the 低保 line and minimum wage in force for a region on a date.
 * Throws INVALID_STATE when either is missing: the tables need an entry first.
 */
export function selectAssessmentLines(
  tables: { dibaoLines: readonly DibaoLine[]; minimumWages: readonly MinimumWage[] },
  regionCode: string,
  asOf: string,
): AssessmentLines {
  const dibao = findRegionalRate(tables.dibaoLines, regionCode, asOf);
  if (!dibao)
    throw new AppError('INVALID_STATE', `no 低保 line for region ${regionCode} on ${asOf}`, {
      userMessage: `地区 ${regionCode} 在 ${asOf} 没有适用的低保标准，请先维护低保标准`,
      details: { regionCode, asOf, missing: 'dibao_line' },
    });
  const wage = findRegionalRate(tables.minimumWages, regionCode, asOf);
  if (!wage)
    throw new AppError('INVALID_STATE', `no minimum wage for region ${regionCode} on ${asOf}`, {
      userMessage: `地区 ${regionCode} 在 ${asOf} 没有适用的最低工资标准，请先维护最低工资标准`,
      details: { regionCode, asOf, missing: 'minimum_wage' },
    });
  return {
    dibaoMonthlyFen: dibao.monthlyFen,
    minimumWageMonthlyFen: wage.monthlyFen,
    lineRegionCode: dibao.regionCode,
    lineEffectiveFrom: dibao.effectiveFrom,
    minimumWageRegionCode: wage.regionCode,
    minimumWageEffectiveFrom: wage.effectiveFrom,
  };
}

/** Working age as [fromAge, toAge): from the birthday of fromAge to the day before that of toAge. */
export const workingAgeSchema = z
  .object({ fromAge: z.number().int().min(0).max(100), toAge: z.number().int().min(1).max(100) })
  .refine((a) => a.fromAge < a.toAge, { path: ['toAge'], message: 'not above fromAge' });
export type WorkingAge = z.infer<typeof workingAgeSchema>;

function uniqueArray<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .refine((values) => new Set(values).size === values.length, 'a value is listed twice');
}

const policyIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and -, e.g. national-2019');

const policyCommonFields = {
  id: policyIdSchema,
  nameZh: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().max(100),
  effectiveFrom: isoDateSchema,
  effectiveTo: isoDateSchema.nullable(),
  /** The income window, in months; the test figure divides by it. */
  incomePeriodMonths: z.number().int().min(1).max(24),
  /** Which income types count; holiday gifts are usually excluded (varies). */
  countedIncomeTypes: z.record(z.enum(incomeTypes), z.boolean()),
  /** A jobless working-age member able to work is imputed the local minimum wage. */
  imputation: z.object({
    isEnabled: z.boolean(),
    joblessWorkStatuses: uniqueArray(z.enum(workStatuses)),
    /** A working-age member with no recorded work status is treated as jobless. */
    treatMissingWorkStatusAsJobless: z.boolean(),
    workingAge: z.object({ male: workingAgeSchema, female: workingAgeSchema }),
  }),
  /** Who counts in the household (domain.md §2 "Household"). */
  membership: z.object({
    /** Children under this age count; older children only when dependant or studying. */
    adultAge: z.number().int().min(14).max(22),
    /** Adult children in full-time study count up to this level. */
    maxStudyLevelOfAdultChildren: z.enum(studyLevels),
    /** Other dependants count after living with the household this many months. */
    dependantMinMonthsInHousehold: z.number().int().min(0).max(120),
  }),
  exclusions: z.object({
    /** The exclusions checked; an inactive one is reported as not applied. */
    active: uniqueArray(z.enum(exclusionIds)),
    /** Whether an unanswered exclusion bars eligibility, or only marks the result provisional. */
    unknownAnswerBars: z.boolean(),
  }),
  /** 农民工 qualify as union members employed in the city for this long. */
  migrantWorkers: z.object({
    requiresUnionMembership: z.boolean(),
    minMonthsEmployedInCity: z.number().int().min(0).max(120),
  }),
};

/** Current scheme (2018/19 →): 深度困难 / 相对困难 / 意外致困. */
export const currentPolicySchema = z.object({
  ...policyCommonFields,
  scheme: z.literal('current'),
  /** Rigid expenditure types deducted from income (housing varies). */
  rigidExpenditureTypes: uniqueArray(z.enum(rigidExpenditureTypes)),
  /** 相对困难: test figure below this % of the 低保 line (default 200, range 150–300). */
  relativeLinePercent: z.number().int().min(150).max(300),
  /** 意外致困: the year's net costs or losses exceed this % of annual income (default 80). */
  accidentLossPercentOfIncome: z.number().int().min(1).max(1000),
});
export type CurrentPolicy = z.infer<typeof currentPolicySchema>;

/** 2014–2018 scheme, for migrated files: 低保户 / 低保边缘户 / 意外致困户. */
export const legacyPolicySchema = z.object({
  ...policyCommonFields,
  scheme: z.literal('legacy-2014'),
  /** 低保户: per-capita income below the line for at least this many consecutive months. */
  dibaoMinConsecutiveMonths: z.number().int().min(1).max(24),
  /** 低保边缘户: per-capita income at most this % of the line (default 150)… */
  edgeLinePercent: z.number().int().min(100).max(300),
  /** …and, after deducting these costs, at most the line. */
  edgeDeductibleExpenditureTypes: uniqueArray(z.enum(rigidExpenditureTypes)),
  /** 意外致困户: per-capita income at most this % of the line (default 300), and at most the line after the accident's costs. */
  accidentLinePercent: z.number().int().min(100).max(500),
});
export type LegacyPolicy = z.infer<typeof legacyPolicySchema>;

export const policyVersionSchema = z.discriminatedUnion('scheme', [
  currentPolicySchema,
  legacyPolicySchema,
]);
export type PolicyVersion = z.infer<typeof policyVersionSchema>;

/** Defaults shared by both schemes; validated by the schemas below at load. */
const defaultCommon = {
  incomePeriodMonths: 12,
  countedIncomeTypes: {
    wages: true,
    business: true,
    property: true,
    transfers: true,
    union_relief: true,
    holiday_gift: false,
    other: true,
  },
  imputation: {
    isEnabled: true,
    joblessWorkStatuses: ['laid_off', 'unemployed'],
    treatMissingWorkStatusAsJobless: true,
    workingAge: { male: { fromAge: 16, toAge: 60 }, female: { fromAge: 16, toAge: 55 } },
  },
  membership: {
    adultAge: 18,
    maxStudyLevelOfAdultChildren: 'bachelor',
    dependantMinMonthsInHousehold: 12,
  },
  exclusions: { active: [...exclusionIds], unknownAnswerBars: false },
  migrantWorkers: { requiresUnionMembership: true, minMonthsEmployedInCity: 12 },
};

/** The default policy versions, seeded from domain.md §2. */
export const defaultPolicyVersions: readonly PolicyVersion[] = [
  currentPolicySchema.parse({
    ...defaultCommon,
    id: 'national-2019',
    nameZh: '困难职工认定(深度困难/相对困难/意外致困)',
    nameEn: 'Identification of workers in hardship (deep / relative / accident)',
    effectiveFrom: '2019-01-01',
    effectiveTo: null,
    scheme: 'current',
    rigidExpenditureTypes: [...rigidExpenditureTypes],
    relativeLinePercent: 200,
    accidentLossPercentOfIncome: 80,
  }),
  legacyPolicySchema.parse({
    ...defaultCommon,
    id: 'national-2014',
    nameZh: '困难职工认定(低保户/低保边缘户/意外致困户)',
    nameEn: 'Identification of workers in hardship, 2014–2018 (dibao / margin / accident)',
    effectiveFrom: '2014-01-01',
    effectiveTo: '2018-12-31',
    scheme: 'legacy-2014',
    dibaoMinConsecutiveMonths: 6,
    edgeLinePercent: 150,
    edgeDeductibleExpenditureTypes: ['medical', 'schooling', 'disability_care'],
    accidentLinePercent: 300,
  }),
];

/** The default version with this id (throws for an unknown id: a programming error). */
export function getDefaultPolicyVersion(id: string): PolicyVersion {
  const found = defaultPolicyVersions.find((p) => p.id === id);
  if (!found) throw new Error(`No default policy version ${id}`);
  return found;
}

/** The version of `scheme` in force on `asOf`, latest first. */
export function findPolicyVersion(
  versions: readonly PolicyVersion[],
  asOf: string,
  scheme: PolicyScheme = 'current',
): PolicyVersion | undefined {
  return versions
    .filter((v) => v.scheme === scheme && isInForce(v, asOf))
    .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
}
