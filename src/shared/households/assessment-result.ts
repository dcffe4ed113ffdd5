import {
  type AssessmentLines,
  type ExclusionId,
  type HardshipCategory,
  type IncomeType,
  type PolicyScheme,
  type RigidExpenditureType,
} from './policy';
import type {
  AccidentInput,
  AssessmentMember,
  IncomeItem,
  RigidExpenditureItem,
} from './assessment-input';

/** What the assessment answers: the category, the figures and the trace of every step. */
export type Reason = { code: string; textZh: string; textEn: string };

export type MemberTrace = {
  ref: string;
  name: string | null;
  relation: AssessmentMember['relation'];
  age: number;
  counts: boolean;
  reason: Reason;
};

export type IncomeItemTrace = IncomeItem & { counted: boolean; reason: Reason | null };
export type RigidItemTrace = RigidExpenditureItem & { counted: boolean; reason: Reason | null };

export type ImputationTrace = {
  ref: string;
  imputed: boolean;
  /** Counted wages and business income of the member over the period. */
  labourIncomeFen: number;
  /** Minimum wage × months − labour income, when imputed; else 0. */
  imputedFen: number;
  reason: Reason;
};

export type FigureId = 'test' | 'gross' | 'edge_net' | 'accident_net';

export type FigureTrace = {
  kind: 'figure';
  figure: FigureId;
  incomeFen: number;
  imputedFen: number;
  deductedFen: number;
  /** income + imputed − deducted */
  netFen: number;
  months: number;
  size: number;
  /** round(net / months / size), half away from zero; not clamped at zero. */
  perCapitaMonthlyFen: number;
  formula: string;
};

export type ExclusionCheck = {
  id: ExclusionId;
  labelZh: string;
  labelEn: string;
  answer: boolean | null;
  evidence: string | null;
  status: 'clear' | 'bars' | 'not_checked' | 'not_applied';
  bars: boolean;
};

export type ConditionCheck = {
  id: 'migrant_worker';
  status: 'met' | 'not_met' | 'not_checked';
  bars: boolean;
  textZh: string;
  textEn: string;
};

export type RuleId =
  | 'current.deep'
  | 'current.relative'
  | 'current.accident'
  | 'legacy.dibao'
  | 'legacy.dibao_edge'
  | 'legacy.accident';

export type RuleTrace = {
  kind: 'rule';
  ruleId: RuleId;
  category: HardshipCategory;
  passes: boolean;
  /** The first rule that passes decides the category. */
  fired: boolean;
  thresholdFen: number | null;
  multiplier: number | null;
  textZh: string;
  textEn: string;
};

export type TraceStep =
  | { kind: 'household'; members: MemberTrace[]; size: number }
  | {
      kind: 'income';
      items: IncomeItemTrace[];
      byType: Record<IncomeType, number>;
      byMember: { memberRef: string | null; totalFen: number }[];
      totalFen: number;
    }
  | {
      kind: 'imputed_income';
      isEnabled: boolean;
      minimumWageMonthlyFen: number;
      months: number;
      members: ImputationTrace[];
      totalFen: number;
    }
  | {
      kind: 'rigid_expenditure';
      /** deducted: from the test figure; edge_deductible: the 2014 margin test's costs. */
      purpose: 'deducted' | 'edge_deductible';
      items: RigidItemTrace[];
      byType: Record<RigidExpenditureType, number>;
      totalFen: number;
    }
  | FigureTrace
  | {
      kind: 'accident';
      cause: AccidentInput['cause'] | null;
      costsFen: number;
      compensationFen: number;
      /** max(0, costs − compensation): the hardship that remains. */
      netLossFen: number;
      annualIncomeFen: number;
      lossPercentOfIncome: number | null;
      passes: boolean;
    }
  | {
      kind: 'monthly_income';
      fromMonth: string;
      toMonth: string;
      months: {
        month: string;
        incomeFen: number;
        perCapitaFen: number;
        isBelowLine: boolean;
        isInWindow: boolean;
      }[];
      longestRunMonths: number;
      requiredMonths: number;
    }
  | RuleTrace
  | { kind: 'exclusions'; checks: ExclusionCheck[] }
  | { kind: 'conditions'; checks: ConditionCheck[] }
  | { kind: 'result'; textZh: string; textEn: string };

export type AssessmentResult = {
  policyVersionId: string;
  scheme: PolicyScheme;
  asOf: string;
  /** The category, or null when not eligible. */
  category: HardshipCategory | null;
  /** The category the income rules alone give, before exclusions and conditions. */
  incomeCategory: HardshipCategory | null;
  eligible: boolean;
  /** Some exclusion or condition is not checked yet and the policy let it pass. */
  provisional: boolean;
  /** The figure the scheme is judged on: net of rigid expenditure (current), gross (2014). */
  perCapitaMonthlyFen: number;
  householdSize: number;
  lines: AssessmentLines;
  /** The threshold and multiplier of the rule that fired (null when none did). */
  thresholdFen: number | null;
  multiplier: number | null;
  ruleFired: { id: string; textZh: string; textEn: string };
  exclusions: ExclusionCheck[];
  conditions: ConditionCheck[];
  trace: TraceStep[];
};
