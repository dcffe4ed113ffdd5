import { ZodError } from 'zod';
import type { Config } from '../env';
import {
  assessmentRequestSchema,
  formatYuan,
  runAssessmentRequest,
  type AssessmentResult,
  type TraceStep,
} from '../../shared/households/assessment';
import {
  defaultPolicyVersions,
  hardshipCategoryLabels,
  incomeTypeLabels,
  rigidExpenditureTypeLabels,
} from '../../shared/households/policy';
import { previewAssessment, todayInShanghai } from '../policy/policy.service';
import { withDatabase, type Log } from './commands';

/** Bad input to `bangfu assess`: exit status 1 with the field path. */
export class AssessInputError extends Error {}

export type AssessOptions = { regionCode?: string; asOf?: string; today?: string };

/**
 * `bangfu assess`: the JSON of docs/assessment.md in, an AssessmentResult out.
 * A file that carries its own `lines` is assessed against the default policy
 * versions without opening the database (so it works beside a running server);
 * otherwise the versions and the region's lines come from the database.
 */
export async function assessJson(
  text: string,
  options: AssessOptions,
  config: Config,
  log: Log,
): Promise<AssessmentResult> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AssessInputError(`the input is not JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new AssessInputError('the input must be a JSON object { asOf?, lines?, household }');
  const body = { ...(json as Record<string, unknown>) };
  if (options.asOf) body.asOf = options.asOf;
  if (options.regionCode && typeof body.household === 'object' && body.household !== null)
    body.household = { ...(body.household as object), regionCode: options.regionCode };
  let request;
  try {
    request = assessmentRequestSchema.parse(body);
  } catch (error) {
    if (error instanceof ZodError)
      throw new AssessInputError(
        error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '),
      );
    throw error;
  }
  const today = options.today ?? todayInShanghai();
  if (request.lines)
    return runAssessmentRequest(
      request,
      { policyVersions: defaultPolicyVersions, dibaoLines: [], minimumWages: [] },
      today,
    );
  return withDatabase(config, log, (handle) => previewAssessment(handle.db, request, today));
}

const yuan = (fen: number) => `¥${formatYuan(fen)}`;

function stepLines(step: TraceStep): string[] {
  switch (step.kind) {
    case 'household':
      return [
        `家庭人口 household size: ${step.size}`,
        ...step.members.map(
          (m) =>
            `  ${m.counts ? '✓' : '✗'} ${m.name ?? m.ref} (${m.relation}, ${m.age}) ${m.reason.textZh} / ${m.reason.textEn}`,
        ),
      ];
    case 'income':
      return [
        `收入 income: ${yuan(step.totalFen)}`,
        ...step.items.map(
          (i) =>
            `  ${i.counted ? '✓' : '✗'} ${i.memberRef ?? '—'} ${incomeTypeLabels[i.type].zh} ${incomeTypeLabels[i.type].en} ${yuan(i.amountFen)}${i.reason ? ` (${i.reason.textZh})` : ''}`,
        ),
      ];
    case 'imputed_income':
      return [
        `推算收入 imputed income: ${yuan(step.totalFen)} (最低工资 minimum wage ${yuan(step.minimumWageMonthlyFen)} × ${step.months})`,
        ...step.members.map(
          (m) => `  ${m.imputed ? '✓' : '–'} ${m.ref} ${yuan(m.imputedFen)} ${m.reason.textZh}`,
        ),
      ];
    case 'rigid_expenditure':
      return [
        `刚性支出 rigid expenditure (${step.purpose}): ${yuan(step.totalFen)}`,
        ...step.items.map(
          (i) =>
            `  ${i.counted ? '✓' : '✗'} ${rigidExpenditureTypeLabels[i.type].zh} ${rigidExpenditureTypeLabels[i.type].en} ${yuan(i.amountFen)}`,
        ),
      ];
    case 'figure':
      return [
        `人均月收入 per-capita monthly (${step.figure}): ${yuan(step.perCapitaMonthlyFen)} = ${step.formula}`,
      ];
    case 'accident':
      return [
        `意外 accident: net loss ${yuan(step.netLossFen)} of annual income ${yuan(step.annualIncomeFen)} (${step.lossPercentOfIncome ?? '—'} %) ${step.passes ? '✓' : '✗'}`,
      ];
    case 'monthly_income':
      return [
        `逐月收入 monthly income ${step.fromMonth}–${step.toMonth}: longest run below the line ${step.longestRunMonths} of ${step.requiredMonths} months`,
      ];
    case 'rule':
      return [`${step.fired ? '→' : step.passes ? '✓' : '✗'} ${step.textZh} / ${step.textEn}`];
    case 'exclusions':
      return step.checks.map((c) => `  排除 exclusion ${c.labelZh}: ${c.status}`);
    case 'conditions':
      return step.checks.map((c) => `  条件 condition ${c.textZh}: ${c.status}`);
    case 'result':
      return [`结论 result: ${step.textZh} / ${step.textEn}`];
    default: {
      const unreachable: never = step;
      return [JSON.stringify(unreachable)];
    }
  }
}

/** The result as lines for a terminal: the verdict first, then every figure of the trace. */
export function formatAssessment(result: AssessmentResult): string[] {
  const category = result.category ? hardshipCategoryLabels[result.category] : null;
  return [
    `认定结果 category: ${category ? `${category.zh} (${category.en})` : '不符合 not eligible'}${result.provisional ? ' — 待核实 provisional' : ''}`,
    `政策 policy: ${result.policyVersionId} (${result.scheme}), 认定日期 as of ${result.asOf}`,
    `低保标准 dibao line: ${yuan(result.lines.dibaoMonthlyFen)} (${result.lines.lineRegionCode}, since ${result.lines.lineEffectiveFrom}); 最低工资 minimum wage: ${yuan(result.lines.minimumWageMonthlyFen)}`,
    `人均月收入 per capita: ${yuan(result.perCapitaMonthlyFen)}, 家庭人口 size ${result.householdSize}`,
    `适用规则 rule: ${result.ruleFired.textZh} / ${result.ruleFired.textEn}`,
    '',
    '计算过程 trace:',
    ...result.trace.flatMap(stepLines),
  ];
}
