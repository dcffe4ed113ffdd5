import { computeCheckChar } from '../../src/shared/households/id-number';
import {
  householdFileInputSchema,
  toAssessmentInput,
  type HouseholdFileInput,
  type HouseholdFileInputJson,
} from '../../src/shared/households/household-file';
import {
  assessmentInputSchema,
  runAssessmentRequest,
  type AssessmentResult,
} from '../../src/shared/households/assessment';
import type { HardshipCause, WorkStatus } from '../../src/shared/households/dictionaries';
import type { PolicyVersion } from '../../src/shared/households/policy';
import { between, digits, pick, weighted, type Rng } from './random';
import type { County } from './tree';

/**
 * One synthetic household file (一户一档) as the form would submit it, with
 * incomes fitted so the real assessment lands on the planned category
 * (domain.md §10: ~14 % deep, 74 % relative, 12 % accident), illness the
 * leading cause, ~2.7 people per household.
 */
export type Target = 'deep' | 'relative' | 'accident';
export const targetShares: Record<Target, number> = { deep: 14, relative: 74, accident: 12 };

/** Per-capita monthly income as a multiple of the 低保 line, by category (relative: < 2×). */
const targetRange: Record<Target, [number, number]> = {
  deep: [0.45, 0.98],
  relative: [1.04, 1.95],
  accident: [2.05, 2.9],
};

const causes: Record<Exclude<HardshipCause, 'disaster_accident'>, number> = {
  illness: 50,
  disability: 11,
  schooling: 10,
  unemployment: 12,
  enterprise_closure: 6,
  single_parent: 8,
  low_income: 9,
  other: 2,
};

const sizeWeights = { '1': 12, '2': 30, '3': 38, '4': 16, '5': 4 } as const;

const surnames = [
  ...'王王王李李李张张张刘刘陈陈杨杨黄赵吴周徐徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方邹孟熊秦邱江尹薛段雷侯史陶顾毛钱严戴孔汤殷',
];
const given = {
  older: {
    male: [
      '德明',
      '福生',
      '长林',
      '有才',
      '金宝',
      '永贵',
      '树林',
      '桂生',
      '玉山',
      '根宝',
      '志明',
      '德福',
    ],
    female: [
      '桂兰',
      '淑珍',
      '秀兰',
      '凤英',
      '玉珍',
      '翠英',
      '素芬',
      '金凤',
      '月英',
      '秀珍',
      '桂芳',
    ],
  },
  adult: {
    male: [
      ...['建国', '国强', '志强', '建华', '海涛', '卫东', '永胜', '国平', '伟', '强', '磊', '军'],
      ...['勇', '斌', '涛', '明', '刚', '平', '辉', '鹏', '立新', '红兵', '晓东', '文军', '春生'],
      ...['宏伟', '国华', '建军', '小龙', '志刚', '海军', '振华'],
    ],
    female: [
      ...['秀英', '桂英', '玉兰', '丽', '芳', '敏', '静', '艳', '娟', '霞', '燕', '玲', '红梅'],
      ...['丽萍', '海燕', '晓燕', '春梅', '文静', '丽娟', '小红', '雪梅', '美华', '秀芳', '凤霞'],
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

const illnesses = [
  ['malignant_tumour', '乳腺癌术后放化疗'],
  ['malignant_tumour', '肺癌术后靶向治疗'],
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
const mobile = [
  '138',
  '139',
  '150',
  '151',
  '158',
  '186',
  '187',
  '188',
  '135',
  '136',
  '137',
  '189',
  '133',
  '153',
  '180',
  '181',
];
const banks = [
  '中国工商银行',
  '中国农业银行',
  '中国银行',
  '中国建设银行',
  '中国邮政储蓄银行',
  '交通银行',
];
const roads = [
  '人民路',
  '解放路',
  '建设路',
  '中山路',
  '和平路',
  '新华路',
  '胜利路',
  '文化路',
  '工业路',
  '朝阳路',
];

type Sex = 'male' | 'female';
type Member = HouseholdFileInputJson['members'][number];

function nameFor(rng: Rng, surname: string, sex: Sex, age: number): string {
  const pool = age >= 62 ? given.older : age >= 30 ? given.adult : given.young;
  return surname + pick(rng, pool[sex]);
}

function birthDateIn(rng: Rng, year: number): string {
  return `${year}-${String(between(rng, 1, 12)).padStart(2, '0')}-${String(between(rng, 1, 28)).padStart(2, '0')}`;
}

/**
 * GB 11643 numbers handed out: sequence numbers counted per region, birth date
 * and sex, from `first` (0–499) up: import files start at 250, so their people
 * never hold the numbers of a generated database's.
 */
export class IdNumbers {
  private next = new Map<string, number>();
  constructor(private readonly first = 0) {}
  issue(region: string, birthDate: string, sex: Sex): string {
    const date = birthDate.replaceAll('-', '');
    const key = `${region}${date}${sex}`;
    const n = this.next.get(key) ?? this.first;
    if (n >= 500)
      throw new Error(`more than ${500 - this.first} people born ${birthDate} in ${region}`);
    this.next.set(key, n + 1);
    const first17 = `${region}${date}${String(n * 2 + (sex === 'male' ? 1 : 0)).padStart(3, '0')}`;
    return first17 + computeCheckChar(first17);
  }
}

export type Person = { name: string; birthDate: string; sex: Sex; idNumber: string };

export type PlanOptions = {
  year: number;
  /** Plant a person with this name, birth date and sex (another ID number) as a sibling. */
  likelyDuplicateOf?: Person;
  /** Plant a parent born in 1912: alive on paper at 114. */
  hasLikelyDeceased?: boolean;
  /** The household owns a car: the vehicle exclusion is answered yes. */
  hasVehicle?: boolean;
  /** Use this person as the head (an exited file of someone now in an active one). */
  head?: Person;
};

export function planHousehold(
  rng: Rng,
  ids: IdNumbers,
  county: County,
  nodeId: number,
  target: Target,
  o: PlanOptions,
): {
  input: HouseholdFileInputJson;
  earners: { ref: string; type: 'wages' | 'transfers' | 'business' }[];
} {
  const region = county.regionCode;
  let size = Number(weighted(rng, sizeWeights));
  const mainCause: HardshipCause =
    target === 'accident'
      ? rng() < 0.55
        ? 'disaster_accident'
        : 'illness'
      : weighted(rng, causes);
  if ((mainCause === 'single_parent' || mainCause === 'schooling') && size < 2) size = 2;
  const surname = pick(rng, surnames);
  const headSex: Sex = o.head?.sex ?? (rng() < 0.55 ? 'male' : 'female');
  const headBirth = o.head?.birthDate ?? birthDateIn(rng, o.year - between(rng, 34, 57));
  const headAge = o.year - Number(headBirth.slice(0, 4));
  const isSingleParent = mainCause === 'single_parent' || (size === 2 && rng() < 0.3);
  const hasSpouse = size >= 2 && !isSingleParent;
  const parents = size >= 4 && rng() < 0.4 ? 1 : 0;
  const children = Math.max(0, size - 1 - (hasSpouse ? 1 : 0) - parents);
  const sickRef =
    mainCause === 'illness' ||
    mainCause === 'disability' ||
    (target === 'accident' && mainCause !== 'disaster_accident')
      ? hasSpouse && rng() < 0.4
        ? 'spouse'
        : 'head'
      : null;
  const headSick = sickRef === 'head';
  const headStatus: WorkStatus =
    mainCause === 'unemployment'
      ? pick(rng, ['laid_off', 'unemployed'] as const)
      : mainCause === 'enterprise_closure'
        ? pick(rng, ['laid_off', 'unemployed', 'early_retired'] as const)
        : headSick
          ? pick(rng, ['sick_leave', 'early_retired', 'employed'] as const)
          : pick(rng, ['employed', 'employed', 'flexible_employment', 'migrant_worker'] as const);
  const members: Member[] = [];
  const earners: { ref: string; type: 'wages' | 'transfers' | 'business' }[] = [];
  const sickFields = (sick: boolean) => {
    if (!sick)
      return {
        healthStatus: pick(rng, ['good', 'good', 'common_illness', 'hypertension'] as const),
      };
    if (mainCause === 'disability')
      return {
        healthStatus: 'disability',
        disabilityType: pick(rng, disabilities),
        disabilityGrade: pick(rng, ['grade_1', 'grade_2', 'grade_3'] as const),
      };
    const [code, diagnosis] = pick(rng, illnesses);
    return { healthStatus: code, diagnosis };
  };
  members.push({
    ref: 'head',
    relation: 'head',
    name: o.head?.name ?? nameFor(rng, surname, headSex, headAge),
    idNumber: o.head?.idNumber ?? ids.issue(region, headBirth, headSex),
    birthDate: headBirth,
    sex: headSex,
    isAbleToWork: !headSick,
    workStatus: headStatus,
    isDisabledOrSeriouslyIll: headSick,
    ...sickFields(headSick),
  });
  earners.push({
    ref: 'head',
    type: ['laid_off', 'unemployed', 'early_retired'].includes(headStatus)
      ? 'transfers'
      : headStatus === 'flexible_employment' && rng() < 0.4
        ? 'business'
        : 'wages',
  });
  if (hasSpouse) {
    const sex: Sex = headSex === 'male' ? 'female' : 'male';
    const birth = birthDateIn(rng, Number(headBirth.slice(0, 4)) + between(rng, -4, 4));
    const sick = sickRef === 'spouse';
    members.push({
      ref: 'spouse',
      relation: 'spouse',
      name: nameFor(rng, pick(rng, surnames), sex, headAge),
      idNumber: ids.issue(region, birth, sex),
      birthDate: birth,
      sex,
      isAbleToWork: !sick,
      workStatus: sick ? 'sick_leave' : pick(rng, ['employed', 'flexible_employment'] as const),
      isDisabledOrSeriouslyIll: sick,
      ...sickFields(sick),
    });
    if (!sick) earners.push({ ref: 'spouse', type: 'wages' });
  }
  const expenditures: NonNullable<HouseholdFileInputJson['rigidExpenditures']> = [];
  for (let i = 0; i < children; i++) {
    const sex: Sex = rng() < 0.5 ? 'male' : 'female';
    const age = between(rng, 3, Math.max(3, Math.min(22, headAge - 22)));
    const birth = birthDateIn(rng, o.year - age);
    const studying = age >= 6 && age <= 22;
    const level =
      age < 6
        ? null
        : age < 12
          ? 'primary'
          : age < 15
            ? 'junior_secondary'
            : age < 18
              ? 'senior_secondary'
              : 'bachelor';
    members.push({
      ref: `child${i}`,
      relation: 'child',
      name: nameFor(rng, surname, sex, age),
      idNumber: ids.issue(region, birth, sex),
      birthDate: birth,
      sex,
      isAbleToWork: false,
      isInFullTimeStudy: studying,
      studyLevel: studying ? level : null,
      ...(age >= 18 ? { isDependant: true } : {}),
    });
    if (level === 'bachelor' || (level === 'senior_secondary' && rng() < 0.5))
      expenditures.push({
        memberRef: `child${i}`,
        type: 'schooling',
        amountFen: between(rng, 30, 90) * 10_000,
      });
  }
  for (let i = 0; i < parents; i++) {
    const sex: Sex = rng() < 0.5 ? 'male' : 'female';
    const deceased = o.hasLikelyDeceased && i === 0;
    const birth = deceased
      ? '1912-06-01'
      : birthDateIn(rng, Number(headBirth.slice(0, 4)) - between(rng, 22, 32));
    members.push({
      ref: `parent${i}`,
      relation: 'parent',
      name: nameFor(rng, surname, sex, 80),
      idNumber: ids.issue(region, birth, sex),
      birthDate: birth,
      sex,
      isAbleToWork: false,
      workStatus: 'retired',
      isDependant: true,
    });
    earners.push({ ref: `parent${i}`, type: 'transfers' });
  }
  if (o.hasLikelyDeceased && parents === 0) {
    const p = {
      name: nameFor(rng, surname, 'female', 90),
      birthDate: '1912-06-01',
      sex: 'female' as const,
    };
    members.push({
      ref: 'parent0',
      relation: 'parent',
      ...p,
      idNumber: ids.issue(region, p.birthDate, p.sex),
      isAbleToWork: false,
      workStatus: 'retired',
      isDependant: true,
    });
  }
  if (o.likelyDuplicateOf) {
    const d = o.likelyDuplicateOf;
    members.push({
      ref: 'sibling',
      relation: 'sibling',
      name: d.name,
      // Same name and birth date, another number (of this county): no ID match.
      idNumber: ids.issue(region, d.birthDate, d.sex),
      birthDate: d.birthDate,
      sex: d.sex,
      isAbleToWork: false,
      isDependant: true,
      isDisabledOrSeriouslyIll: true,
      healthStatus: 'disability',
      disabilityType: 'intellectual',
      disabilityGrade: 'grade_1',
    });
  }
  const input: HouseholdFileInputJson = {
    nodeId,
    regionCode: region,
    standardLevel: 'grassroots',
    phone: `${pick(rng, mobile)}${digits(rng, 8)}`,
    address: `${county.provinceName}${county.cityName === county.provinceName ? '' : county.cityName}${county.name}${pick(rng, roads)}${between(rng, 1, 300)}号`,
    employerName: null,
    mainCause,
    secondaryCauses: mainCause === 'illness' ? [] : rng() < 0.3 ? ['illness'] : [],
    isSingleParent,
    isZeroEmployment: earners.every((e) => e.type === 'transfers') && rng() < 0.5,
    situation: null,
    bankName: pick(rng, banks),
    bankAccount: `6222${digits(rng, 15)}`,
    members,
    incomes: [],
    rigidExpenditures: expenditures,
    exclusions: {
      multiple_homes: { answer: false },
      business_owner: { answer: false },
      vehicle: o.hasVehicle
        ? { answer: true, evidence: '车管所查询：名下小型轿车一辆' }
        : { answer: false },
      private_school_abroad: { answer: false },
      refuses_verification: { answer: false },
      refuses_work: { answer: false },
    },
  };
  return { input, earners };
}

export type Tables = {
  policyVersions: readonly PolicyVersion[];
  dibaoLines: {
    regionCode: string;
    monthlyFen: number;
    effectiveFrom: string;
    effectiveTo: null;
  }[];
  minimumWages: {
    regionCode: string;
    monthlyFen: number;
    effectiveFrom: string;
    effectiveTo: null;
  }[];
};

export function assess(file: HouseholdFileInput, tables: Tables, today: string): AssessmentResult {
  return runAssessmentRequest(
    { household: assessmentInputSchema.parse(toAssessmentInput(file)) },
    tables,
    today,
  );
}

function stepOf<K extends AssessmentResult['trace'][number]['kind']>(r: AssessmentResult, kind: K) {
  return r.trace.find((s) => s.kind === kind) as Extract<
    AssessmentResult['trace'][number],
    { kind: K }
  >;
}

/**
 * Sets the incomes (and for accident files the accident) so the assessment
 * lands on the target, then assesses: two runs of the pure assessment per file.
 */
export function fitAndAssess(
  rng: Rng,
  plan: ReturnType<typeof planHousehold>,
  target: Target,
  lineFen: number,
  tables: Tables,
  today: string,
): { file: HouseholdFileInput; result: AssessmentResult } {
  const input = plan.input;
  const first = assess(householdFileInputSchema.parse(input), tables, today);
  const size = stepOf(first, 'household').size;
  const imputed = stepOf(first, 'imputed_income').totalFen;
  const rigid = stepOf(first, 'rigid_expenditure').totalFen;
  const [lo, hi] = targetRange[target];
  const perCapita = Math.round(lineFen * (lo + rng() * (hi - lo)));
  let income = perCapita * 12 * size + rigid - imputed;
  const floor = between(rng, 30, 80) * 10_000;
  if (income < floor) {
    const sick = input.members.find((m) => m.isDisabledOrSeriouslyIll) ?? input.members[0]!;
    input.rigidExpenditures = [
      ...(input.rigidExpenditures ?? []),
      { memberRef: sick.ref, type: 'medical', amountFen: floor - income, note: '医保报销后自付' },
    ];
    income = floor;
  }
  const weights = plan.earners.map((e) => (e.ref === 'head' ? 1.4 : 1) * (0.7 + rng() * 0.6));
  const total = weights.reduce((s, w) => s + w, 0);
  let left = income;
  input.incomes = plan.earners.map((e, i) => {
    const amount =
      i === plan.earners.length - 1 ? left : Math.round((income * weights[i]!) / total);
    left -= amount;
    return { memberRef: e.ref, type: e.type, amountFen: amount };
  });
  if (target === 'accident') {
    const annual = income + imputed;
    const compensation = between(rng, 0, 4) * 500_000;
    input.accident = {
      cause:
        input.mainCause === 'disaster_accident'
          ? pick(rng, ['accident', 'disaster'] as const)
          : 'serious_illness',
      costsFen: Math.round(annual * (0.9 + rng() * 0.8)) + compensation,
      compensationFen: compensation,
      occurredOn: `${Number(today.slice(0, 4)) - 1}-${String(between(rng, 1, 12)).padStart(2, '0')}-15`,
      description:
        input.mainCause === 'disaster_accident'
          ? '家中突发火灾，房屋及财物受损'
          : '家庭成员突发重病住院，自付费用巨大',
    };
  }
  const file = householdFileInputSchema.parse(input);
  return { file, result: assess(file, tables, today) };
}
