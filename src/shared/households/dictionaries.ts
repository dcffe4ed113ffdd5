import { z } from 'zod';

/**
 * The enumerations of domain.md §8 as default dictionaries (数据字典, RuoYi-style):
 * a dictionary has a code and items with stable codes and Chinese labels that an
 * administrator may edit. Items of a `isLocked` dictionary are referenced by rules
 * (work statuses drive the imputed minimum wage, relations drive who counts in the
 * household), so their codes may be relabelled but never removed or added to.
 */

/** 工作状态: work status of a worker or household member. */
export const workStatuses = [
  'employed', // 在岗
  'laid_off', // 下岗
  'unemployed', // 失业
  'retired', // 退休
  'sick_leave', // 病休
  'early_retired', // 内退
  'flexible_employment', // 灵活就业
  'migrant_worker', // 农民工
] as const;
export type WorkStatus = (typeof workStatuses)[number];

/** Relation of a household member to the head worker (与户主关系). */
export const memberRelations = [
  'head', // 本人 (户主)
  'spouse', // 配偶
  'child', // 子女
  'parent', // 父母 (incl. parents-in-law)
  'grandparent', // (外)祖父母
  'grandchild', // (外)孙子女
  'sibling', // 兄弟姐妹
  'other', // 其他
] as const;
export type MemberRelation = (typeof memberRelations)[number];

/** Level of full-time study (在读学历), ordered from lowest to highest. */
export const studyLevels = [
  'preschool', // 学前
  'primary', // 小学
  'junior_secondary', // 初中
  'senior_secondary', // 高中 / 中职
  'junior_college', // 大专 / 高职
  'bachelor', // 本科
  'master', // 硕士
  'doctorate', // 博士
] as const;
export type StudyLevel = (typeof studyLevels)[number];

/** 致困原因: one main cause and up to three secondary causes per household. */
export const hardshipCauses = [
  'illness', // 因病
  'disability', // 因残
  'schooling', // 因学
  'disaster_accident', // 因灾/意外
  'unemployment', // 下岗失业
  'enterprise_closure', // 企业关停并转
  'single_parent', // 单亲
  'low_income', // 收入低
  'other', // 其他
] as const;
export type HardshipCause = (typeof hardshipCauses)[number];

export const maxSecondaryHardshipCauses = 3;

export const hardshipCausesSchema = z
  .object({
    main: z.enum(hardshipCauses),
    secondary: z
      .array(z.enum(hardshipCauses))
      .max(maxSecondaryHardshipCauses, `at most ${maxSecondaryHardshipCauses} secondary causes`)
      .default([]),
  })
  .superRefine((v, ctx) => {
    if (v.secondary.includes(v.main))
      ctx.addIssue({ code: 'custom', path: ['secondary'], message: 'repeats the main cause' });
    if (new Set(v.secondary).size !== v.secondary.length)
      ctx.addIssue({ code: 'custom', path: ['secondary'], message: 'a cause is listed twice' });
  });
export type HardshipCauses = z.infer<typeof hardshipCausesSchema>;

export const dictionaryCodes = [
  'health_status', // 健康状况
  'disability_type', // 残疾类别
  'disability_grade', // 残疾等级
  'work_status', // 工作状态
  'member_relation', // 与户主关系
  'study_level', // 在读学历
  'housing_type', // 住房类型
  'housing_area_band', // 住房面积
  'hardship_cause', // 致困原因
  'political_status', // 政治面貌
  'marital_status', // 婚姻状况
  'hukou_type', // 户口类型
  'model_worker_type', // 劳模类型
  'employer_type', // 单位性质
  'industry', // 所属行业
] as const;
export type DictionaryCode = (typeof dictionaryCodes)[number];

export const dictionaryItemSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]{1,40}$/, 'lower-case letters, digits or _, up to 40 characters'),
  labelZh: z.string().trim().min(1, 'required').max(40),
  labelEn: z.string().trim().max(60).optional(),
  sort: z.number().int().nonnegative(),
  isActive: z.boolean().default(true),
});
export type DictionaryItem = z.infer<typeof dictionaryItemSchema>;

export const dictionarySchema = z
  .object({
    code: z.enum(dictionaryCodes),
    nameZh: z.string().trim().min(1).max(40),
    nameEn: z.string().trim().max(60),
    isLocked: z.boolean(),
    items: z.array(dictionaryItemSchema).min(1),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.items.forEach((item, i) => {
      if (seen.has(item.code))
        ctx.addIssue({ code: 'custom', path: ['items', i, 'code'], message: 'duplicate code' });
      seen.add(item.code);
    });
  });
export type Dictionary = z.infer<typeof dictionarySchema>;

type ItemSpec = readonly [code: string, labelZh: string, labelEn: string];

function dictionary(
  code: DictionaryCode,
  nameZh: string,
  nameEn: string,
  items: readonly ItemSpec[],
  isLocked = false,
): Dictionary {
  return {
    code,
    nameZh,
    nameEn,
    isLocked,
    items: items.map(([itemCode, labelZh, labelEn], sort) => ({
      code: itemCode,
      labelZh,
      labelEn,
      sort,
      isActive: true,
    })),
  };
}

export const workStatusLabels = {
  employed: '在岗',
  laid_off: '下岗',
  unemployed: '失业',
  retired: '退休',
  sick_leave: '病休',
  early_retired: '内退',
  flexible_employment: '灵活就业',
  migrant_worker: '农民工',
} as const satisfies Record<WorkStatus, string>;

export const memberRelationLabels = {
  head: '本人',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  grandparent: '祖父母',
  grandchild: '孙子女',
  sibling: '兄弟姐妹',
  other: '其他',
} as const satisfies Record<MemberRelation, string>;

export const studyLevelLabels = {
  preschool: '学前',
  primary: '小学',
  junior_secondary: '初中',
  senior_secondary: '高中/中职',
  junior_college: '大专',
  bachelor: '本科',
  master: '硕士研究生',
  doctorate: '博士研究生',
} as const satisfies Record<StudyLevel, string>;

export const hardshipCauseLabels = {
  illness: '因病',
  disability: '因残',
  schooling: '因学',
  disaster_accident: '因灾/意外',
  unemployment: '下岗失业',
  enterprise_closure: '企业关停并转',
  single_parent: '单亲',
  low_income: '收入低',
  other: '其他',
} as const satisfies Record<HardshipCause, string>;

const workStatusEn = {
  employed: 'employed',
  laid_off: 'laid off',
  unemployed: 'unemployed',
  retired: 'retired',
  sick_leave: 'on sick leave',
  early_retired: 'internally retired',
  flexible_employment: 'flexibly employed',
  migrant_worker: 'migrant worker',
} as const satisfies Record<WorkStatus, string>;

const relationEn = {
  head: 'head worker',
  spouse: 'spouse',
  child: 'child',
  parent: 'parent',
  grandparent: 'grandparent',
  grandchild: 'grandchild',
  sibling: 'sibling',
  other: 'other',
} as const satisfies Record<MemberRelation, string>;

const studyLevelEn = {
  preschool: 'preschool',
  primary: 'primary school',
  junior_secondary: 'junior secondary',
  senior_secondary: 'senior secondary / vocational',
  junior_college: 'junior college',
  bachelor: 'bachelor',
  master: 'master',
  doctorate: 'doctorate',
} as const satisfies Record<StudyLevel, string>;

const hardshipCauseEn = {
  illness: 'illness',
  disability: 'disability',
  schooling: 'schooling',
  disaster_accident: 'disaster or accident',
  unemployment: 'lay-off or unemployment',
  enterprise_closure: 'enterprise closed, suspended, merged or converted',
  single_parent: 'single parent',
  low_income: 'low income',
  other: 'other',
} as const satisfies Record<HardshipCause, string>;

function fromLabels<K extends string>(
  keys: readonly K[],
  zh: Record<K, string>,
  en: Record<K, string>,
): ItemSpec[] {
  return keys.map((k) => [k, zh[k], en[k]] as const);
}

/** Default dictionaries, seeded from domain.md §8. */
export const defaultDictionaries: readonly Dictionary[] = [
  dictionary('health_status', '健康状况', 'Health', [
    ['good', '良好', 'good'],
    ['common_illness', '一般疾病', 'common illness'],
    ['malignant_tumour', '恶性肿瘤', 'malignant tumour'],
    ['cardiovascular', '心血管病', 'cardiovascular disease'],
    ['cerebrovascular', '脑血管病', 'cerebrovascular disease'],
    ['uraemia', '尿毒症', 'uraemia'],
    ['mental_illness', '精神病', 'mental illness'],
    ['liver_disease', '肝病', 'liver disease'],
    ['blood_disease', '血液病', 'blood disease'],
    ['diabetes', '糖尿病', 'diabetes'],
    ['hypertension', '高血压', 'hypertension'],
    ['lung_disease', '肺病', 'lung disease'],
    ['disability', '残疾', 'disability'],
    ['other_serious_illness', '其他重大疾病', 'other serious illness'],
  ]),
  dictionary('disability_type', '残疾类别', 'Type of disability', [
    ['visual', '视力残疾', 'visual'],
    ['hearing', '听力残疾', 'hearing'],
    ['speech', '言语残疾', 'speech'],
    ['physical', '肢体残疾', 'physical'],
    ['intellectual', '智力残疾', 'intellectual'],
    ['mental', '精神残疾', 'mental'],
    ['multiple', '多重残疾', 'multiple'],
  ]),
  dictionary('disability_grade', '残疾等级', 'Grade of disability', [
    ['grade_1', '一级', 'grade 1'],
    ['grade_2', '二级', 'grade 2'],
    ['grade_3', '三级', 'grade 3'],
    ['grade_4', '四级', 'grade 4'],
  ]),
  dictionary(
    'work_status',
    '工作状态',
    'Work status',
    fromLabels(workStatuses, workStatusLabels, workStatusEn),
    true,
  ),
  dictionary(
    'member_relation',
    '与户主关系',
    'Relation to the head',
    fromLabels(memberRelations, memberRelationLabels, relationEn),
    true,
  ),
  dictionary(
    'study_level',
    '在读学历',
    'Level of study',
    fromLabels(studyLevels, studyLevelLabels, studyLevelEn),
    true,
  ),
  dictionary('housing_type', '住房类型', 'Housing', [
    ['work_unit_public', '单位公房', 'work-unit public housing'],
    ['low_rent', '廉租房', 'low-rent public housing'],
    ['purchased', '自购房', 'own purchased home'],
    ['self_built', '自建房', 'self-built home'],
    ['rented', '租房', 'rented'],
    ['none', '无房', 'no home'],
    ['other', '其他', 'other'],
  ]),
  dictionary('housing_area_band', '住房面积', 'Floor area', [
    ['up_to_20', '20平方米及以下', '≤ 20 m²'],
    ['from_20_to_50', '20-50平方米', '20–50 m²'],
    ['from_50_to_70', '50-70平方米', '50–70 m²'],
    ['over_70', '70平方米以上', '> 70 m²'],
  ]),
  dictionary(
    'hardship_cause',
    '致困原因',
    'Cause of hardship',
    fromLabels(hardshipCauses, hardshipCauseLabels, hardshipCauseEn),
    true,
  ),
  dictionary('political_status', '政治面貌', 'Political status', [
    ['cpc_member', '中共党员', 'CPC member'],
    ['cpc_probationary', '中共预备党员', 'CPC probationary member'],
    ['cyl_member', '共青团员', 'Communist Youth League member'],
    ['democratic_party', '民主党派', 'democratic party member'],
    ['non_party', '无党派人士', 'non-party'],
    ['masses', '群众', 'ordinary citizen'],
  ]),
  dictionary('marital_status', '婚姻状况', 'Marital status', [
    ['unmarried', '未婚', 'unmarried'],
    ['married', '已婚', 'married'],
    ['divorced', '离异', 'divorced'],
    ['widowed', '丧偶', 'widowed'],
    ['other', '其他', 'other'],
  ]),
  dictionary('hukou_type', '户口类型', 'Household registration', [
    ['non_agricultural', '非农业户口', 'non-agricultural'],
    ['agricultural', '农业户口', 'agricultural'],
    ['resident', '居民户口', 'unified resident'],
  ]),
  dictionary('model_worker_type', '劳模类型', 'Model worker', [
    ['none', '非劳模', 'none'],
    ['national', '全国劳模', 'national model worker'],
    ['provincial', '省部级劳模', 'provincial or ministerial model worker'],
    ['municipal', '地市级劳模', 'city-level model worker'],
    ['other', '其他', 'other'],
  ]),
  dictionary('employer_type', '单位性质', 'Type of employer', [
    ['government', '机关', 'government agency'],
    ['public_institution', '事业单位', 'public institution'],
    ['state_owned', '国有企业', 'state-owned enterprise'],
    ['collective', '集体企业', 'collective enterprise'],
    ['private', '私营企业', 'private enterprise'],
    ['foreign_invested', '外商投资企业', 'foreign-invested enterprise'],
    ['hk_macao_taiwan', '港澳台商投资企业', 'Hong Kong, Macao or Taiwan-invested enterprise'],
    ['individual_business', '个体工商户', 'individual business'],
    ['social_organisation', '社会组织', 'social organisation'],
    ['other', '其他', 'other'],
  ]),
  // GB/T 4754 sections (国民经济行业分类门类).
  dictionary('industry', '所属行业', 'Industry', [
    ['a', '农、林、牧、渔业', 'agriculture, forestry, animal husbandry, fishery'],
    ['b', '采矿业', 'mining'],
    ['c', '制造业', 'manufacturing'],
    ['d', '电力、热力、燃气及水生产和供应业', 'electricity, heat, gas and water'],
    ['e', '建筑业', 'construction'],
    ['f', '批发和零售业', 'wholesale and retail'],
    ['g', '交通运输、仓储和邮政业', 'transport, storage and post'],
    ['h', '住宿和餐饮业', 'accommodation and catering'],
    ['i', '信息传输、软件和信息技术服务业', 'information technology'],
    ['j', '金融业', 'finance'],
    ['k', '房地产业', 'real estate'],
    ['l', '租赁和商务服务业', 'leasing and business services'],
    ['m', '科学研究和技术服务业', 'research and technical services'],
    ['n', '水利、环境和公共设施管理业', 'water, environment and public facilities'],
    ['o', '居民服务、修理和其他服务业', 'household, repair and other services'],
    ['p', '教育', 'education'],
    ['q', '卫生和社会工作', 'health and social work'],
    ['r', '文化、体育和娱乐业', 'culture, sports and entertainment'],
    ['s', '公共管理、社会保障和社会组织', 'public administration and social organisations'],
    ['t', '国际组织', 'international organisations'],
  ]),
];

/** The default dictionary with this code (every code has one). */
export function getDefaultDictionary(code: DictionaryCode): Dictionary {
  const found = defaultDictionaries.find((d) => d.code === code);
  if (!found) throw new Error(`No default dictionary ${code}`);
  return found;
}
