import { describe, expect, it } from 'vitest';
import {
  currentPolicySchema,
  defaultPolicyVersions,
  findPolicyVersion,
  findRegionalRate,
  getDefaultPolicyVersion,
  legacyPolicySchema,
  policyVersionSchema,
  regionalRateSchema,
  regionalRateTableSchema,
  selectAssessmentLines,
  type RegionalRate,
} from './policy';

function rate(
  regionCode: string,
  monthlyFen: number,
  effectiveFrom: string,
  effectiveTo: string | null = null,
): RegionalRate {
  return { regionCode, monthlyFen, effectiveFrom, effectiveTo };
}

describe('default policy versions', () => {
  it('are valid policy data', () => {
    for (const version of defaultPolicyVersions)
      expect(policyVersionSchema.parse(version)).toEqual(version);
  });

  it('seed domain.md §2: current scheme', () => {
    expect(getDefaultPolicyVersion('national-2019')).toMatchObject({
      scheme: 'current',
      effectiveFrom: '2019-01-01',
      effectiveTo: null,
      incomePeriodMonths: 12,
      relativeLinePercent: 200,
      accidentLossPercentOfIncome: 80,
      countedIncomeTypes: { union_relief: true, holiday_gift: false },
      rigidExpenditureTypes: [
        'medical',
        'disability_care',
        'schooling',
        'housing',
        'other_allowed',
      ],
      imputation: {
        isEnabled: true,
        joblessWorkStatuses: ['laid_off', 'unemployed'],
        workingAge: { male: { fromAge: 16, toAge: 60 }, female: { fromAge: 16, toAge: 55 } },
      },
      membership: {
        adultAge: 18,
        maxStudyLevelOfAdultChildren: 'bachelor',
        dependantMinMonthsInHousehold: 12,
      },
      exclusions: { unknownAnswerBars: false },
      migrantWorkers: { requiresUnionMembership: true, minMonthsEmployedInCity: 12 },
    });
  });

  it('seed domain.md §2: 2014–2018 scheme', () => {
    expect(getDefaultPolicyVersion('national-2014')).toMatchObject({
      scheme: 'legacy-2014',
      effectiveFrom: '2014-01-01',
      effectiveTo: '2018-12-31',
      dibaoMinConsecutiveMonths: 6,
      edgeLinePercent: 150,
      edgeDeductibleExpenditureTypes: ['medical', 'schooling', 'disability_care'],
      accidentLinePercent: 300,
    });
    expect(() => getDefaultPolicyVersion('national-1999')).toThrow();
  });

  it.each([
    ['relative multiplier below 1.5', { relativeLinePercent: 149 }],
    ['relative multiplier above 3', { relativeLinePercent: 301 }],
    ['a fractional percentage', { relativeLinePercent: 200.5 }],
    ['an income type missing', { countedIncomeTypes: { wages: true } }],
    [
      'working age upside down',
      {
        imputation: {
          ...getDefaultPolicyVersion('national-2019').imputation,
          workingAge: { male: { fromAge: 60, toAge: 16 }, female: { fromAge: 16, toAge: 55 } },
        },
      },
    ],
    [
      'an exclusion listed twice',
      { exclusions: { active: ['vehicle', 'vehicle'], unknownAnswerBars: false } },
    ],
    ['a bad id', { id: 'National 2019' }],
  ])('refuse %s', (_what, change) => {
    const current = getDefaultPolicyVersion('national-2019');
    expect(currentPolicySchema.safeParse({ ...current, ...change }).success).toBe(false);
  });

  it('refuse a 2014 version without its rules', () => {
    const { dibaoMinConsecutiveMonths: _n, ...rest } = getDefaultPolicyVersion(
      'national-2014',
    ) as ReturnType<typeof legacyPolicySchema.parse>;
    expect(legacyPolicySchema.safeParse(rest).success).toBe(false);
  });
});

describe('findPolicyVersion', () => {
  it.each([
    ['2024-06-15', 'current', 'national-2019'],
    ['2019-01-01', 'current', 'national-2019'],
    ['2018-12-31', 'current', undefined],
    ['2018-12-31', 'legacy-2014', 'national-2014'],
    ['2014-01-01', 'legacy-2014', 'national-2014'],
    ['2019-01-01', 'legacy-2014', undefined],
  ] as const)('on %s, scheme %s → %s', (asOf, scheme, id) => {
    expect(findPolicyVersion(defaultPolicyVersions, asOf, scheme)?.id).toBe(id);
  });

  it('prefers the latest version in force', () => {
    const newer = {
      ...getDefaultPolicyVersion('national-2019'),
      id: 'city-2023',
      effectiveFrom: '2023-01-01',
    };
    expect(findPolicyVersion([...defaultPolicyVersions, newer], '2024-01-01')?.id).toBe(
      'city-2023',
    );
    expect(findPolicyVersion([...defaultPolicyVersions, newer], '2022-12-31')?.id).toBe(
      'national-2019',
    );
  });
});

describe('regional rates (低保 lines, minimum wages)', () => {
  const rates = [
    rate('320102', 110_000, '2024-01-01'),
    rate('320100', 100_000, '2023-07-01'),
    rate('320100', 95_000, '2022-07-01', '2023-06-30'),
    rate('320000', 60_000, '2010-01-01'),
  ];

  it.each([
    ['the county has its own line', '320102', '2024-06-15', 110_000],
    ['the county line is not yet in force: city line', '320102', '2023-12-31', 100_000],
    ['the last day of a period is inside it', '320104', '2023-06-30', 95_000],
    ['the first day of the next period', '320104', '2023-07-01', 100_000],
    ['another city of the province', '320205', '2024-06-15', 60_000],
    ['a city code itself', '320100', '2024-06-15', 100_000],
    ['nothing in force', '320104', '2009-12-31', undefined],
    ['another province', '110105', '2024-06-15', undefined],
  ])('%s', (_what, region, asOf, monthlyFen) => {
    expect(findRegionalRate(rates, region, asOf)?.monthlyFen).toBe(monthlyFen);
  });

  it('prefers the later of two rates that both claim a day', () => {
    const messy = [rate('320100', 1, '2020-01-01'), rate('320100', 2, '2023-01-01')];
    expect(findRegionalRate(messy, '320100', '2024-01-01')?.monthlyFen).toBe(2);
  });

  it.each([
    ['an unknown region code', rate('329999', 100_000, '2024-01-01'), 'regionCode'],
    ['a zero line', rate('320100', 0, '2024-01-01'), 'monthlyFen'],
    ['yuan instead of fen', rate('320100', 1000.5, '2024-01-01'), 'monthlyFen'],
    ['an end before the start', rate('320100', 100_000, '2024-01-01', '2023-12-31'), 'effectiveTo'],
    ['an unreal date', rate('320100', 100_000, '2023-02-29'), 'effectiveFrom'],
  ])('refuse %s', (_what, value, path) => {
    const result = regionalRateSchema.safeParse(value);
    expect(result.error?.issues[0]?.path).toEqual([path]);
  });

  it('refuses two rates of one region in force on the same day', () => {
    const result = regionalRateTableSchema.safeParse([
      rate('320100', 95_000, '2022-07-01', '2023-07-01'),
      rate('320100', 100_000, '2023-07-01'),
      rate('320102', 100_000, '2023-07-01'),
    ]);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: [1, 'effectiveFrom'],
        message: 'overlaps row 1 for region 320100',
      }),
    ]);
    expect(
      regionalRateTableSchema.safeParse([
        rate('320100', 95_000, '2022-07-01', '2023-06-30'),
        rate('320100', 100_000, '2023-07-01'),
      ]).success,
    ).toBe(true);
  });
});

describe('selectAssessmentLines', () => {
  const tables = {
    dibaoLines: [rate('320100', 100_000, '2023-07-01')],
    minimumWages: [rate('320000', 249_000, '2022-04-01')],
  };

  it('records where each figure came from', () => {
    expect(selectAssessmentLines(tables, '320102', '2024-06-15')).toEqual({
      dibaoMonthlyFen: 100_000,
      minimumWageMonthlyFen: 249_000,
      lineRegionCode: '320100',
      lineEffectiveFrom: '2023-07-01',
      minimumWageRegionCode: '320000',
      minimumWageEffectiveFrom: '2022-04-01',
    });
  });

  it.each([
    ['no 低保 line', '2023-06-30', 'dibao_line'],
    ['no minimum wage', '2024-06-15', 'minimum_wage'],
  ])('throws INVALID_STATE with %s', (_what, asOf, missing) => {
    const t = asOf === '2024-06-15' ? { ...tables, minimumWages: [] } : tables;
    expect(() => selectAssessmentLines(t, '320102', asOf)).toThrow(
      expect.objectContaining({
        code: 'INVALID_STATE',
        details: expect.objectContaining({ missing }),
      }),
    );
  });
});
