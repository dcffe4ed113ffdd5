import { z } from 'zod';
import { AppError, assertNever } from '../errors';
import { studyLevelLabels, studyLevels, workStatusLabels, type WorkStatus } from './dictionaries';
import {
  assessmentLinesSchema,
  exclusionIds,
  exclusionLabels,
  hardshipCategoryLabels,
  incomeTypes,
  isoDateSchema,
  rigidExpenditureTypes,
  selectAssessmentLines,
  type AssessmentLines,
  type CurrentPolicy,
  type DibaoLine,
  type HardshipCategory,
  type LegacyPolicy,
  type MinimumWage,
  type PolicyVersion,
  type RigidExpenditureType,
  findPolicyVersion,
} from './policy';
import {
  assessmentInputSchema,
  type AssessmentInput,
  type AssessmentMember,
} from './assessment-input';
import type {
  Reason,
  IncomeItemTrace,
  RigidItemTrace,
  ImputationTrace,
  FigureId,
  FigureTrace,
  ExclusionCheck,
  ConditionCheck,
  RuleId,
  RuleTrace,
  TraceStep,
  AssessmentResult,
} from './assessment-result';

export * from './assessment-input';
export * from './assessment-result';

/**
 * 精准识别: the assessment of a household against the published standard
 * (domain.md §2). Pure: the household, the policy version, the lines in force
 * and the date go in; the category, the figure and a trace of every number
 * come out. Rounding: everything is integer fen; a per-capita figure is
 * rounded half away from zero once, at the end, and thresholds (multiplier ×
 * line) are rounded the same way, so every comparison is between whole fen
 * that the trace shows.
 */

// ---------------------------------------------------------------- arithmetic

/** n / d rounded half away from zero (四舍五入), d > 0. */
export function divideRounded(n: number, d: number): number {
  const q = Math.floor((2 * Math.abs(n) + d) / (2 * d));
  return n < 0 && q > 0 ? -q : q;
}

/** Fen as yuan with thousands separators: 123456 → '1,234.56'. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** Full years of age on `asOf`. */
export function ageOn(birthDate: string, asOf: string): number {
  const years = Number(asOf.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return asOf.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** Whole months from `from` to `to` (2023-06-15 → 2024-06-15 is 12). */
export function monthsBetween(from: string, to: string): number {
  const months =
    (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
    Number(to.slice(5, 7)) -
    Number(from.slice(5, 7));
  return Number(to.slice(8, 10)) < Number(from.slice(8, 10)) ? months - 1 : months;
}

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

function monthOf(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function percentOf(fen: number, percent: number): number {
  return divideRounded(fen * percent, 100);
}

function reason(code: string, textZh: string, textEn: string): Reason {
  return { code, textZh, textEn };
}

function zeroRecord<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

// ---------------------------------------------------------------- steps

function countMember(
  m: AssessmentMember,
  policy: PolicyVersion,
  asOf: string,
): { counts: boolean; reason: Reason } {
  const rules = policy.membership;
  switch (m.relation) {
    case 'head':
      return { counts: true, reason: reason('head', '困难职工本人', 'the worker') };
    case 'spouse':
      return { counts: true, reason: reason('spouse', '配偶', 'spouse') };
    case 'child': {
      if (ageOn(m.birthDate, asOf) < rules.adultAge)
        return {
          counts: true,
          reason: reason('minor_child', `未满${rules.adultAge}周岁子女`, 'minor child'),
        };
      if (m.isInFullTimeStudy && m.studyLevel) {
        const within =
          studyLevels.indexOf(m.studyLevel) <=
          studyLevels.indexOf(rules.maxStudyLevelOfAdultChildren);
        return within
          ? {
              counts: true,
              reason: reason(
                'adult_child_studying',
                `全日制在读(${studyLevelLabels[rules.maxStudyLevelOfAdultChildren]}及以下)的成年子女`,
                'adult child in full-time study within the level counted',
              ),
            }
          : {
              counts: false,
              reason: reason(
                'adult_child_study_above_level',
                '在读学历超过计入范围的成年子女',
                'adult child studying above the level counted',
              ),
            };
      }
      return m.isDependant
        ? {
            counts: true,
            reason: reason(
              'adult_child_dependant',
              '不能独立生活的成年子女',
              'adult child who cannot live independently',
            ),
          }
        : {
            counts: false,
            reason: reason(
              'adult_child_independent',
              '能独立生活的成年子女',
              'adult child able to live independently',
            ),
          };
    }
    case 'parent':
    case 'grandparent':
    case 'grandchild':
    case 'sibling':
    case 'other': {
      if (!m.isDependant)
        return {
          counts: false,
          reason: reason('not_dependant', '非需赡(抚、扶)养人员', 'not supported by the worker'),
        };
      const months = m.livingWithHouseholdSince
        ? monthsBetween(m.livingWithHouseholdSince, asOf)
        : null;
      if (months === null || months < rules.dependantMinMonthsInHousehold)
        return {
          counts: false,
          reason: reason(
            'dependant_too_recent',
            `共同生活不满${rules.dependantMinMonthsInHousehold}个月`,
            `has not lived with the household for ${rules.dependantMinMonthsInHousehold} months`,
          ),
        };
      return {
        counts: true,
        reason: reason(
          'dependant',
          `需赡(抚、扶)养且共同生活满${rules.dependantMinMonthsInHousehold}个月`,
          `supported by the worker, living with the household ${months} months`,
        ),
      };
    }
    default:
      return assertNever(m.relation, 'relation');
  }
}

function isJobless(status: WorkStatus | null, policy: PolicyVersion): boolean {
  if (status === null) return policy.imputation.treatMissingWorkStatusAsJobless;
  return policy.imputation.joblessWorkStatuses.includes(status);
}

function imputeMember(
  m: AssessmentMember,
  counts: boolean,
  labourIncomeFen: number,
  periodWageFen: number,
  policy: PolicyVersion,
  asOf: string,
): ImputationTrace {
  const none = (r: Reason): ImputationTrace => ({
    ref: m.ref,
    imputed: false,
    labourIncomeFen,
    imputedFen: 0,
    reason: r,
  });
  const age = ageOn(m.birthDate, asOf);
  const range = policy.imputation.workingAge[m.sex];
  if (!counts) return none(reason('not_counted', '不计入家庭人口', 'not counted in the household'));
  if (age < range.fromAge || age >= range.toAge)
    return none(
      reason(
        'outside_working_age',
        `${age}岁，不在劳动年龄(${range.fromAge}-${range.toAge}岁)内`,
        `aged ${age}, outside working age ${range.fromAge}–${range.toAge}`,
      ),
    );
  if (!m.isAbleToWork) return none(reason('unable_to_work', '无劳动能力', 'not able to work'));
  if (m.isDisabledOrSeriouslyIll)
    return none(reason('disabled_or_ill', '残疾或患重病', 'disabled or seriously ill'));
  if (m.isInFullTimeStudy) return none(reason('studying', '全日制在读', 'in full-time study'));
  if (!isJobless(m.workStatus, policy))
    return none(
      reason(
        'not_jobless',
        `工作状态为${m.workStatus ? workStatusLabels[m.workStatus] : '未登记'}，不按未就业推算`,
        `work status ${m.workStatus ?? 'not recorded'} is not jobless`,
      ),
    );
  const imputedFen = Math.max(0, periodWageFen - labourIncomeFen);
  if (imputedFen === 0)
    return none(
      reason(
        'earns_minimum_wage',
        '劳动收入不低于最低工资标准',
        'labour income at least the minimum wage',
      ),
    );
  return {
    ref: m.ref,
    imputed: true,
    labourIncomeFen,
    imputedFen,
    reason: reason(
      'imputed',
      `劳动年龄内有劳动能力未就业，按最低工资标准计算收入(补足${formatYuan(imputedFen)}元)`,
      `jobless, working age and able to work: imputed the minimum wage (${formatYuan(imputedFen)} yuan added)`,
    ),
  };
}

function figure(
  id: FigureId,
  incomeFen: number,
  imputedFen: number,
  deductedFen: number,
  months: number,
  size: number,
): FigureTrace {
  const netFen = incomeFen + imputedFen - deductedFen;
  const perCapitaMonthlyFen = divideRounded(netFen, months * size);
  return {
    kind: 'figure',
    figure: id,
    incomeFen,
    imputedFen,
    deductedFen,
    netFen,
    months,
    size,
    perCapitaMonthlyFen,
    formula:
      `(${formatYuan(incomeFen)} + ${formatYuan(imputedFen)} − ${formatYuan(deductedFen)})` +
      ` / ${months} / ${size} = ${formatYuan(perCapitaMonthlyFen)}`,
  };
}

function rule(
  ruleId: RuleId,
  category: HardshipCategory,
  passes: boolean,
  thresholdFen: number | null,
  multiplier: number | null,
  textZh: string,
  textEn: string,
): RuleTrace {
  return {
    kind: 'rule',
    ruleId,
    category,
    passes,
    fired: false,
    thresholdFen,
    multiplier,
    textZh,
    textEn,
  };
}

const y = formatYuan;

function currentRules(
  policy: CurrentPolicy,
  test: FigureTrace,
  line: number,
  accident: { netLossFen: number; passes: boolean; annualIncomeFen: number } | null,
): RuleTrace[] {
  const pc = test.perCapitaMonthlyFen;
  const relativeFen = percentOf(line, policy.relativeLinePercent);
  const m = policy.relativeLinePercent / 100;
  const deep = pc <= line;
  const relative = pc < relativeFen;
  const rules = [
    rule(
      'current.deep',
      'deep',
      deep,
      line,
      1,
      `家庭人均月收入 ${y(pc)} 元 ${deep ? '≤' : '>'} 当地低保标准 ${y(line)} 元`,
      `per-capita monthly income ${y(pc)} yuan ${deep ? '≤' : '>'} the local dibao line ${y(line)} yuan`,
    ),
    rule(
      'current.relative',
      'relative',
      relative,
      relativeFen,
      m,
      `家庭人均月收入 ${y(pc)} 元 ${relative ? '<' : '≥'} 低保标准的${m}倍 ${y(relativeFen)} 元`,
      `per-capita monthly income ${y(pc)} yuan ${relative ? '<' : '≥'} ${m} × the dibao line = ${y(relativeFen)} yuan`,
    ),
  ];
  const pct = policy.accidentLossPercentOfIncome;
  rules.push(
    accident
      ? rule(
          'current.accident',
          'accident',
          accident.passes,
          null,
          null,
          `扣除赔偿和保险后的年度损失 ${y(accident.netLossFen)} 元 ${accident.passes ? '>' : '≤'} 家庭年收入 ${y(accident.annualIncomeFen)} 元的${pct}%`,
          `the year's losses after compensation and insurance, ${y(accident.netLossFen)} yuan, ${accident.passes ? '>' : '≤'} ${pct}% of annual household income ${y(accident.annualIncomeFen)} yuan`,
        )
      : rule(
          'current.accident',
          'accident',
          false,
          null,
          null,
          '未登记灾害、意外或重病损失',
          'no disaster, accident or serious-illness losses recorded',
        ),
  );
  return rules;
}

function legacyRules(
  policy: LegacyPolicy,
  gross: FigureTrace,
  edgeNet: FigureTrace,
  accidentNet: FigureTrace | null,
  monthly: { longestRunMonths: number; recorded: number },
  line: number,
): RuleTrace[] {
  const pc = gross.perCapitaMonthlyFen;
  const n = policy.dibaoMinConsecutiveMonths;
  const dibao = monthly.longestRunMonths >= n;
  const edgeFen = percentOf(line, policy.edgeLinePercent);
  const edgeM = policy.edgeLinePercent / 100;
  const edge = pc <= edgeFen && edgeNet.perCapitaMonthlyFen <= line;
  const accFen = percentOf(line, policy.accidentLinePercent);
  const accM = policy.accidentLinePercent / 100;
  const accident = accidentNet !== null && pc <= accFen && accidentNet.perCapitaMonthlyFen <= line;
  return [
    rule(
      'legacy.dibao',
      'dibao',
      dibao,
      line,
      1,
      monthly.recorded === 0
        ? `未登记逐月收入，无法判断是否连续${n}个月低于低保标准`
        : `人均月收入连续低于低保标准 ${y(line)} 元最长 ${monthly.longestRunMonths} 个月(需${n}个月)`,
      monthly.recorded === 0
        ? `no monthly income recorded: cannot test ${n} consecutive months below the line`
        : `per-capita income below the dibao line ${y(line)} yuan for at most ${monthly.longestRunMonths} consecutive months (${n} needed)`,
    ),
    rule(
      'legacy.dibao_edge',
      'dibao_edge',
      edge,
      edgeFen,
      edgeM,
      `人均月收入 ${y(pc)} 元 ${pc <= edgeFen ? '≤' : '>'} 低保标准的${policy.edgeLinePercent}% ${y(edgeFen)} 元；扣除医疗、教育、残疾支出后 ${y(edgeNet.perCapitaMonthlyFen)} 元 ${edgeNet.perCapitaMonthlyFen <= line ? '≤' : '>'} 低保标准 ${y(line)} 元`,
      `per-capita income ${y(pc)} yuan ${pc <= edgeFen ? '≤' : '>'} ${policy.edgeLinePercent}% of the line = ${y(edgeFen)} yuan; after illness, schooling and disability costs ${y(edgeNet.perCapitaMonthlyFen)} yuan ${edgeNet.perCapitaMonthlyFen <= line ? '≤' : '>'} the line ${y(line)} yuan`,
    ),
    accidentNet
      ? rule(
          'legacy.accident',
          'accident_legacy',
          accident,
          accFen,
          accM,
          `人均月收入 ${y(pc)} 元 ${pc <= accFen ? '≤' : '>'} 低保标准的${accM}倍 ${y(accFen)} 元；扣除意外支出后 ${y(accidentNet.perCapitaMonthlyFen)} 元 ${accidentNet.perCapitaMonthlyFen <= line ? '≤' : '>'} 低保标准 ${y(line)} 元`,
          `per-capita income ${y(pc)} yuan ${pc <= accFen ? '≤' : '>'} ${accM} × the line = ${y(accFen)} yuan; after the accident's costs ${y(accidentNet.perCapitaMonthlyFen)} yuan ${accidentNet.perCapitaMonthlyFen <= line ? '≤' : '>'} the line ${y(line)} yuan`,
        )
      : rule(
          'legacy.accident',
          'accident_legacy',
          false,
          accFen,
          accM,
          '未登记扣除赔偿后仍存在的意外支出',
          'no accident costs remaining after compensation recorded',
        ),
  ];
}

function checkExclusions(input: AssessmentInput, policy: PolicyVersion): ExclusionCheck[] {
  return exclusionIds.map((id) => {
    const given = input.exclusions[id];
    const answer = given?.answer ?? null;
    const base = {
      id,
      labelZh: exclusionLabels[id].zh,
      labelEn: exclusionLabels[id].en,
      answer,
      evidence: given?.evidence ?? null,
    };
    if (!policy.exclusions.active.includes(id))
      return { ...base, status: 'not_applied', bars: false };
    if (answer === true) return { ...base, status: 'bars', bars: true };
    if (answer === false) return { ...base, status: 'clear', bars: false };
    return { ...base, status: 'not_checked', bars: policy.exclusions.unknownAnswerBars };
  });
}

function checkConditions(
  input: AssessmentInput,
  head: AssessmentMember,
  policy: PolicyVersion,
  asOf: string,
): ConditionCheck[] {
  if (head.workStatus !== 'migrant_worker') return [];
  const rules = policy.migrantWorkers;
  const answers = input.migrantWorker;
  const minMonths = rules.minMonthsEmployedInCity;
  const membership = rules.requiresUnionMembership ? (answers?.isUnionMember ?? null) : true;
  const since = answers?.employedInCitySince ?? null;
  const months = since === null ? null : monthsBetween(since, asOf);
  const textZh = `农民工须为工会会员且在本市就业满${minMonths}个月`;
  const textEn = `a migrant worker must be a union member employed in the city for ${minMonths} months`;
  if (membership === false || (months !== null && months < minMonths))
    return [
      {
        id: 'migrant_worker',
        status: 'not_met',
        bars: true,
        textZh: `${textZh}(${membership === false ? '非工会会员' : `就业${months}个月`})`,
        textEn: `${textEn} (${membership === false ? 'not a union member' : `employed ${months} months`})`,
      },
    ];
  if (membership === null || months === null)
    return [
      {
        id: 'migrant_worker',
        status: 'not_checked',
        bars: policy.exclusions.unknownAnswerBars,
        textZh: `${textZh}(未核实)`,
        textEn: `${textEn} (not checked)`,
      },
    ];
  return [{ id: 'migrant_worker', status: 'met', bars: false, textZh, textEn }];
}

// ---------------------------------------------------------------- assessment

/**
 * Assesses a household under a policy version, with the lines in force on
 * `asOf` (YYYY-MM-DD). `household` is the parsed input
 * (`assessmentInputSchema.parse`). Categories are tried in the scheme's order
 * (current: deep, relative, accident; 2014: 低保户, 边缘户, 意外致困户) and the
 * first that passes is the household's; any exclusion that applies makes it
 * not eligible. Thresholds all come from `policy`.
 */
export function assessHousehold(
  household: AssessmentInput,
  policy: PolicyVersion,
  lines: AssessmentLines,
  asOf: string,
): AssessmentResult {
  const months = policy.incomePeriodMonths;
  const line = lines.dibaoMonthlyFen;
  const trace: TraceStep[] = [];

  // Who counts.
  const memberTraces = household.members.map((m) => ({
    ref: m.ref,
    name: m.name ?? null,
    relation: m.relation,
    age: ageOn(m.birthDate, asOf),
    ...countMember(m, policy, asOf),
  }));
  const counted = new Set(memberTraces.filter((m) => m.counts).map((m) => m.ref));
  const size = counted.size;
  trace.push({ kind: 'household', members: memberTraces, size });
  const isCounted = (ref: string | null) => ref === null || counted.has(ref);

  // Income by type and member.
  const incomeItems: IncomeItemTrace[] = household.incomes.map((item) => {
    if (!policy.countedIncomeTypes[item.type])
      return {
        ...item,
        counted: false,
        reason: reason('type_not_counted', '该类收入不计入', 'this type of income is not counted'),
      };
    if (!isCounted(item.memberRef))
      return {
        ...item,
        counted: false,
        reason: reason('member_not_counted', '该成员不计入家庭人口', 'member not counted'),
      };
    return { ...item, counted: true, reason: null };
  });
  const incomeByType = zeroRecord(incomeTypes);
  const byMember = new Map<string | null, number>();
  let incomeFen = 0;
  for (const item of incomeItems.filter((i) => i.counted)) {
    incomeByType[item.type] += item.amountFen;
    byMember.set(item.memberRef, (byMember.get(item.memberRef) ?? 0) + item.amountFen);
    incomeFen += item.amountFen;
  }
  trace.push({
    kind: 'income',
    items: incomeItems,
    byType: incomeByType,
    byMember: [...byMember].map(([memberRef, totalFen]) => ({ memberRef, totalFen })),
    totalFen: incomeFen,
  });

  // Imputed minimum wage.
  const periodWageFen = lines.minimumWageMonthlyFen * months;
  const imputations = household.members.map((m) => {
    const labour = incomeItems
      .filter((i) => i.counted && i.memberRef === m.ref)
      .filter((i) => i.type === 'wages' || i.type === 'business')
      .reduce((sum, i) => sum + i.amountFen, 0);
    return policy.imputation.isEnabled
      ? imputeMember(m, counted.has(m.ref), labour, periodWageFen, policy, asOf)
      : {
          ref: m.ref,
          imputed: false,
          labourIncomeFen: labour,
          imputedFen: 0,
          reason: reason('disabled_by_policy', '本政策不推算收入', 'the policy imputes no income'),
        };
  });
  const imputedFen = imputations.reduce((sum, i) => sum + i.imputedFen, 0);
  trace.push({
    kind: 'imputed_income',
    isEnabled: policy.imputation.isEnabled,
    minimumWageMonthlyFen: lines.minimumWageMonthlyFen,
    months,
    members: imputations,
    totalFen: imputedFen,
  });
  const annualIncomeFen = incomeFen + imputedFen;

  // Rigid expenditure: deducted (current) or the margin test's costs (2014).
  const allowed: readonly RigidExpenditureType[] =
    policy.scheme === 'current'
      ? policy.rigidExpenditureTypes
      : policy.edgeDeductibleExpenditureTypes;
  const rigidItems: RigidItemTrace[] = household.rigidExpenditures.map((item) => {
    if (!allowed.includes(item.type))
      return {
        ...item,
        counted: false,
        reason: reason('type_not_allowed', '该类支出不予扣除', 'this type is not deducted'),
      };
    if (!isCounted(item.memberRef))
      return {
        ...item,
        counted: false,
        reason: reason('member_not_counted', '该成员不计入家庭人口', 'member not counted'),
      };
    return { ...item, counted: true, reason: null };
  });
  const rigidByType = zeroRecord(rigidExpenditureTypes);
  let rigidFen = 0;
  for (const item of rigidItems.filter((i) => i.counted)) {
    rigidByType[item.type] += item.amountFen;
    rigidFen += item.amountFen;
  }
  trace.push({
    kind: 'rigid_expenditure',
    purpose: policy.scheme === 'current' ? 'deducted' : 'edge_deductible',
    items: rigidItems,
    byType: rigidByType,
    totalFen: rigidFen,
  });

  // Accident: the loss that remains after compensation and insurance.
  const accidentInput = household.accident;
  const netLossFen = accidentInput
    ? Math.max(0, accidentInput.costsFen - accidentInput.compensationFen)
    : 0;
  const lossPercent = policy.scheme === 'current' ? policy.accidentLossPercentOfIncome : null;
  const accidentPasses =
    lossPercent !== null && netLossFen > 0 && netLossFen * 100 > lossPercent * annualIncomeFen;

  let rules: RuleTrace[];
  let mainFigure: FigureTrace;
  if (policy.scheme === 'current') {
    mainFigure = figure('test', incomeFen, imputedFen, rigidFen, months, size);
    trace.push(mainFigure);
    if (accidentInput)
      trace.push({
        kind: 'accident',
        cause: accidentInput.cause,
        costsFen: accidentInput.costsFen,
        compensationFen: accidentInput.compensationFen,
        netLossFen,
        annualIncomeFen,
        lossPercentOfIncome: lossPercent,
        passes: accidentPasses,
      });
    rules = currentRules(
      policy,
      mainFigure,
      line,
      accidentInput ? { netLossFen, passes: accidentPasses, annualIncomeFen } : null,
    );
  } else {
    mainFigure = figure('gross', incomeFen, imputedFen, 0, months, size);
    const edgeNet = figure('edge_net', incomeFen, imputedFen, rigidFen, months, size);
    trace.push(mainFigure, edgeNet);
    let accidentNet: FigureTrace | null = null;
    if (accidentInput) {
      trace.push({
        kind: 'accident',
        cause: accidentInput.cause,
        costsFen: accidentInput.costsFen,
        compensationFen: accidentInput.compensationFen,
        netLossFen,
        annualIncomeFen,
        lossPercentOfIncome: null,
        passes: netLossFen > 0,
      });
      if (netLossFen > 0) {
        accidentNet = figure('accident_net', incomeFen, imputedFen, netLossFen, months, size);
        trace.push(accidentNet);
      }
    }
    // The income window: the `months` whole calendar months before asOf's month.
    const end = monthIndex(asOf.slice(0, 7)) - 1;
    const start = end - months + 1;
    const records = [...household.monthlyIncomes]
      .sort((a, b) => a.month.localeCompare(b.month))
      .map((r) => {
        const perCapitaFen = divideRounded(r.incomeFen, size);
        const index = monthIndex(r.month);
        return {
          month: r.month,
          incomeFen: r.incomeFen,
          perCapitaFen,
          isBelowLine: perCapitaFen < line,
          isInWindow: index >= start && index <= end,
        };
      });
    let longest = 0;
    let run = 0;
    let previous: number | null = null;
    for (const r of records.filter((x) => x.isInWindow)) {
      const index = monthIndex(r.month);
      run = r.isBelowLine ? (previous !== null && index === previous + 1 ? run + 1 : 1) : 0;
      previous = r.isBelowLine ? index : null;
      longest = Math.max(longest, run);
    }
    trace.push({
      kind: 'monthly_income',
      fromMonth: monthOf(start),
      toMonth: monthOf(end),
      months: records,
      longestRunMonths: longest,
      requiredMonths: policy.dibaoMinConsecutiveMonths,
    });
    rules = legacyRules(
      policy,
      mainFigure,
      edgeNet,
      accidentNet,
      { longestRunMonths: longest, recorded: records.filter((r) => r.isInWindow).length },
      line,
    );
  }
  const firing = rules.find((r) => r.passes);
  if (firing) firing.fired = true;
  trace.push(...rules);

  const head = household.members.find((m) => m.relation === 'head') ?? household.members[0]!;
  const exclusions = checkExclusions(household, policy);
  const conditions = checkConditions(household, head, policy, asOf);
  trace.push({ kind: 'exclusions', checks: exclusions });
  if (conditions.length > 0) trace.push({ kind: 'conditions', checks: conditions });

  const incomeCategory = firing?.category ?? null;
  const barringExclusion = exclusions.find((e) => e.bars);
  const barringCondition = conditions.find((c) => c.bars);
  const eligible = incomeCategory !== null && !barringExclusion && !barringCondition;
  const provisional =
    exclusions.some((e) => e.status === 'not_checked') ||
    conditions.some((c) => c.status === 'not_checked');

  let ruleFired: AssessmentResult['ruleFired'];
  if (barringExclusion)
    ruleFired =
      barringExclusion.status === 'bars'
        ? {
            id: `exclusion.${barringExclusion.id}`,
            textZh: `不予认定：${barringExclusion.labelZh}`,
            textEn: `not eligible: ${barringExclusion.labelEn}`,
          }
        : {
            id: 'exclusion.not_checked',
            textZh: `不予认定：排除条件未核实(${barringExclusion.labelZh})`,
            textEn: `not eligible: exclusion not checked (${barringExclusion.labelEn})`,
          };
  else if (barringCondition)
    ruleFired = {
      id: `condition.${barringCondition.id}`,
      textZh: `不予认定：${barringCondition.textZh}`,
      textEn: `not eligible: ${barringCondition.textEn}`,
    };
  else if (firing)
    ruleFired = {
      id: firing.ruleId,
      textZh: `${hardshipCategoryLabels[firing.category].zh}：${firing.textZh}`,
      textEn: `${hardshipCategoryLabels[firing.category].en}: ${firing.textEn}`,
    };
  else
    ruleFired = {
      id: `${policy.scheme === 'current' ? 'current' : 'legacy'}.none`,
      textZh: `不符合困难职工认定标准：${rules.map((r) => r.textZh).join('；')}`,
      textEn: `meets no category: ${rules.map((r) => r.textEn).join('; ')}`,
    };
  const category = eligible ? incomeCategory : null;
  trace.push({
    kind: 'result',
    textZh:
      (category ? `认定为${hardshipCategoryLabels[category].zh}` : '不予认定') +
      (provisional ? '(部分条件未核实，结果待定)' : ''),
    textEn:
      (category ? `identified as ${hardshipCategoryLabels[category].en}` : 'not eligible') +
      (provisional ? ' (provisional: some checks not answered)' : ''),
  });

  return {
    policyVersionId: policy.id,
    scheme: policy.scheme,
    asOf,
    category,
    incomeCategory,
    eligible,
    provisional,
    perCapitaMonthlyFen: mainFigure.perCapitaMonthlyFen,
    householdSize: size,
    lines,
    thresholdFen: eligible && firing ? firing.thresholdFen : null,
    multiplier: eligible && firing ? firing.multiplier : null,
    ruleFired,
    exclusions,
    conditions,
    trace,
  };
}

// ---------------------------------------------------------------- request

/**
 * The body of `POST /api/assessments/preview` and the input of
 * `bangfu assess`: the household, the date, and optionally the policy version
 * and the lines (else the version in force and the lines of the household's
 * region on that date).
 */
export const assessmentRequestSchema = z.object({
  asOf: isoDateSchema.optional(),
  policyId: z.string().optional(),
  lines: assessmentLinesSchema.optional(),
  household: assessmentInputSchema,
});
export type AssessmentRequest = z.output<typeof assessmentRequestSchema>;

/**
 * Resolves a parsed request against the policy tables and assesses it.
 * Throws NOT_FOUND for an unknown policy id, VALIDATION when neither lines nor
 * a region code are given, INVALID_STATE when the region has no line that day.
 */
export function runAssessmentRequest(
  request: AssessmentRequest,
  tables: {
    policyVersions: readonly PolicyVersion[];
    dibaoLines: readonly DibaoLine[];
    minimumWages: readonly MinimumWage[];
  },
  today: string,
): AssessmentResult {
  const asOf = request.asOf ?? today;
  const policy = request.policyId
    ? tables.policyVersions.find((p) => p.id === request.policyId)
    : (findPolicyVersion(tables.policyVersions, asOf, 'current') ??
      findPolicyVersion(tables.policyVersions, asOf, 'legacy-2014'));
  if (!policy)
    throw new AppError(
      'NOT_FOUND',
      request.policyId
        ? `no policy version ${request.policyId}`
        : `no policy version in force on ${asOf}`,
    );
  let lines = request.lines;
  if (!lines) {
    const regionCode = request.household.regionCode;
    if (!regionCode)
      throw new AppError('VALIDATION', 'give lines or household.regionCode', {
        issues: [{ path: 'household.regionCode', message: 'required when lines are not given' }],
      });
    lines = selectAssessmentLines(tables, regionCode, asOf);
  }
  return assessHousehold(request.household, policy, lines, asOf);
}
