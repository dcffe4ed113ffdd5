import type { Tx } from '../db/database';
import type { Actor, RequestContext } from '../http/context';
import { permissionsOf } from '../../shared/permissions';
import { findRegion } from '../../shared/regions/region-code';
import { computeCheckChar } from '../../shared/households/id-number';
import {
  householdFileInputSchema,
  toAssessmentInput,
  type HouseholdFileInputJson,
} from '../../shared/households/household-file';
import {
  assessmentInputSchema,
  runAssessmentRequest,
  type AssessmentResult,
} from '../../shared/households/assessment';
import type { HardshipCause, WorkStatus } from '../../shared/households/dictionaries';
import type { AuditSource } from '../audit/audit.service';
import { createHousehold } from '../households/households.service';
import { registerDirectly } from '../cases/cases.service';
import {
  createRate,
  findRates,
  loadAssessmentTables,
  todayInShanghai,
} from '../policy/policy.service';
import type { FieldCipher } from '../privacy/field-cipher';
import { demoCity, demoDistricts, demoUsers } from './demo-city';
import type { DemoCity, DemoStep } from './demo.service';

/**
 * Demo household files (一户一档) for the demo city: a few hundred realistic
 * households spread over its grassroots unions, with the category mix of
 * domain.md §10 (~14 % deep, 74 % relative, 12 % accident), illness the leading
 * cause, about 2.7 people per household, and a handful of planted likely
 * duplicates for the review list. Each file goes through createHousehold, so it
 * is audited and assessed against the demo 低保 line and minimum wage of 南京市,
 * which this step adds first (marked as demo data in their note).
 *
 * Deterministic: one seeded generator; birth years count back from the
 * current year so that ages stay plausible whenever the demo is loaded.
 */

export const demoHouseholdCount = 200;
/** 演示数据: 南京市 低保 line and minimum wage (yuan per month × 100). */
export const demoDibaoFen = 121_000;
export const demoMinimumWageFen = 249_000;
export const demoRateNote = '演示数据（非真实标准）';

/** The category mix of domain.md §10. */
export const demoCategoryShares = { deep: 0.14, relative: 0.74, accident: 0.12 } as const;
type TargetCategory = keyof typeof demoCategoryShares;

// ---------------------------------------------------------------- randomness

/** mulberry32: small, fast and good enough for demo data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
const between = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
function weighted<T extends string>(rng: Rng, weights: Record<T, number>): T {
  const entries = Object.entries(weights) as [T, number][];
  let r = rng() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [k, w] of entries) if ((r -= w) < 0) return k;
  return entries.at(-1)![0];
}

// ---------------------------------------------------------------- people

const surnames = [
  ...'王王王李李李张张张刘刘陈陈杨杨黄赵吴周徐徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方邹孟熊秦邱江尹薛段雷侯史陶顾毛钱严戴孔汤殷',
];
const givenNames = {
  older: {
    male: ['德明', '福生', '长林', '有才', '金宝', '永贵', '树林', '桂生', '玉山', '根宝'],
    female: ['桂兰', '淑珍', '秀兰', '凤英', '玉珍', '翠英', '素芬', '金凤', '月英', '秀珍'],
  },
  adult: {
    male: [
      '建国',
      '国强',
      '志强',
      '建华',
      '海涛',
      '卫东',
      '永胜',
      '国平',
      '伟',
      '强',
      '磊',
      '军',
      '勇',
      '斌',
      '涛',
      '明',
      '刚',
      '平',
      '辉',
      '鹏',
      '立新',
      '红兵',
      '晓东',
      '文军',
      '春生',
      '宏伟',
      '国华',
      '建军',
    ],
    female: [
      '秀英',
      '桂英',
      '玉兰',
      '丽',
      '芳',
      '敏',
      '静',
      '艳',
      '娟',
      '霞',
      '燕',
      '玲',
      '红梅',
      '丽萍',
      '海燕',
      '晓燕',
      '春梅',
      '文静',
      '丽娟',
      '小红',
      '雪梅',
      '美华',
      '秀芳',
      '凤霞',
    ],
  },
  young: {
    male: [
      '子涵',
      '浩然',
      '宇轩',
      '梓豪',
      '俊杰',
      '天佑',
      '一鸣',
      '文博',
      '思远',
      '嘉豪',
      '睿',
      '晨',
    ],
    female: [
      '欣怡',
      '雨桐',
      '思彤',
      '一诺',
      '梓涵',
      '佳怡',
      '可馨',
      '诗琪',
      '雨萱',
      '梦瑶',
      '悦',
      '婷',
    ],
  },
} as const;

type Sex = 'male' | 'female';

function personName(rng: Rng, surname: string, sex: Sex, age: number): string {
  const pool = age >= 62 ? givenNames.older : age >= 30 ? givenNames.adult : givenNames.young;
  return surname + pick(rng, pool[sex]);
}

/** A birth date in `year`, as YYYY-MM-DD. */
function birthDateIn(rng: Rng, year: number): string {
  const month = between(rng, 1, 12);
  const day = between(rng, 1, 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** ID numbers handed out so far: one person, one number. */
class IdNumbers {
  private used = new Set<string>();
  constructor(private rng: Rng) {}
  next(region: string, birthDate: string, sex: Sex): string {
    for (;;) {
      // Sequence: odd for men, even for women (GB 11643).
      const seq = between(this.rng, 0, 499) * 2 + (sex === 'male' ? 1 : 0);
      const first17 = `${region}${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
      const id = first17 + computeCheckChar(first17);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}

const mobilePrefixes = [
  '139',
  '138',
  '137',
  '135',
  '136',
  '150',
  '151',
  '152',
  '158',
  '159',
] as const;
const mobilePrefixes2 = [
  '182',
  '187',
  '188',
  '133',
  '153',
  '180',
  '189',
  '130',
  '131',
  '156',
] as const;

const banks = [
  { name: '中国工商银行南京分行', prefix: '6222024301' },
  { name: '中国建设银行南京分行', prefix: '6217001370' },
  { name: '中国农业银行南京分行', prefix: '6228480329' },
  { name: '中国银行南京分行', prefix: '6216613100' },
  { name: '交通银行南京分行', prefix: '6222623210' },
  { name: '南京银行', prefix: '6223160100' },
  { name: '江苏银行南京分行', prefix: '6224770200' },
] as const;

/** Luhn check digit, as bank card numbers carry. */
function luhnDigit(body: string): string {
  let sum = 0;
  [...body].reverse().forEach((c, i) => {
    let d = Number(c);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  });
  return String((10 - (sum % 10)) % 10);
}

const roads = [
  '中山路',
  '中央路',
  '北京东路',
  '汉中路',
  '建宁路',
  '龙蟠路',
  '水西门大街',
  '应天大街',
  '江东中路',
  '光华路',
  '和燕路',
  '宁丹路',
  '天元路',
  '大桥北路',
];

const jointEmployers = {
  joint: [
    '南京顺达物业服务有限公司',
    '南京邻里家政服务有限公司',
    '南京安居保洁服务有限公司',
    '个体经营',
    '南京城建劳务有限公司',
    '南京速达快递服务有限公司',
  ],
} as const;

// ---------------------------------------------------------------- composition

export type DemoUnionPlace = {
  code: string;
  nodeId: number;
  name: string;
  kind: 'state' | 'private' | 'public' | 'joint';
  /** The district (GB/T 2260) the union lies in; null: directly under the city. */
  regionCode: string | null;
};

type Plan = {
  input: HouseholdFileInputJson;
  target: TargetCategory;
  /** Income items are filled in by `fitIncome`: who earns, and how. */
  earners: { ref: string; type: 'wages' | 'transfers' | 'business' }[];
};

const causesOfOthers: Record<Exclude<HardshipCause, 'disaster_accident'>, number> = {
  illness: 52,
  disability: 11,
  schooling: 10,
  unemployment: 12,
  enterprise_closure: 6,
  single_parent: 8,
  low_income: 9,
  other: 2,
};

const seriousIllnesses = [
  ['malignant_tumour', '乳腺癌术后放化疗'],
  ['malignant_tumour', '肺癌术后靶向治疗'],
  ['malignant_tumour', '胃癌术后化疗'],
  ['uraemia', '尿毒症，每周血液透析三次'],
  ['cerebrovascular', '脑梗塞后遗症，偏瘫'],
  ['cardiovascular', '冠心病支架术后'],
  ['blood_disease', '白血病化疗中'],
  ['mental_illness', '精神分裂症，长期服药'],
  ['liver_disease', '肝硬化失代偿期'],
  ['diabetes', '糖尿病并发肾病'],
] as const;

const disabilities = [
  'visual',
  'hearing',
  'physical',
  'intellectual',
  'mental',
  'multiple',
] as const;

/** Household sizes averaging about 2.7 (domain.md §10). */
const sizeWeights = { '1': 12, '2': 30, '3': 38, '4': 16, '5': 4 } as const;

function planHousehold(
  rng: Rng,
  ids: IdNumbers,
  union: DemoUnionPlace,
  target: TargetCategory,
  year: number,
): Plan {
  const region = union.regionCode ?? pick(rng, Object.keys(demoDistricts));
  const district = demoDistricts[region]!;
  const regionName = findRegion(region)?.name ?? '';
  let size = Number(weighted(rng, sizeWeights));
  const mainCause: HardshipCause =
    target === 'accident'
      ? rng() < 0.55
        ? 'disaster_accident'
        : 'illness'
      : weighted(rng, causesOfOthers);
  if (mainCause === 'single_parent' && size < 2) size = 2;
  if (mainCause === 'schooling' && size < 2) size = 3;

  const surname = pick(rng, surnames);
  const headSex: Sex = rng() < 0.55 ? 'male' : 'female';
  const headAge = between(rng, 34, 57);
  const headBirth = birthDateIn(rng, year - headAge);
  const isSingleParent = mainCause === 'single_parent' || (size === 2 && rng() < 0.35);
  const hasSpouse = size >= 2 && !isSingleParent;
  const childCount = Math.max(
    0,
    size - 1 - (hasSpouse ? 1 : 0) - (size >= 4 && rng() < 0.4 ? 1 : 0),
  );
  const parentCount = size - 1 - (hasSpouse ? 1 : 0) - childCount;

  const members: HouseholdFileInputJson['members'] = [];
  const earners: Plan['earners'] = [];
  const expenditures: HouseholdFileInputJson['rigidExpenditures'] = [];

  // Who is ill or disabled: the head, or another member.
  const sickRef =
    mainCause === 'illness' || mainCause === 'disability'
      ? rng() < 0.6
        ? 'head'
        : hasSpouse
          ? 'spouse'
          : 'head'
      : null;

  const headStatus: WorkStatus =
    mainCause === 'unemployment'
      ? pick(rng, ['laid_off', 'unemployed'] as const)
      : mainCause === 'enterprise_closure'
        ? pick(rng, ['laid_off', 'unemployed', 'early_retired'] as const)
        : sickRef === 'head'
          ? pick(rng, ['sick_leave', 'sick_leave', 'early_retired', 'employed'] as const)
          : union.kind === 'joint'
            ? pick(rng, ['flexible_employment', 'migrant_worker', 'employed'] as const)
            : pick(rng, ['employed', 'employed', 'flexible_employment'] as const);
  const headIsSick = sickRef === 'head';
  const headIllness = headIsSick ? pick(rng, seriousIllnesses) : null;
  const headDisabled = headIsSick && mainCause === 'disability';
  members.push({
    ref: 'head',
    relation: 'head',
    name: personName(rng, surname, headSex, headAge),
    idNumber: ids.next(region, headBirth, headSex),
    birthDate: headBirth,
    sex: headSex,
    isAbleToWork: !headIsSick,
    workStatus: headStatus,
    isDisabledOrSeriouslyIll: headIsSick,
    healthStatus: headDisabled
      ? 'disability'
      : (headIllness?.[0] ??
        pick(rng, ['good', 'good', 'common_illness', 'hypertension'] as const)),
    ...(headIllness && !headDisabled ? { diagnosis: headIllness[1] } : {}),
    ...(headDisabled
      ? {
          disabilityType: pick(rng, disabilities),
          disabilityGrade: pick(rng, ['grade_1', 'grade_2', 'grade_3'] as const),
        }
      : {}),
  });
  earners.push({
    ref: 'head',
    type:
      headStatus === 'laid_off' || headStatus === 'unemployed' || headStatus === 'early_retired'
        ? 'transfers'
        : headStatus === 'flexible_employment' && rng() < 0.4
          ? 'business'
          : 'wages',
  });

  let spouseWorks = false;
  if (hasSpouse) {
    const sex: Sex = headSex === 'male' ? 'female' : 'male';
    const age = Math.min(59, Math.max(30, headAge + between(rng, -4, 4)));
    const birth = birthDateIn(rng, year - age);
    const sick = sickRef === 'spouse';
    const illness = sick ? pick(rng, seriousIllnesses) : null;
    const disabled = sick && mainCause === 'disability';
    const retired = !sick && ((sex === 'female' && age >= 50) || age >= 55) && rng() < 0.5;
    spouseWorks = !sick && !retired;
    const status: WorkStatus = sick
      ? 'sick_leave'
      : retired
        ? 'retired'
        : pick(rng, ['employed', 'flexible_employment', 'employed'] as const);
    members.push({
      ref: 'spouse',
      relation: 'spouse',
      name: personName(rng, pick(rng, surnames), sex, age),
      idNumber: ids.next(rng() < 0.8 ? region : pick(rng, Object.keys(demoDistricts)), birth, sex),
      birthDate: birth,
      sex,
      isAbleToWork: !sick,
      workStatus: status,
      isDisabledOrSeriouslyIll: sick,
      healthStatus: disabled ? 'disability' : (illness?.[0] ?? 'good'),
      ...(illness && !disabled ? { diagnosis: illness[1] } : {}),
      ...(disabled
        ? {
            disabilityType: pick(rng, disabilities),
            disabilityGrade: pick(rng, ['grade_1', 'grade_2'] as const),
          }
        : {}),
    });
    if (!sick) earners.push({ ref: 'spouse', type: retired ? 'transfers' : 'wages' });
  }

  for (let i = 0; i < childCount; i++) {
    const sex: Sex = rng() < 0.5 ? 'male' : 'female';
    const maxAge = Math.min(22, headAge - 22);
    const age =
      mainCause === 'schooling' && i === 0
        ? between(rng, 18, Math.max(18, maxAge))
        : between(rng, 3, Math.max(3, maxAge));
    const birth = birthDateIn(rng, year - age);
    const level =
      age >= 18
        ? pick(rng, ['bachelor', 'junior_college'] as const)
        : age >= 15
          ? 'senior_secondary'
          : age >= 12
            ? 'junior_secondary'
            : age >= 6
              ? 'primary'
              : 'preschool';
    const ref = `child${i + 1}`;
    members.push({
      ref,
      relation: 'child',
      name: personName(rng, surname, sex, age),
      idNumber: ids.next(region, birth, sex),
      birthDate: birth,
      sex,
      isAbleToWork: false,
      isInFullTimeStudy: true,
      studyLevel: level,
      school:
        level === 'bachelor'
          ? pick(rng, [
              '南京工业大学',
              '南京信息工程大学',
              '南京晓庄学院',
              '南京林业大学',
              '南京邮电大学',
            ])
          : level === 'junior_college'
            ? pick(rng, ['南京交通职业技术学院', '南京工业职业技术大学', '江苏经贸职业技术学院'])
            : `${regionName}${pick(rng, ['实验', '第一', '第二', '第三', '育英', '光华'])}${level === 'preschool' ? '幼儿园' : level === 'primary' ? '小学' : '中学'}`,
    });
    if (level === 'bachelor' || level === 'junior_college' || level === 'senior_secondary')
      expenditures.push({
        memberRef: ref,
        type: 'schooling',
        amountFen:
          (level === 'senior_secondary' ? between(rng, 12, 30) : between(rng, 50, 90)) * 10_000,
        note: level === 'senior_secondary' ? '高中学杂费' : '学费及住宿费',
      });
  }

  for (let i = 0; i < parentCount; i++) {
    const sex: Sex = rng() < 0.6 ? 'female' : 'male';
    const age = Math.min(92, headAge + between(rng, 24, 32));
    const birth = birthDateIn(rng, year - age);
    const ref = `parent${i + 1}`;
    const ill = rng() < 0.5;
    members.push({
      ref,
      relation: 'parent',
      name: personName(rng, sex === 'male' || i === 0 ? surname : pick(rng, surnames), sex, age),
      idNumber: ids.next(region, birth, sex),
      birthDate: birth,
      sex,
      isAbleToWork: false,
      workStatus: 'retired',
      livingWithHouseholdSince: `${year - between(rng, 2, 15)}-01-01`,
      isDependant: true,
      isDisabledOrSeriouslyIll: ill,
      healthStatus: ill
        ? pick(rng, ['cerebrovascular', 'cardiovascular', 'diabetes', 'lung_disease'] as const)
        : 'hypertension',
    });
    if (rng() < 0.5) earners.push({ ref, type: 'transfers' });
  }

  // Rigid spending follows the cause.
  const sick = members.find((m) => m.isDisabledOrSeriouslyIll && m.relation !== 'parent');
  if (sick && mainCause !== 'disability')
    expenditures.push({
      memberRef: sick.ref,
      type: 'medical',
      amountFen: between(rng, 8, 60) * 100_000,
      note: '医保报销后自付',
    });
  if (mainCause === 'disability' && sick)
    expenditures.push({
      memberRef: sick.ref,
      type: 'disability_care',
      amountFen: between(rng, 6, 24) * 100_000,
      note: '康复护理费',
    });

  const secondary = (
    ['illness', 'schooling', 'unemployment', 'low_income', 'disability'] as const
  ).filter((c) => c !== mainCause && rng() < 0.18);
  if (isSingleParent && mainCause !== 'single_parent' && secondary.length < 3)
    secondary.push('single_parent' as never);
  const phone = `${pick(rng, rng() < 0.6 ? mobilePrefixes : mobilePrefixes2)}${String(between(rng, 0, 99_999_999)).padStart(8, '0')}`;
  const bank = pick(rng, banks);
  const accountBody = `${bank.prefix}${String(between(rng, 0, 99_999_999)).padStart(8, '0')}`;
  const street = pick(rng, district.streets);
  const employer =
    union.kind === 'joint' ? pick(rng, jointEmployers.joint) : union.name.replace(/工会$/, '');

  const input: HouseholdFileInputJson = {
    nodeId: union.nodeId,
    regionCode: region,
    standardLevel: 'grassroots',
    phone,
    address: `南京市${regionName}${street.replace(/(街道|镇)$/, '')}${pick(rng, roads)}${between(rng, 1, 300)}号${between(rng, 1, 30)}幢${between(rng, 1, 6)}0${between(rng, 1, 4)}室`,
    employerName: employer,
    employerType:
      union.kind === 'state'
        ? 'state_owned'
        : union.kind === 'public'
          ? 'public_institution'
          : union.kind === 'private'
            ? 'private'
            : pick(rng, ['private', 'individual_business'] as const),
    industry:
      union.kind === 'public'
        ? pick(rng, ['q', 'p'] as const)
        : pick(rng, ['c', 'g', 'f', 'e', 'o', 'h'] as const),
    isUnionMember: true,
    politicalStatus: rng() < 0.15 ? 'cpc_member' : 'masses',
    maritalStatus: hasSpouse
      ? 'married'
      : isSingleParent
        ? pick(rng, ['divorced', 'widowed'] as const)
        : pick(rng, ['unmarried', 'divorced', 'widowed'] as const),
    hukouType:
      headStatus === 'migrant_worker'
        ? 'agricultural'
        : pick(rng, ['non_agricultural', 'resident'] as const),
    modelWorkerType: rng() < 0.03 ? 'municipal' : 'none',
    housingType: pick(rng, [
      'work_unit_public',
      'low_rent',
      'purchased',
      'rented',
      'rented',
      'purchased',
    ] as const),
    housingAreaBand: pick(rng, [
      'up_to_20',
      'from_20_to_50',
      'from_20_to_50',
      'from_50_to_70',
    ] as const),
    isSingleParent,
    // 零就业家庭: nobody of working age in the household has a job.
    isZeroEmployment: (headStatus === 'laid_off' || headStatus === 'unemployed') && !spouseWorks,
    mainCause,
    secondaryCauses: secondary.slice(0, 3),
    situation: null,
    bankName: bank.name,
    bankAccount: accountBody + luhnDigit(accountBody),
    members,
    incomes: [],
    rigidExpenditures: expenditures,
    exclusions: {
      multiple_homes: { answer: false, evidence: '不动产登记信息查询无第二套住房' },
      business_owner: { answer: false, evidence: '市场监管信息查询无经营主体' },
      vehicle: { answer: false, evidence: '车辆登记信息查询无机动车' },
      private_school_abroad: { answer: false },
      refuses_verification: { answer: false, evidence: '已签署家庭经济状况核对授权书' },
      refuses_work: { answer: false },
    },
    ...(headStatus === 'migrant_worker'
      ? {
          migrantWorker: {
            isUnionMember: true,
            employedInCitySince: `${year - between(rng, 2, 12)}-03-01`,
          },
        }
      : {}),
  };
  return { input, target, earners };
}

// ---------------------------------------------------------------- income

type Tables = Awaited<ReturnType<typeof loadAssessmentTables>>;

function assess(input: HouseholdFileInputJson, tables: Tables, today: string): AssessmentResult {
  const parsed = householdFileInputSchema.parse(input);
  return runAssessmentRequest(
    { household: assessmentInputSchema.parse(toAssessmentInput(parsed)) },
    tables,
    today,
  );
}

function stepOf<K extends AssessmentResult['trace'][number]['kind']>(
  result: AssessmentResult,
  kind: K,
) {
  return result.trace.find((s) => s.kind === kind) as Extract<
    AssessmentResult['trace'][number],
    { kind: K }
  >;
}

/** Per-capita monthly income (yuan) the household should come out at, by category. */
const targetRanges: Record<TargetCategory, [number, number]> = {
  deep: [520, 1180],
  relative: [1260, 2380],
  accident: [2460, 3600],
};

/**
 * Fills in the income items so that the assessment lands on the plan's
 * category: works out the household size, imputed wages and deducted spending
 * with the real assessment, then sets the earners' income to match.
 */
function fitIncome(rng: Rng, plan: Plan, tables: Tables, today: string): HouseholdFileInputJson {
  const input = plan.input;
  const first = assess({ ...input, incomes: [] }, tables, today);
  const size = stepOf(first, 'household').size;
  const imputed = stepOf(first, 'imputed_income').totalFen;
  const rigid = stepOf(first, 'rigid_expenditure').totalFen;
  const [lo, hi] = targetRanges[plan.target];
  const perCapitaFen = between(rng, lo, hi) * 100;
  const minimumIncome = between(rng, 60, 120) * 10_000 * (plan.earners.length || 1);
  let income = perCapitaFen * 12 * size + rigid - imputed;
  if (income < minimumIncome) {
    // Imputed wages alone lift the figure too high: the costs that cause the hardship are larger.
    const more = minimumIncome - income;
    const sick = input.members.find((m) => m.isDisabledOrSeriouslyIll) ?? input.members[0]!;
    input.rigidExpenditures = [
      ...(input.rigidExpenditures ?? []),
      { memberRef: sick.ref, type: 'medical', amountFen: more, note: '医保报销后自付' },
    ];
    income = minimumIncome;
  }
  const earners = plan.earners.length
    ? plan.earners
    : [{ ref: 'head', type: 'transfers' as const }];
  const weights = earners.map((e) => (e.ref === 'head' ? 1.4 : 1) * (0.7 + rng() * 0.6));
  const total = weights.reduce((s, w) => s + w, 0);
  let left = income;
  input.incomes = earners.map((e, i) => {
    const amount = i === earners.length - 1 ? left : Math.round((income * weights[i]!) / total);
    left -= amount;
    return {
      memberRef: e.ref,
      type: e.type,
      amountFen: amount,
      note:
        e.type === 'wages'
          ? '近12个月工资'
          : e.type === 'business'
            ? '经营净收入'
            : '养老金/失业保险金等',
    };
  });
  if (plan.target === 'accident') {
    const annual = income + imputed;
    const compensation = between(rng, 0, 4) * 500_000;
    const loss = Math.round(annual * (0.9 + rng() * 0.8));
    const isDisaster = input.mainCause === 'disaster_accident';
    input.accident = {
      cause: isDisaster ? pick(rng, ['accident', 'disaster'] as const) : 'serious_illness',
      costsFen: loss + compensation,
      compensationFen: compensation,
      occurredOn: `${Number(today.slice(0, 4)) - 1}-${String(between(rng, 1, 12)).padStart(2, '0')}-15`,
      description: isDisaster
        ? pick(rng, [
            '家中突发火灾，房屋及财物受损',
            '户主下班途中遭遇交通事故，肇事方无力赔偿',
            '暴雨致住房进水倒塌',
            '配偶工地高处坠落受伤',
          ])
        : '家庭成员突发重病住院，医保报销后自付费用巨大',
    };
  }
  const check = assess(input, tables, today);
  if (check.category !== plan.target || !check.eligible)
    throw new Error(
      `demo household ${input.members[0]!.name}: planned ${plan.target}, assessed ${check.category ?? 'not eligible'}`,
    );
  return input;
}

// ---------------------------------------------------------------- the plan

/** Targets in exact shares, shuffled: the mix holds for any count. */
function targetsFor(rng: Rng, count: number): TargetCategory[] {
  const deep = Math.round(count * demoCategoryShares.deep);
  const accident = Math.round(count * demoCategoryShares.accident);
  const list: TargetCategory[] = [
    ...Array<TargetCategory>(deep).fill('deep'),
    ...Array<TargetCategory>(accident).fill('accident'),
    ...Array<TargetCategory>(count - deep - accident).fill('relative'),
  ];
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

/**
 * The demo households, ready for createHousehold, with a few planted likely
 * duplicates: the same person (name and birth date) under another ID number in
 * a second file, and phones or bank accounts shared by two files.
 */
export function planDemoHouseholds(
  unions: DemoUnionPlace[],
  tables: Tables,
  today: string,
  count = demoHouseholdCount,
): HouseholdFileInputJson[] {
  const rng = seededRandom(20_261_129);
  const ids = new IdNumbers(rng);
  const year = Number(today.slice(0, 4));
  const targets = targetsFor(rng, count);
  // Busier unions: the joint unions and big state firms keep more files.
  const weightsOf = (u: DemoUnionPlace) => (u.kind === 'joint' ? 3 : u.kind === 'state' ? 2 : 1);
  const slots = unions.flatMap((u) => Array<DemoUnionPlace>(weightsOf(u)).fill(u));
  const files = targets.map((target) =>
    fitIncome(rng, planHousehold(rng, ids, pick(rng, slots), target, year), tables, today),
  );
  const keepers: Keepers = new Map(unions.map((u) => [u.nodeId, u.regionCode]));
  plantDuplicates(keepers, ids, files, tables, today);
  return files;
}

/** The district whose federation keeps each union node (null: the city's own unions). */
type Keepers = Map<number, string | null>;

/**
 * Pairs of files of one district kept by different unions, from the `from`-th
 * file on; with `district`, both kept by unions of that district (so that the
 * district's own users see the pair).
 */
function* sameDistrictPairs(
  keepers: Keepers,
  files: HouseholdFileInputJson[],
  from: number,
  district?: string,
): Generator<[number, number]> {
  const keeper = (f: HouseholdFileInputJson) => keepers.get(f.nodeId) ?? null;
  for (let i = from; i < files.length; i++)
    for (let j = i + 1; j < files.length; j++)
      if (
        files[i]!.regionCode === files[j]!.regionCode &&
        files[i]!.nodeId !== files[j]!.nodeId &&
        (!district || (keeper(files[i]!) === district && keeper(files[j]!) === district))
      )
        yield [i, j];
}

function firstPair(
  keepers: Keepers,
  files: HouseholdFileInputJson[],
  from: number,
  district?: string,
) {
  const pair = sameDistrictPairs(keepers, files, from, district).next();
  if (pair.done) throw new Error('no two demo files in one district');
  return pair.value;
}

/**
 * The same person (name, birth date) written into a second file under another
 * number: a spouse or head of one file becomes a member of the same sex in the
 * other. The file must still be eligible (ages move imputed wages).
 */
function plantPerson(
  keepers: Keepers,
  ids: IdNumbers,
  files: HouseholdFileInputJson[],
  from: number,
  tables: Tables,
  today: string,
  district?: string,
): void {
  for (const [i, j] of sameDistrictPairs(keepers, files, from, district)) {
    const source = files[i]!.members.find((m) => m.relation === 'spouse') ?? files[i]!.members[0]!;
    const target = structuredClone(files[j]!);
    const twin = ['spouse', 'head']
      .map((relation) => target.members.find((m) => m.relation === relation))
      .find((m) => m !== undefined && m.sex === source.sex);
    if (!twin) continue;
    twin.name = source.name;
    twin.birthDate = source.birthDate;
    // Another district's number: the classic sign of a second registration.
    const otherRegion = Object.keys(demoDistricts).find((r) => r !== target.regionCode)!;
    twin.idNumber = ids.next(otherRegion, source.birthDate, source.sex);
    const result = assess(target, tables, today);
    if (!result.eligible || !result.category) continue;
    files[j] = target;
    return;
  }
  throw new Error('no pair of demo files to plant a duplicate person in');
}

function plantDuplicates(
  keepers: Keepers,
  ids: IdNumbers,
  files: HouseholdFileInputJson[],
  tables: Tables,
  today: string,
): void {
  // 1–3: a person registered again in another file under another number.
  plantPerson(keepers, ids, files, 0, tables, today, '320102');
  plantPerson(keepers, ids, files, 40, tables, today, '320106');
  plantPerson(keepers, ids, files, 80, tables, today);
  // 4–6: two files with one phone (a relative's or a neighbour's number given for both).
  for (const [n, district] of [
    [10, '320102'],
    [50, '320104'],
    [120, undefined],
  ] as const) {
    const [i, j] = firstPair(keepers, files, n, district);
    files[j]!.phone = files[i]!.phone;
  }
  // 7: one bank account for two files (aid would be paid twice to one card).
  const [i, j] = firstPair(keepers, files, 150, '320106');
  files[j]!.bankAccount = files[i]!.bankAccount;
  files[j]!.bankName = files[i]!.bankName;
}

// ---------------------------------------------------------------- the step

/** The case worker who registers a district's files (the city's for 市直 unions). */
function registrarFor(city: DemoCity, districtCode: string | null): Actor {
  const at = districtCode ?? demoCity.code;
  const user =
    demoUsers.find((u) => u.at === at && u.roles.length === 1 && u.roles[0] === 'case_worker') ??
    demoUsers.find((u) => u.at === at && u.roles.includes('case_worker'))!;
  const stored = city.users.get(user.username)!;
  const node = [...city.nodes.values()].find((n) => n.id === stored.nodeId)!;
  return {
    userId: stored.id,
    username: user.username,
    displayName: user.displayName,
    nodeId: node.id,
    scopePath: node.path,
    roles: user.roles,
    permissions: permissionsOf(user.roles),
    mustChangePassword: false,
    sessionId: 'demo-data',
    csrfToken: 'demo-data',
  };
}

/** The grassroots unions of the demo city with their district. */
export function demoUnionPlaces(city: DemoCity): DemoUnionPlace[] {
  const districtOf = new Map(
    Object.entries(demoDistricts).map(([region, d]) => [`${demoCity.code}-${d.abbr}`, region]),
  );
  return [...city.unionKinds].map(([code, kind]) => {
    const node = city.nodes.get(code)!;
    const districtCode = code.split('-').slice(0, 3).join('-');
    return {
      code,
      nodeId: node.id,
      name: node.name,
      kind,
      regionCode: districtOf.get(districtCode) ?? null,
    };
  });
}

async function ensureDemoRates(trx: Tx, city: DemoCity, requestId: string): Promise<void> {
  // The city federation's administrator sets the city's lines.
  const user = demoUsers.find(
    (u) => u.at === demoCity.code && u.roles.includes('federation_admin'),
  )!;
  const stored = city.users.get(user.username)!;
  const ctx: RequestContext = {
    actor: {
      userId: stored.id,
      username: user.username,
      displayName: user.displayName,
      nodeId: city.city.id,
      scopePath: city.city.path,
      roles: user.roles,
      permissions: permissionsOf(user.roles),
      mustChangePassword: false,
      sessionId: 'demo-data',
      csrfToken: 'demo-data',
    },
    requestId,
    ip: '127.0.0.1',
  };
  for (const [kind, monthlyFen] of [
    ['dibao', demoDibaoFen],
    ['minimum_wage', demoMinimumWageFen],
  ] as const) {
    const existing = await findRates(trx, { kind, regionCode: demoCity.regionCode });
    if (existing.some((r) => r.regionCode === demoCity.regionCode)) continue;
    await createRate(trx, ctx, {
      kind,
      regionCode: demoCity.regionCode,
      monthlyFen,
      effectiveFrom: '2024-01-01',
      effectiveTo: null,
      note: demoRateNote,
    });
  }
}

/**
 * The households step of the demo: the demo lines of 南京市, then the files,
 * each created (and assessed, and audited) by its district's case worker.
 */
export function demoHouseholdsStep(cipher: FieldCipher, count = demoHouseholdCount): DemoStep {
  return {
    name: 'households',
    async run(trx: Tx, city: DemoCity, source: AuditSource) {
      const requestId = source.requestId ?? 'demo-data';
      await ensureDemoRates(trx, city, requestId);
      const today = todayInShanghai();
      const tables = await loadAssessmentTables(trx, '320102');
      const unions = demoUnionPlaces(city);
      const files = planDemoHouseholds(unions, tables, today, count);
      const actors = new Map<string | null, Actor>();
      for (const file of files) {
        const union = unions.find((u) => u.nodeId === file.nodeId)!;
        if (!actors.has(union.regionCode))
          actors.set(union.regionCode, registrarFor(city, districtNode(union.regionCode)));
        const ctx: RequestContext = {
          actor: actors.get(union.regionCode)!,
          requestId,
          ip: '127.0.0.1',
        };
        const created = await createHousehold(
          { db: trx, cipher },
          ctx,
          householdFileInputSchema.parse(file),
        );
        // The demo city's files stand registered, as a city's files do between two reviews.
        await registerDirectly(
          trx,
          { ...source, actor: ctx.actor },
          created.id,
          '演示数据：已建档',
        );
      }
    },
  };
}

function districtNode(regionCode: string | null): string | null {
  return regionCode ? `${demoCity.code}-${demoDistricts[regionCode]!.abbr}` : null;
}
