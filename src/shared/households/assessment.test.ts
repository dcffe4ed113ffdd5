import { describe, expect, it } from 'vitest';
import {
  ageOn,
  assessHousehold,
  assessmentInputSchema,
  assessmentRequestSchema,
  divideRounded,
  formatYuan,
  monthsBetween,
  runAssessmentRequest,
  type AssessmentInputJson,
  type AssessmentResult,
  type TraceStep,
} from './assessment';
import { computeCheckChar } from './id-number';
import {
  defaultPolicyVersions,
  exclusionIds,
  getDefaultPolicyVersion,
  policyVersionSchema,
  type AssessmentLines,
  type CurrentPolicy,
  type LegacyPolicy,
} from './policy';

const asOf = '2024-06-15';
/** 低保 line 1,000.00 yuan a month; minimum wage 2,000.00 yuan a month. */
const lines: AssessmentLines = {
  dibaoMonthlyFen: 100_000,
  minimumWageMonthlyFen: 200_000,
  lineRegionCode: '320102',
  lineEffectiveFrom: '2024-01-01',
};
const current = getDefaultPolicyVersion('national-2019') as CurrentPolicy;
const legacy = getDefaultPolicyVersion('national-2014') as LegacyPolicy;

type MemberJson = AssessmentInputJson['members'][number];

function member(overrides: Partial<MemberJson> = {}): MemberJson {
  return {
    ref: 'head',
    relation: 'head',
    birthDate: '1980-01-01',
    sex: 'male',
    isAbleToWork: true,
    workStatus: 'employed',
    ...overrides,
  };
}

const allClear = Object.fromEntries(exclusionIds.map((id) => [id, { answer: false }]));

/** A one-person household (an employed head) with every exclusion checked and clear. */
function buildHousehold(overrides: Partial<AssessmentInputJson> = {}): AssessmentInputJson {
  return { members: [member()], incomes: [], exclusions: allClear, ...overrides };
}

/** Annual wages of the head that give a one-person household this monthly figure. */
function wagesFor(perCapitaMonthlyFen: number): AssessmentInputJson['incomes'] {
  return [{ memberRef: 'head', type: 'wages', amountFen: perCapitaMonthlyFen * 12 }];
}

function assess(
  household: AssessmentInputJson,
  policy: CurrentPolicy | LegacyPolicy = current,
  l: AssessmentLines = lines,
): AssessmentResult {
  return assessHousehold(assessmentInputSchema.parse(household), policy, l, asOf);
}

function step<K extends TraceStep['kind']>(
  result: AssessmentResult,
  kind: K,
): Extract<TraceStep, { kind: K }> {
  const found = result.trace.find((s) => s.kind === kind);
  if (!found) throw new Error(`no ${kind} step`);
  return found as Extract<TraceStep, { kind: K }>;
}

function figureStep(result: AssessmentResult, figure: string) {
  const found = result.trace.find((s) => s.kind === 'figure' && s.figure === figure);
  if (!found || found.kind !== 'figure') throw new Error(`no ${figure} figure`);
  return found;
}

describe('arithmetic', () => {
  it.each([
    [6, 12, 1],
    [5, 12, 0],
    [18, 12, 2],
    [30, 12, 3],
    [29, 12, 2],
    [-6, 12, -1],
    [-5, 12, 0],
    [0, 12, 0],
    [5_788_000, 36, 160_778],
  ])('divideRounded(%i, %i) = %i (half away from zero)', (n, d, q) => {
    expect(divideRounded(n, d)).toBe(q);
  });

  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [123_456, '1,234.56'],
    [100_000_000, '1,000,000.00'],
    [-150, '-1.50'],
  ])('formatYuan(%i) = %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });

  it.each([
    ['1980-06-15', '2024-06-15', 44],
    ['1980-06-16', '2024-06-15', 43],
    ['2000-02-29', '2024-02-28', 23],
    ['2000-02-29', '2024-02-29', 24],
  ])('ageOn(%s, %s) = %i', (birth, on, age) => {
    expect(ageOn(birth, on)).toBe(age);
  });

  it.each([
    ['2023-06-15', '2024-06-15', 12],
    ['2023-06-16', '2024-06-15', 11],
    ['2024-06-15', '2024-06-15', 0],
    ['2024-01-31', '2024-02-29', 0],
  ])('monthsBetween(%s, %s) = %i', (from, to, months) => {
    expect(monthsBetween(from, to)).toBe(months);
  });
});

describe('assessHousehold — current scheme (深度困难 / 相对困难 / 意外致困)', () => {
  it.each([
    ['well below the line', 50_000, 'deep', 'current.deep'],
    ['one fen below the line', 99_999, 'deep', 'current.deep'],
    ['exactly at the line (≤)', 100_000, 'deep', 'current.deep'],
    ['one fen above the line', 100_001, 'relative', 'current.relative'],
    ['one fen below 2 × the line', 199_999, 'relative', 'current.relative'],
    ['exactly 2 × the line (<)', 200_000, null, 'current.none'],
    ['well above', 500_000, null, 'current.none'],
    ['no income at all', 0, 'deep', 'current.deep'],
  ] as const)('%s (%i fen) → %s', (_what, perCapita, category, ruleId) => {
    const result = assess(buildHousehold({ incomes: wagesFor(perCapita) }));
    expect(result.perCapitaMonthlyFen).toBe(perCapita);
    expect(result.category).toBe(category);
    expect(result.eligible).toBe(category !== null);
    expect(result.ruleFired.id).toBe(ruleId);
  });

  it.each([
    [150, 149_999, 'relative'],
    [150, 150_000, null],
    [200, 199_999, 'relative'],
    [200, 200_000, null],
    [300, 299_999, 'relative'],
    [300, 300_000, null],
    [250, 249_999, 'relative'],
  ] as const)('relative multiplier %i percent, %i fen → %s', (percent, perCapita, category) => {
    const policy = { ...current, relativeLinePercent: percent };
    const result = assess(buildHousehold({ incomes: wagesFor(perCapita) }), policy);
    expect(result.category).toBe(category);
    const rules = result.trace.filter((s) => s.kind === 'rule');
    expect(rules.map((r) => r.ruleId)).toEqual([
      'current.deep',
      'current.relative',
      'current.accident',
    ]);
    expect(rules[1]).toMatchObject({ thresholdFen: percent * 1_000, multiplier: percent / 100 });
  });

  it.each([149, 301])('refuses a relative multiplier of %i percent', (percent) => {
    expect(
      policyVersionSchema.safeParse({ ...current, relativeLinePercent: percent }).success,
    ).toBe(false);
  });

  it('reports threshold and multiplier of the rule that fired', () => {
    const deep = assess(buildHousehold({ incomes: wagesFor(80_000) }));
    expect(deep).toMatchObject({ thresholdFen: 100_000, multiplier: 1 });
    const relative = assess(buildHousehold({ incomes: wagesFor(150_000) }));
    expect(relative).toMatchObject({ thresholdFen: 200_000, multiplier: 2 });
    expect(relative.ruleFired.textZh).toBe(
      '相对困难：家庭人均月收入 1,500.00 元 < 低保标准的2倍 2,000.00 元',
    );
    expect(relative.ruleFired.textEn).toContain('1,500.00 yuan < 2 × the dibao line = 2,000.00');
    const none = assess(buildHousehold({ incomes: wagesFor(300_000) }));
    expect(none).toMatchObject({ thresholdFen: null, multiplier: null, category: null });
  });

  it('rounds the threshold to whole fen and compares in fen', () => {
    // 150% of 1,000.01 yuan is 1,500.015 yuan: the threshold is 150,002 fen.
    const odd = { ...lines, dibaoMonthlyFen: 100_001 };
    const policy = { ...current, relativeLinePercent: 150 };
    const below = assess(buildHousehold({ incomes: wagesFor(150_001) }), policy, odd);
    expect(below).toMatchObject({ category: 'relative', thresholdFen: 150_002 });
    expect(assess(buildHousehold({ incomes: wagesFor(150_002) }), policy, odd).category).toBe(null);
  });

  it('rounds the figure half away from zero, once, at the end', () => {
    // (12 × 1,000 yuan + 0.06 yuan) / 12 = 1,000.005 yuan → 1,000.01: above the line.
    const result = assess(
      buildHousehold({
        incomes: [
          { memberRef: 'head', type: 'wages', amountFen: 1_200_000 },
          { memberRef: 'head', type: 'other', amountFen: 6 },
        ],
      }),
    );
    expect(result.perCapitaMonthlyFen).toBe(100_001);
    expect(result.category).toBe('relative');
    const down = assess(
      buildHousehold({
        incomes: [
          { memberRef: 'head', type: 'wages', amountFen: 1_200_000 },
          { memberRef: 'head', type: 'other', amountFen: 5 },
        ],
      }),
    );
    expect(down.perCapitaMonthlyFen).toBe(100_000);
    expect(down.category).toBe('deep');
  });

  describe('意外致困 (accident)', () => {
    // 5,000 yuan a month per person: far above 2 × the line, so only the accident test can fire.
    const rich = wagesFor(500_000); // 6,000,000 fen a year

    it.each([
      ['losses above 80% of income', 4_800_001, 0, 'accident'],
      ['losses exactly 80% of income (>)', 4_800_000, 0, null],
      ['losses below 80% of income', 3_000_000, 0, null],
      ['compensation brings the loss to 80%', 6_000_000, 1_200_000, null],
      ['loss above 80% after compensation', 6_000_000, 1_100_000, 'accident'],
      ['fully compensated', 6_000_000, 7_000_000, null],
    ] as const)(
      '%s (costs %i, compensation %i) → %s',
      (_what, costsFen, compensationFen, category) => {
        const result = assess(
          buildHousehold({
            incomes: rich,
            accident: { cause: 'accident', costsFen, compensationFen },
          }),
        );
        expect(result.category).toBe(category);
        const accident = step(result, 'accident');
        expect(accident).toMatchObject({
          annualIncomeFen: 6_000_000,
          netLossFen: Math.max(0, costsFen - compensationFen),
          lossPercentOfIncome: 80,
          passes: category === 'accident',
        });
      },
    );

    it('takes the percentage from the policy', () => {
      const policy = { ...current, accidentLossPercentOfIncome: 50 };
      const household = buildHousehold({
        incomes: rich,
        accident: { cause: 'disaster', costsFen: 3_000_001 },
      });
      expect(assess(household, policy).category).toBe('accident');
      expect(assess(household).category).toBe(null);
    });

    it('counts the imputed wage in annual income', () => {
      const result = assess(
        buildHousehold({
          members: [member({ workStatus: 'unemployed' })],
          accident: { cause: 'serious_illness', costsFen: 2_000_000 },
        }),
      );
      // 12 × 2,000 yuan imputed; 20,000 yuan of losses is 83% of it.
      expect(step(result, 'accident')).toMatchObject({ annualIncomeFen: 2_400_000, passes: true });
      // …and the figure (2,000 yuan) is not below 2 × the line, so the accident rule decides.
      expect(result.category).toBe('accident');
    });

    it('lets deep hardship take precedence over an accident', () => {
      const result = assess(
        buildHousehold({
          incomes: wagesFor(50_000),
          accident: { cause: 'accident', costsFen: 10_000_000 },
        }),
      );
      expect(result.category).toBe('deep');
      expect(result.trace.filter((s) => s.kind === 'rule' && s.passes)).toHaveLength(3);
    });
  });
});

describe('assessHousehold — 2014 scheme (低保户 / 低保边缘户 / 意外致困户)', () => {
  /** Monthly household income records for the 12 months before June 2024. */
  function months(values: Record<string, number>) {
    return Object.entries(values).map(([month, incomeFen]) => ({ month, incomeFen }));
  }
  const below = 90_000;
  const above = 120_000;

  it.each([
    [
      '6 consecutive months below the line',
      {
        '2023-12': below,
        '2024-01': below,
        '2024-02': below,
        '2024-03': below,
        '2024-04': below,
        '2024-05': below,
      },
      'dibao',
    ],
    [
      'only 5 consecutive months',
      {
        '2023-12': above,
        '2024-01': below,
        '2024-02': below,
        '2024-03': below,
        '2024-04': below,
        '2024-05': below,
      },
      null,
    ],
    [
      'a missing month breaks the run',
      {
        '2023-11': below,
        '2023-12': below,
        '2024-01': below,
        '2024-03': below,
        '2024-04': below,
        '2024-05': below,
      },
      null,
    ],
    [
      'a month exactly at the line is not below it',
      {
        '2023-12': below,
        '2024-01': below,
        '2024-02': 100_000,
        '2024-03': below,
        '2024-04': below,
        '2024-05': below,
      },
      null,
    ],
    [
      'a run earlier in the window counts',
      {
        '2023-06': below,
        '2023-07': below,
        '2023-08': below,
        '2023-09': below,
        '2023-10': below,
        '2023-11': below,
        '2023-12': above,
      },
      'dibao',
    ],
    [
      'months outside the window are ignored',
      {
        '2023-02': below,
        '2023-03': below,
        '2023-04': below,
        '2023-05': below,
        '2023-06': below,
        '2023-07': below,
        '2024-06': below,
      },
      null,
    ],
  ] as const)('低保户: %s', (_what, records, category) => {
    // Annual income well above 3 × the line, so only the monthly test can fire.
    const result = assess(
      buildHousehold({ incomes: wagesFor(400_000), monthlyIncomes: months(records) }),
      legacy,
    );
    expect(result.category).toBe(category);
    expect(step(result, 'monthly_income')).toMatchObject({
      fromMonth: '2023-06',
      toMonth: '2024-05',
      requiredMonths: 6,
    });
  });

  it('divides monthly income by the household size', () => {
    const household = buildHousehold({
      members: [member(), member({ ref: 'wife', relation: 'spouse', sex: 'female' })],
      incomes: [{ memberRef: 'head', type: 'wages', amountFen: 20_000_000 }],
      monthlyIncomes: months(
        Object.fromEntries(
          ['2023-12', '2024-01', '2024-02', '2024-03', '2024-04', '2024-05'].map((m) => [
            m,
            199_998,
          ]),
        ),
      ),
    });
    const result = assess(household, legacy);
    expect(step(result, 'monthly_income').months[0]).toMatchObject({
      perCapitaFen: 99_999,
      isBelowLine: true,
    });
    expect(result.category).toBe('dibao');
  });

  it('takes the number of months from the policy', () => {
    const household = buildHousehold({
      incomes: wagesFor(400_000),
      monthlyIncomes: months({
        '2024-02': below,
        '2024-03': below,
        '2024-04': below,
        '2024-05': below,
      }),
    });
    expect(assess(household, legacy).category).toBe(null);
    expect(assess(household, { ...legacy, dibaoMinConsecutiveMonths: 4 }).category).toBe('dibao');
  });

  it.each([
    ['gross at 150% and net at the line', 150_000, 50_000 * 12, 'medical', 'dibao_edge'],
    ['gross one fen above 150%', 150_001, 60_000 * 12, 'medical', null],
    ['net one fen above the line', 150_000, 49_999 * 12, 'schooling', null],
    ['disability care is deducted', 120_000, 20_000 * 12, 'disability_care', 'dibao_edge'],
    ['housing is not deducted in this test', 120_000, 20_000 * 12, 'housing', null],
    ['gross below the line with no costs', 90_000, 0, 'medical', 'dibao_edge'],
  ] as const)(
    '低保边缘户: %s (%i fen, %i of %s) → %s',
    (_what, perCapita, costFen, type, category) => {
      const result = assess(
        buildHousehold({
          incomes: wagesFor(perCapita),
          rigidExpenditures: [{ memberRef: 'head', type, amountFen: costFen }],
        }),
        legacy,
      );
      expect(result.category).toBe(category);
      expect(result.perCapitaMonthlyFen).toBe(perCapita);
      expect(step(result, 'rigid_expenditure').purpose).toBe('edge_deductible');
    },
  );

  it.each([
    ['gross at 3 × and net of the loss at the line', 300_000, 200_000 * 12, 0, 'accident_legacy'],
    ['gross one fen above 3 ×', 300_001, 300_001 * 12, 0, null],
    ['net of the loss one fen above the line', 250_000, 149_999 * 12, 0, null],
    ['compensation reduces the loss', 250_000, 200_000 * 12, 50_000 * 12, 'accident_legacy'],
    ['compensation reduces it too much', 250_000, 200_000 * 12, 50_001 * 12, null],
  ] as const)(
    '意外致困户: %s (%i fen, loss %i, paid %i) → %s',
    (_what, perCapita, costsFen, compensationFen, category) => {
      const result = assess(
        buildHousehold({
          incomes: wagesFor(perCapita),
          accident: { cause: 'disaster', costsFen, compensationFen },
        }),
        legacy,
      );
      expect(result.category).toBe(category);
    },
  );

  it('tries 低保户 before 低保边缘户', () => {
    const result = assess(
      buildHousehold({
        incomes: wagesFor(90_000),
        monthlyIncomes: months(
          Object.fromEntries(
            ['2023-12', '2024-01', '2024-02', '2024-03', '2024-04', '2024-05'].map((m) => [
              m,
              below,
            ]),
          ),
        ),
      }),
      legacy,
    );
    expect(result).toMatchObject({ category: 'dibao', ruleFired: { id: 'legacy.dibao' } });
  });

  it('says why nothing fired', () => {
    const result = assess(buildHousehold({ incomes: wagesFor(400_000) }), legacy);
    expect(result.ruleFired.id).toBe('legacy.none');
    expect(result.ruleFired.textEn).toContain('no monthly income recorded');
  });
});

describe('imputed minimum wage', () => {
  function imputation(overrides: Partial<MemberJson>, policy = current) {
    const result = assess(
      buildHousehold({
        members: [member(), member({ ref: 'm', relation: 'spouse', ...overrides })],
      }),
      policy,
    );
    const trace = step(result, 'imputed_income').members.find((x) => x.ref === 'm')!;
    return { result, trace };
  }

  it.each([
    [
      'an unemployed man of 30',
      { birthDate: '1994-01-01', workStatus: 'unemployed' },
      true,
      'imputed',
    ],
    [
      'a laid-off woman of 50',
      { birthDate: '1974-01-01', sex: 'female', workStatus: 'laid_off' },
      true,
      'imputed',
    ],
    ['no work status recorded', { birthDate: '1994-01-01', workStatus: null }, true, 'imputed'],
    [
      'a man on the day before his 60th birthday',
      { birthDate: '1964-06-16', workStatus: 'unemployed' },
      true,
      'imputed',
    ],
    [
      'a man on his 60th birthday',
      { birthDate: '1964-06-15', workStatus: 'unemployed' },
      false,
      'outside_working_age',
    ],
    [
      'a woman of 54',
      { birthDate: '1969-06-16', sex: 'female', workStatus: 'unemployed' },
      true,
      'imputed',
    ],
    [
      'a woman of 55',
      { birthDate: '1969-06-15', sex: 'female', workStatus: 'unemployed' },
      false,
      'outside_working_age',
    ],
    [
      'a child of 16 out of school and out of work',
      { relation: 'child', birthDate: '2008-06-15', workStatus: 'unemployed' },
      true,
      'imputed',
    ],
    [
      'a child of 15',
      { relation: 'child', birthDate: '2008-06-16', workStatus: 'unemployed' },
      false,
      'outside_working_age',
    ],
    [
      'a jobless adult child who does not count in the household',
      { relation: 'child', birthDate: '1998-01-01', workStatus: 'unemployed' },
      false,
      'not_counted',
    ],
    ['a retired member', { birthDate: '1970-01-01', workStatus: 'retired' }, false, 'not_jobless'],
    [
      'an internally retired member',
      { birthDate: '1970-01-01', workStatus: 'early_retired' },
      false,
      'not_jobless',
    ],
    [
      'a member on sick leave',
      { birthDate: '1970-01-01', workStatus: 'sick_leave' },
      false,
      'not_jobless',
    ],
    [
      'a flexibly employed member',
      { birthDate: '1990-01-01', workStatus: 'flexible_employment' },
      false,
      'not_jobless',
    ],
    [
      'a member unable to work',
      { birthDate: '1990-01-01', workStatus: 'unemployed', isAbleToWork: false },
      false,
      'unable_to_work',
    ],
    [
      'a disabled member',
      { birthDate: '1990-01-01', workStatus: 'unemployed', isDisabledOrSeriouslyIll: true },
      false,
      'disabled_or_ill',
    ],
    [
      'a full-time student',
      {
        birthDate: '2002-01-01',
        workStatus: null,
        isInFullTimeStudy: true,
        studyLevel: 'bachelor',
      },
      false,
      'studying',
    ],
  ] as const)('%s', (_what, overrides, imputed, code) => {
    const { trace } = imputation(overrides);
    expect(trace).toMatchObject({ imputed, reason: { code } });
    expect(trace.imputedFen).toBe(imputed ? 2_400_000 : 0);
  });

  it('tops labour income up to the minimum wage rather than adding to it', () => {
    const result = assess(
      buildHousehold({
        members: [member({ workStatus: 'unemployed' })],
        incomes: [
          { memberRef: 'head', type: 'wages', amountFen: 400_000 },
          { memberRef: 'head', type: 'transfers', amountFen: 300_000 },
        ],
      }),
    );
    expect(step(result, 'imputed_income').members[0]).toMatchObject({
      imputed: true,
      labourIncomeFen: 400_000,
      imputedFen: 2_000_000,
    });
    // (4,000 + 3,000 + 20,000) / 12 = 2,250.00
    expect(result.perCapitaMonthlyFen).toBe(225_000);
  });

  it('imputes nothing when labour income reaches the minimum wage', () => {
    const result = assess(
      buildHousehold({
        members: [member({ workStatus: 'unemployed' })],
        incomes: [{ memberRef: 'head', type: 'business', amountFen: 2_400_000 }],
      }),
    );
    expect(step(result, 'imputed_income').members[0]).toMatchObject({
      imputed: false,
      reason: { code: 'earns_minimum_wage' },
    });
  });

  it('follows the policy: working ages, missing status, jobless list, switch', () => {
    const older = {
      ...current,
      imputation: {
        ...current.imputation,
        workingAge: { ...current.imputation.workingAge, male: { fromAge: 16, toAge: 63 } },
      },
    };
    expect(
      imputation({ birthDate: '1963-01-01', workStatus: 'unemployed' }, older).trace.imputed,
    ).toBe(true);
    const lenient = {
      ...current,
      imputation: { ...current.imputation, treatMissingWorkStatusAsJobless: false },
    };
    expect(imputation({ birthDate: '1990-01-01', workStatus: null }, lenient).trace.imputed).toBe(
      false,
    );
    const flexible = {
      ...current,
      imputation: {
        ...current.imputation,
        joblessWorkStatuses: ['laid_off', 'unemployed', 'flexible_employment'] as const,
      },
    } as CurrentPolicy;
    expect(
      imputation({ birthDate: '1990-01-01', workStatus: 'flexible_employment' }, flexible).trace
        .imputed,
    ).toBe(true);
    const off = { ...current, imputation: { ...current.imputation, isEnabled: false } };
    const { trace, result } = imputation(
      { birthDate: '1990-01-01', workStatus: 'unemployed' },
      off,
    );
    expect(trace).toMatchObject({ imputed: false, reason: { code: 'disabled_by_policy' } });
    expect(step(result, 'imputed_income').totalFen).toBe(0);
  });

  it('uses the minimum wage of the lines given', () => {
    const result = assess(
      buildHousehold({ members: [member({ workStatus: 'laid_off' })] }),
      current,
      { ...lines, minimumWageMonthlyFen: 190_000 },
    );
    expect(step(result, 'imputed_income').totalFen).toBe(2_280_000);
    expect(result.perCapitaMonthlyFen).toBe(190_000);
  });
});

describe('rigid expenditure', () => {
  it('reduces the figure', () => {
    const result = assess(
      buildHousehold({
        incomes: wagesFor(150_000),
        rigidExpenditures: [
          { memberRef: 'head', type: 'medical', amountFen: 360_000 },
          { type: 'housing', amountFen: 240_000 },
        ],
      }),
    );
    // (18,000 − 3,600 − 2,400) / 12 = 1,000.00: at the line.
    expect(result.perCapitaMonthlyFen).toBe(100_000);
    expect(result.category).toBe('deep');
    expect(step(result, 'rigid_expenditure').byType).toMatchObject({
      medical: 360_000,
      housing: 240_000,
    });
  });

  it('deducts only the types the policy allows', () => {
    const policy = {
      ...current,
      rigidExpenditureTypes: ['medical', 'disability_care', 'schooling'] as const,
    } as CurrentPolicy;
    const result = assess(
      buildHousehold({
        incomes: wagesFor(150_000),
        rigidExpenditures: [{ type: 'housing', amountFen: 240_000 }],
      }),
      policy,
    );
    expect(step(result, 'rigid_expenditure').items[0]).toMatchObject({
      counted: false,
      reason: { code: 'type_not_allowed' },
    });
    expect(result.perCapitaMonthlyFen).toBe(150_000);
  });

  it('leaves a negative figure unclamped (expenditure above income)', () => {
    const result = assess(
      buildHousehold({
        incomes: wagesFor(10_000),
        rigidExpenditures: [{ memberRef: 'head', type: 'medical', amountFen: 240_000 }],
      }),
    );
    expect(result.perCapitaMonthlyFen).toBe(-10_000);
    expect(figureStep(result, 'test').formula).toBe(
      '(1,200.00 + 0.00 − 2,400.00) / 12 / 1 = -100.00',
    );
    expect(result.category).toBe('deep');
  });
});

describe('household size (who counts)', () => {
  const cases: [string, Partial<MemberJson>, boolean, string][] = [
    ['the spouse', { relation: 'spouse' }, true, 'spouse'],
    ['a child of 17', { relation: 'child', birthDate: '2006-06-16' }, true, 'minor_child'],
    [
      'a child of 18 living independently',
      { relation: 'child', birthDate: '2006-06-15' },
      false,
      'adult_child_independent',
    ],
    [
      'an adult child who cannot live independently',
      { relation: 'child', birthDate: '1995-01-01', isDependant: true },
      true,
      'adult_child_dependant',
    ],
    [
      'an adult child at university',
      {
        relation: 'child',
        birthDate: '2003-01-01',
        isInFullTimeStudy: true,
        studyLevel: 'bachelor',
      },
      true,
      'adult_child_studying',
    ],
    [
      'an adult child at junior college',
      {
        relation: 'child',
        birthDate: '2004-01-01',
        isInFullTimeStudy: true,
        studyLevel: 'junior_college',
      },
      true,
      'adult_child_studying',
    ],
    [
      'an adult child in a master programme',
      { relation: 'child', birthDate: '2000-01-01', isInFullTimeStudy: true, studyLevel: 'master' },
      false,
      'adult_child_study_above_level',
    ],
    [
      'a supported parent living there 12 months',
      {
        relation: 'parent',
        birthDate: '1950-01-01',
        isDependant: true,
        livingWithHouseholdSince: '2023-06-15',
      },
      true,
      'dependant',
    ],
    [
      'a supported parent living there 11 months',
      {
        relation: 'parent',
        birthDate: '1950-01-01',
        isDependant: true,
        livingWithHouseholdSince: '2023-06-16',
      },
      false,
      'dependant_too_recent',
    ],
    [
      'a supported parent with no date',
      { relation: 'parent', birthDate: '1950-01-01', isDependant: true },
      false,
      'dependant_too_recent',
    ],
    [
      'a parent with a pension of their own',
      { relation: 'parent', birthDate: '1950-01-01', livingWithHouseholdSince: '2010-01-01' },
      false,
      'not_dependant',
    ],
    [
      'a supported grandchild',
      {
        relation: 'grandchild',
        birthDate: '2015-01-01',
        isDependant: true,
        livingWithHouseholdSince: '2016-01-01',
      },
      true,
      'dependant',
    ],
    [
      'a sibling not supported',
      { relation: 'sibling', birthDate: '1985-01-01', livingWithHouseholdSince: '2016-01-01' },
      false,
      'not_dependant',
    ],
  ];

  it.each(cases)('%s counts: %s', (_what, overrides, counts, code) => {
    const result = assess(
      buildHousehold({
        members: [
          member(),
          member({ ref: 'x', isAbleToWork: false, workStatus: null, ...overrides }),
        ],
      }),
    );
    const household = step(result, 'household');
    expect(household.members[1]).toMatchObject({ counts, reason: { code } });
    expect(household.size).toBe(counts ? 2 : 1);
    expect(result.householdSize).toBe(household.size);
  });

  it('takes the study level and residence months from the policy', () => {
    const policy = {
      ...current,
      membership: {
        adultAge: 18,
        maxStudyLevelOfAdultChildren: 'master',
        dependantMinMonthsInHousehold: 6,
      },
    } as CurrentPolicy;
    const result = assess(
      buildHousehold({
        members: [
          member(),
          member({
            ref: 'c',
            relation: 'child',
            birthDate: '2000-01-01',
            isInFullTimeStudy: true,
            studyLevel: 'master',
            isAbleToWork: false,
          }),
          member({
            ref: 'p',
            relation: 'parent',
            birthDate: '1950-01-01',
            isDependant: true,
            livingWithHouseholdSince: '2023-12-15',
            isAbleToWork: false,
          }),
        ],
      }),
      policy,
    );
    expect(result.householdSize).toBe(3);
  });

  it('counts only the income and expenditure of members who count', () => {
    const result = assess(
      buildHousehold({
        members: [
          member(),
          member({
            ref: 'son',
            relation: 'child',
            birthDate: '1995-01-01',
            workStatus: 'employed',
          }),
        ],
        incomes: [
          { memberRef: 'head', type: 'wages', amountFen: 1_200_000 },
          { memberRef: 'son', type: 'wages', amountFen: 9_600_000 },
          { memberRef: null, type: 'property', amountFen: 120_000 },
        ],
        rigidExpenditures: [{ memberRef: 'son', type: 'medical', amountFen: 500_000 }],
      }),
    );
    const income = step(result, 'income');
    expect(income.items[1]).toMatchObject({
      counted: false,
      reason: { code: 'member_not_counted' },
    });
    expect(income.totalFen).toBe(1_320_000);
    expect(income.byMember).toEqual([
      { memberRef: 'head', totalFen: 1_200_000 },
      { memberRef: null, totalFen: 120_000 },
    ]);
    expect(step(result, 'rigid_expenditure').totalFen).toBe(0);
    expect(result.perCapitaMonthlyFen).toBe(110_000);
  });

  it('divides by the size', () => {
    const result = assess(
      buildHousehold({
        members: [
          member(),
          member({ ref: 'wife', relation: 'spouse', sex: 'female', workStatus: 'employed' }),
          member({
            ref: 'kid',
            relation: 'child',
            birthDate: '2015-03-01',
            isAbleToWork: false,
            workStatus: null,
          }),
        ],
        incomes: [
          { memberRef: 'head', type: 'wages', amountFen: 3_000_000 },
          { memberRef: 'wife', type: 'wages', amountFen: 2_400_000 },
        ],
      }),
    );
    expect(figureStep(result, 'test')).toMatchObject({ size: 3, months: 12, netFen: 5_400_000 });
    expect(result.perCapitaMonthlyFen).toBe(150_000);
  });
});

describe('income types', () => {
  it('counts union relief and excludes holiday gifts by default', () => {
    const result = assess(
      buildHousehold({
        incomes: [
          { memberRef: 'head', type: 'wages', amountFen: 1_000_000 },
          { memberRef: 'head', type: 'union_relief', amountFen: 200_000 },
          { memberRef: 'head', type: 'holiday_gift', amountFen: 50_000 },
        ],
      }),
    );
    const income = step(result, 'income');
    expect(income.totalFen).toBe(1_200_000);
    expect(income.byType).toMatchObject({ union_relief: 200_000, holiday_gift: 0 });
    expect(income.items[2]).toMatchObject({ counted: false, reason: { code: 'type_not_counted' } });
  });

  it('counts holiday gifts when the policy says so', () => {
    const policy = {
      ...current,
      countedIncomeTypes: { ...current.countedIncomeTypes, holiday_gift: true },
    };
    const result = assess(
      buildHousehold({ incomes: [{ memberRef: 'head', type: 'holiday_gift', amountFen: 50_000 }] }),
      policy,
    );
    expect(step(result, 'income').totalFen).toBe(50_000);
  });
});

describe('exclusions', () => {
  it.each(exclusionIds)('%s bars eligibility, with its evidence', (id) => {
    const result = assess(
      buildHousehold({
        incomes: wagesFor(50_000),
        exclusions: { ...allClear, [id]: { answer: true, evidence: '入户调查记录第3页' } },
      }),
    );
    expect(result).toMatchObject({
      category: null,
      incomeCategory: 'deep',
      eligible: false,
      provisional: false,
      ruleFired: { id: `exclusion.${id}` },
      thresholdFen: null,
    });
    expect(result.exclusions.find((e) => e.id === id)).toMatchObject({
      answer: true,
      evidence: '入户调查记录第3页',
      status: 'bars',
      bars: true,
    });
    expect(result.exclusions.filter((e) => e.bars)).toHaveLength(1);
  });

  it('reports unanswered exclusions as not checked and the result as provisional', () => {
    const result = assess(buildHousehold({ incomes: wagesFor(50_000), exclusions: {} }));
    expect(result).toMatchObject({ category: 'deep', eligible: true, provisional: true });
    expect(result.exclusions.map((e) => e.status)).toEqual(exclusionIds.map(() => 'not_checked'));
    expect(step(result, 'result').textEn).toBe(
      'identified as deep hardship (provisional: some checks not answered)',
    );
  });

  it('treats an explicit null like a missing answer', () => {
    const result = assess(
      buildHousehold({
        incomes: wagesFor(50_000),
        exclusions: { ...allClear, vehicle: { answer: null } },
      }),
    );
    expect(result.provisional).toBe(true);
    expect(result.exclusions.find((e) => e.id === 'vehicle')?.status).toBe('not_checked');
  });

  it('bars on unanswered exclusions when the policy says so', () => {
    const policy = { ...current, exclusions: { ...current.exclusions, unknownAnswerBars: true } };
    const result = assess(
      buildHousehold({
        incomes: wagesFor(50_000),
        exclusions: { ...allClear, vehicle: { answer: null } },
      }),
      policy,
    );
    expect(result).toMatchObject({
      category: null,
      eligible: false,
      ruleFired: { id: 'exclusion.not_checked' },
    });
  });

  it('does not apply an exclusion the policy switched off', () => {
    const policy = {
      ...current,
      exclusions: { ...current.exclusions, active: exclusionIds.filter((id) => id !== 'vehicle') },
    };
    const result = assess(
      buildHousehold({
        incomes: wagesFor(50_000),
        exclusions: { ...allClear, vehicle: { answer: true, evidence: '电动三轮车' } },
      }),
      policy,
    );
    expect(result.category).toBe('deep');
    expect(result.exclusions.find((e) => e.id === 'vehicle')).toMatchObject({
      status: 'not_applied',
      bars: false,
    });
  });

  it('is checked even when no income rule fires', () => {
    const result = assess(
      buildHousehold({
        incomes: wagesFor(500_000),
        exclusions: { ...allClear, multiple_homes: { answer: true } },
      }),
    );
    expect(result).toMatchObject({
      incomeCategory: null,
      ruleFired: { id: 'exclusion.multiple_homes' },
    });
  });
});

describe('migrant workers (农民工)', () => {
  const migrant = member({ workStatus: 'migrant_worker' });

  it.each([
    [
      'a member employed 12 months',
      { isUnionMember: true, employedInCitySince: '2023-06-15' },
      'met',
      'deep',
    ],
    [
      'a member employed 11 months',
      { isUnionMember: true, employedInCitySince: '2023-06-16' },
      'not_met',
      null,
    ],
    [
      'not a union member',
      { isUnionMember: false, employedInCitySince: '2020-01-01' },
      'not_met',
      null,
    ],
    ['not asked', undefined, 'not_checked', 'deep'],
    [
      'membership unknown',
      { isUnionMember: null, employedInCitySince: '2020-01-01' },
      'not_checked',
      'deep',
    ],
  ] as const)('%s', (_what, answers, status, category) => {
    const result = assess(
      buildHousehold({ members: [migrant], incomes: wagesFor(50_000), migrantWorker: answers }),
    );
    expect(result.conditions).toEqual([expect.objectContaining({ id: 'migrant_worker', status })]);
    expect(result.category).toBe(category);
    if (status === 'not_met') expect(result.ruleFired.id).toBe('condition.migrant_worker');
    if (status === 'not_checked') expect(result.provisional).toBe(true);
  });

  it('asks nothing of other workers', () => {
    expect(assess(buildHousehold({ incomes: wagesFor(50_000) })).conditions).toEqual([]);
  });
});

describe('the trace', () => {
  const households: [string, AssessmentInputJson, CurrentPolicy | LegacyPolicy][] = [
    [
      'a family of four, current scheme',
      buildHousehold({
        members: [
          member({ name: '张伟' }),
          member({
            ref: 'wife',
            relation: 'spouse',
            sex: 'female',
            birthDate: '1982-04-02',
            workStatus: 'laid_off',
          }),
          member({
            ref: 'son',
            relation: 'child',
            birthDate: '2004-09-01',
            isAbleToWork: false,
            workStatus: null,
            isInFullTimeStudy: true,
            studyLevel: 'bachelor',
          }),
          member({
            ref: 'mother',
            relation: 'parent',
            sex: 'female',
            birthDate: '1950-02-03',
            isAbleToWork: false,
            workStatus: 'retired',
            isDependant: true,
            livingWithHouseholdSince: '2019-01-01',
          }),
        ],
        incomes: [
          { memberRef: 'head', type: 'wages', amountFen: 4_321_099 },
          { memberRef: 'head', type: 'union_relief', amountFen: 150_000 },
          { memberRef: 'wife', type: 'wages', amountFen: 300_001 },
          { memberRef: 'mother', type: 'transfers', amountFen: 1_234_567 },
          { memberRef: null, type: 'property', amountFen: 33_333 },
          { memberRef: 'head', type: 'holiday_gift', amountFen: 80_000 },
        ],
        rigidExpenditures: [
          { memberRef: 'mother', type: 'medical', amountFen: 876_543 },
          { memberRef: 'son', type: 'schooling', amountFen: 650_000 },
        ],
        accident: { cause: 'serious_illness', costsFen: 2_000_000, compensationFen: 700_000 },
      }),
      current,
    ],
    [
      'the same family, 2014 scheme',
      buildHousehold({
        members: [
          member(),
          member({ ref: 'wife', relation: 'spouse', sex: 'female', workStatus: 'unemployed' }),
        ],
        incomes: [{ memberRef: 'head', type: 'wages', amountFen: 2_777_777 }],
        rigidExpenditures: [{ memberRef: 'wife', type: 'medical', amountFen: 1_111_111 }],
        accident: { cause: 'disaster', costsFen: 999_999 },
      }),
      legacy,
    ],
  ];

  it.each(households)('adds up: %s', (_what, household, policy) => {
    const result = assess(household, policy);
    const members = step(result, 'household');
    const income = step(result, 'income');
    const imputed = step(result, 'imputed_income');
    const rigid = step(result, 'rigid_expenditure');
    const counted = income.items.filter((i) => i.counted);

    expect(members.size).toBe(members.members.filter((m) => m.counts).length);
    expect(income.totalFen).toBe(counted.reduce((s, i) => s + i.amountFen, 0));
    expect(Object.values(income.byType).reduce((s, v) => s + v, 0)).toBe(income.totalFen);
    expect(income.byMember.reduce((s, m) => s + m.totalFen, 0)).toBe(income.totalFen);
    expect(imputed.members.reduce((s, m) => s + m.imputedFen, 0)).toBe(imputed.totalFen);
    expect(rigid.items.filter((i) => i.counted).reduce((s, i) => s + i.amountFen, 0)).toBe(
      rigid.totalFen,
    );
    expect(Object.values(rigid.byType).reduce((s, v) => s + v, 0)).toBe(rigid.totalFen);

    for (const f of result.trace.filter((s) => s.kind === 'figure')) {
      expect(f.incomeFen).toBe(income.totalFen);
      expect(f.imputedFen).toBe(imputed.totalFen);
      expect(f.size).toBe(members.size);
      expect(f.months).toBe(policy.incomePeriodMonths);
      expect(f.netFen).toBe(f.incomeFen + f.imputedFen - f.deductedFen);
      expect(f.perCapitaMonthlyFen).toBe(divideRounded(f.netFen, f.months * f.size));
      expect(f.formula).toBe(
        `(${formatYuan(f.incomeFen)} + ${formatYuan(f.imputedFen)} − ${formatYuan(f.deductedFen)}) / ${f.months} / ${f.size} = ${formatYuan(f.perCapitaMonthlyFen)}`,
      );
    }
    const main = figureStep(result, policy.scheme === 'current' ? 'test' : 'gross');
    expect(result.perCapitaMonthlyFen).toBe(main.perCapitaMonthlyFen);
    expect(main.deductedFen).toBe(policy.scheme === 'current' ? rigid.totalFen : 0);
    expect(result.householdSize).toBe(members.size);

    const rules = result.trace.filter((s) => s.kind === 'rule');
    const fired = rules.filter((r) => r.fired);
    expect(fired.length).toBeLessThanOrEqual(1);
    expect(result.incomeCategory).toBe(fired[0]?.category ?? null);
    expect(fired[0]).toBe(rules.find((r) => r.passes));
    expect(result.trace.at(-1)?.kind).toBe('result');
  });

  it('shows every figure of the family of four', () => {
    const result = assess(households[0]![1], current);
    expect(step(result, 'household').size).toBe(4);
    expect(step(result, 'income').totalFen).toBe(
      4_321_099 + 150_000 + 300_001 + 1_234_567 + 33_333,
    );
    expect(step(result, 'imputed_income').members.find((m) => m.ref === 'wife')).toMatchObject({
      imputed: true,
      labourIncomeFen: 300_001,
      imputedFen: 2_400_000 - 300_001,
    });
    expect(step(result, 'rigid_expenditure').totalFen).toBe(876_543 + 650_000);
    const test = figureStep(result, 'test');
    // 6,612,456 fen / 48 = 137,759.5 fen: an exact half, rounded up.
    expect(test.formula).toBe('(60,390.00 + 20,999.99 − 15,265.43) / 12 / 4 = 1,377.60');
    expect(result).toMatchObject({ category: 'relative', perCapitaMonthlyFen: 137_760 });
    expect(step(result, 'accident')).toMatchObject({ netLossFen: 1_300_000, passes: false });
  });

  it('is plain JSON', () => {
    const result = assess(households[0]![1], current);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});

describe('assessmentInputSchema', () => {
  const idOf = (birth: string, seq: string) => {
    const body = `320102${birth}${seq}`;
    return body + computeCheckChar(body);
  };

  it('fills the defaults', () => {
    const parsed = assessmentInputSchema.parse({ members: [member()] });
    expect(parsed).toMatchObject({
      incomes: [],
      rigidExpenditures: [],
      accident: null,
      monthlyIncomes: [],
      exclusions: {},
    });
    expect(parsed.members[0]).toMatchObject({
      isInFullTimeStudy: false,
      isDependant: false,
      isDisabledOrSeriouslyIll: false,
      livingWithHouseholdSince: null,
      studyLevel: null,
    });
  });

  it.each([
    [
      'no head',
      { members: [member({ relation: 'spouse' })] },
      'members',
      'exactly one member with relation head, found 0',
    ],
    [
      'two heads',
      { members: [member(), member({ ref: 'b' })] },
      'members',
      'exactly one member with relation head, found 2',
    ],
    [
      'duplicate ref',
      { members: [member(), member({ relation: 'spouse' })] },
      'members.1.ref',
      'duplicate ref',
    ],
    [
      'unknown member in income',
      { members: [member()], incomes: [{ memberRef: 'x', type: 'wages', amountFen: 1 }] },
      'incomes.0.memberRef',
      'no member with ref x',
    ],
    [
      'unknown member in expenditure',
      {
        members: [member()],
        rigidExpenditures: [{ memberRef: 'x', type: 'medical', amountFen: 1 }],
      },
      'rigidExpenditures.0.memberRef',
      'no member with ref x',
    ],
    [
      'study level missing',
      { members: [member({ isInFullTimeStudy: true })] },
      'members.0.studyLevel',
      'required when in full-time study',
    ],
    [
      'fractional fen',
      { members: [member()], incomes: [{ memberRef: 'head', type: 'wages', amountFen: 1.5 }] },
      'incomes.0.amountFen',
      'whole fen',
    ],
    [
      'negative amount',
      { members: [member()], incomes: [{ memberRef: 'head', type: 'wages', amountFen: -1 }] },
      'incomes.0.amountFen',
      'not negative',
    ],
    [
      'unreal date',
      { members: [member({ birthDate: '1980-02-30' })] },
      'members.0.birthDate',
      'not a real date',
    ],
    [
      'month twice',
      {
        members: [member()],
        monthlyIncomes: [
          { month: '2024-01', incomeFen: 1 },
          { month: '2024-01', incomeFen: 2 },
        ],
      },
      'monthlyIncomes.1.month',
      'month listed twice',
    ],
    [
      'bad ID number',
      { members: [member({ idNumber: '320102198001010010' })] },
      'members.0.idNumber',
      'bad check digit',
    ],
    [
      'ID number contradicts birth date',
      { members: [member({ idNumber: idOf('19800102', '001') })] },
      'members.0.birthDate',
      'the ID number says 1980-01-02, the form says 1980-01-01',
    ],
    [
      'ID number contradicts sex',
      { members: [member({ idNumber: idOf('19800101', '002') })] },
      'members.0.sex',
      'the ID number says female, the form says male',
    ],
    [
      'ID number twice',
      {
        members: [
          member({ idNumber: idOf('19800101', '001') }),
          member({ ref: 'b', relation: 'spouse', idNumber: idOf('19800101', '001') }),
        ],
      },
      'members.1.idNumber',
      'two members with one ID number',
    ],
    [
      'a misspelt exclusion',
      { members: [member()], exclusions: { vehicles: { answer: true } } },
      'exclusions',
      'Unrecognized key: "vehicles"',
    ],
  ])('refuses %s', (_what, input, path, message) => {
    const result = assessmentInputSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(
      result.error?.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    ).toContainEqual({
      path,
      message,
    });
  });

  it('normalises an agreeing ID number', () => {
    const id = idOf('19800101', '001');
    const parsed = assessmentInputSchema.parse({
      members: [member({ idNumber: ` ${id.toLowerCase()} ` })],
    });
    expect(parsed.members[0]?.idNumber).toBe(id);
  });
});

describe('runAssessmentRequest', () => {
  const tables = {
    policyVersions: defaultPolicyVersions,
    dibaoLines: [
      { regionCode: '320100', monthlyFen: 100_000, effectiveFrom: '2023-07-01', effectiveTo: null },
      {
        regionCode: '320100',
        monthlyFen: 95_000,
        effectiveFrom: '2022-07-01',
        effectiveTo: '2023-06-30',
      },
      { regionCode: '320000', monthlyFen: 60_000, effectiveFrom: '2010-01-01', effectiveTo: null },
    ],
    minimumWages: [
      { regionCode: '320000', monthlyFen: 249_000, effectiveFrom: '2022-04-01', effectiveTo: null },
      {
        regionCode: '320000',
        monthlyFen: 100_000,
        effectiveFrom: '2014-01-01',
        effectiveTo: '2022-03-31',
      },
    ],
  };
  const request = (body: unknown) => assessmentRequestSchema.parse(body);

  it("uses the county's city line and the province's minimum wage in force", () => {
    const result = runAssessmentRequest(
      request({ asOf: '2024-06-15', household: { ...buildHousehold(), regionCode: '320102' } }),
      tables,
      '2030-01-01',
    );
    expect(result.policyVersionId).toBe('national-2019');
    expect(result.lines).toEqual({
      dibaoMonthlyFen: 100_000,
      minimumWageMonthlyFen: 249_000,
      lineRegionCode: '320100',
      lineEffectiveFrom: '2023-07-01',
      minimumWageRegionCode: '320000',
      minimumWageEffectiveFrom: '2022-04-01',
    });
  });

  it('uses today when no date is given and the line in force that day', () => {
    const result = runAssessmentRequest(
      request({ household: { ...buildHousehold(), regionCode: '320102' } }),
      tables,
      '2023-06-30',
    );
    expect(result).toMatchObject({ asOf: '2023-06-30', lines: { dibaoMonthlyFen: 95_000 } });
  });

  it('falls back to the province for a region of another city', () => {
    const result = runAssessmentRequest(
      request({ asOf: '2024-06-15', household: { ...buildHousehold(), regionCode: '320205' } }),
      tables,
      '2024-06-15',
    );
    expect(result.lines.lineRegionCode).toBe('320000');
  });

  it('picks the 2014 scheme for a date when only it was in force', () => {
    const result = runAssessmentRequest(
      request({ asOf: '2017-03-01', household: { ...buildHousehold(), regionCode: '320102' } }),
      tables,
      '2024-06-15',
    );
    expect(result).toMatchObject({ policyVersionId: 'national-2014', scheme: 'legacy-2014' });
  });

  it('takes explicit lines and a policy id', () => {
    const result = runAssessmentRequest(
      request({
        asOf: '2024-06-15',
        policyId: 'national-2014',
        lines,
        household: buildHousehold(),
      }),
      tables,
      '2024-06-15',
    );
    expect(result).toMatchObject({ policyVersionId: 'national-2014', lines });
  });

  it.each([
    ['an unknown policy', { policyId: 'nope', lines, household: buildHousehold() }, 'NOT_FOUND'],
    ['no lines and no region', { household: buildHousehold() }, 'VALIDATION'],
    [
      'a region without a line',
      { household: { ...buildHousehold(), regionCode: '110105' } },
      'INVALID_STATE',
    ],
    [
      'a date before any policy',
      { asOf: '2010-01-01', lines, household: buildHousehold() },
      'NOT_FOUND',
    ],
  ])('refuses %s', (_what, body, code) => {
    expect(() =>
      runAssessmentRequest(request({ asOf: '2024-06-15', ...body }), tables, '2024-06-15'),
    ).toThrow(expect.objectContaining({ code }));
  });
});
