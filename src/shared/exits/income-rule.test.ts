import { describe, expect, it } from 'vitest';
import {
  addMonthsToMonth,
  checkOutOfHardship,
  incomeSignals,
  isAboveLine,
  isBelowLine,
  monthResult,
  monthlyIncomesRequestSchema,
  perCapitaFen,
  type MonthlyIncome,
} from './income-rule';

const line = 118_000; // 1,180 yuan per person per month

/** Months from `start`, one record each, household of 2, per-capita income in fen. */
function months(
  start: string,
  perCapita: number[],
  lineFen: number | null = line,
): MonthlyIncome[] {
  return perCapita.map((pc, i) => ({
    month: addMonthsToMonth(start, i),
    incomeFen: pc * 2,
    memberCount: 2,
    lineFen,
  }));
}

describe('addMonthsToMonth', () => {
  it.each([
    ['2026-01', 1, '2026-02'],
    ['2026-12', 1, '2027-01'],
    ['2026-01', -1, '2025-12'],
    ['2026-03', -14, '2025-01'],
    ['2026-06', 0, '2026-06'],
  ])('%s %+d → %s', (m, n, expected) => expect(addMonthsToMonth(m, n)).toBe(expected));
});

describe('per-capita income against the line', () => {
  it('compares exactly, without rounding', () => {
    const r = { month: '2026-01', incomeFen: 354_001, memberCount: 3, lineFen: line };
    expect(perCapitaFen(r)).toBe(118_000);
    expect(isAboveLine(r)).toBe(true);
    expect(isAboveLine({ ...r, incomeFen: 354_000 })).toBe(false);
    expect(isBelowLine({ ...r, incomeFen: 354_000 })).toBe(false);
    expect(isBelowLine({ ...r, incomeFen: 353_999 })).toBe(true);
  });
  it('knows nothing without a line', () => {
    const r = { month: '2026-01', incomeFen: 900_000, memberCount: 1, lineFen: null };
    expect(isAboveLine(r)).toBe(false);
    expect(isBelowLine(r)).toBe(false);
    expect(monthResult(r)).toMatchObject({ isAbove: false, shortfallFen: null });
  });
  it('gives the shortfall below the line, zero when equal', () => {
    expect(monthResult(months('2026-01', [100_000])[0]!).shortfallFen).toBe(18_000);
    expect(monthResult(months('2026-01', [line])[0]!).shortfallFen).toBe(0);
    expect(monthResult(months('2026-01', [line + 1])[0]!).shortfallFen).toBeNull();
  });
});

describe('checkOutOfHardship (脱困: N consecutive months strictly above the line)', () => {
  it('qualifies with exactly six consecutive months above, ending with the latest', () => {
    const check = checkOutOfHardship(months('2026-01', Array(6).fill(line + 100)), 6);
    expect(check.qualifies).toBe(true);
    expect(check.runMonths).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
    ]);
    expect(check.break).toBeNull();
    expect(check.explanation.zh).toContain('2026-01 至 2026-06 连续 6 个月');
    expect(check.explanation.en).toContain('qualifies');
  });

  it('counts only the last N months of a longer run', () => {
    const check = checkOutOfHardship(months('2025-10', [50_000, ...Array(8).fill(line + 1)]), 6);
    expect(check.qualifies).toBe(true);
    expect(check.runMonths[0]).toBe('2026-01');
    expect(check.months.map((m) => m.month)).toEqual(check.runMonths);
  });

  it('does not qualify with five months', () => {
    const check = checkOutOfHardship(months('2026-01', Array(5).fill(line + 100)), 6);
    expect(check.qualifies).toBe(false);
    expect(check.break).toEqual({ kind: 'too_few', firstRecorded: '2026-01' });
    expect(check.explanation.zh).toContain('仅 2026-01 至 2026-05 连续 5 个月');
    expect(check.explanation.zh).toContain('不符合脱困条件');
  });

  it('breaks the run at a gap month', () => {
    const records = months('2026-01', Array(7).fill(line + 100)).filter(
      (r) => r.month !== '2026-04',
    );
    const check = checkOutOfHardship(records, 6);
    expect(check.qualifies).toBe(false);
    expect(check.runMonths).toEqual(['2026-05', '2026-06', '2026-07']);
    expect(check.break).toEqual({ kind: 'gap', month: '2026-04' });
    expect(check.explanation.zh).toContain('2026-04 缺少收入记录');
    expect(check.explanation.en).toContain('a gap');
  });

  it('does not count a month equal to the line', () => {
    const check = checkOutOfHardship(months('2026-01', [...Array(5).fill(line + 1), line]), 6);
    expect(check.qualifies).toBe(false);
    expect(check.runMonths).toEqual([]);
    expect(check.break).toMatchObject({
      kind: 'not_above',
      month: '2026-06',
      isEqual: true,
      shortfallFen: 0,
    });
    expect(check.explanation.zh).toContain('等于低保标准');
    const middle = checkOutOfHardship(
      months('2026-01', [line + 1, line + 1, line, line + 1, line + 1, line + 1]),
      6,
    );
    expect(middle.qualifies).toBe(false);
    expect(middle.break).toMatchObject({ kind: 'not_above', month: '2026-03' });
  });

  it('names the shortfall of a month below the line', () => {
    const check = checkOutOfHardship(months('2026-01', [...Array(5).fill(line + 1), 100_000]), 6);
    expect(check.break).toMatchObject({
      kind: 'not_above',
      month: '2026-06',
      shortfallFen: 18_000,
    });
    expect(check.explanation.zh).toContain('低于低保标准 180.00 元');
    expect(check.explanation.en).toContain('180.00 yuan below');
  });

  it('compares each month with the line of that month when the line changes mid-run', () => {
    // 1,200 yuan per person: above the old line (1,180) and above the new one (1,190) — qualifies.
    const rising = [
      ...months('2026-01', Array(3).fill(120_000), 118_000),
      ...months('2026-04', Array(3).fill(120_000), 119_000),
    ];
    expect(checkOutOfHardship(rising, 6).qualifies).toBe(true);
    // 1,185 yuan: above the old line, below the new one from April — the run is broken.
    const caught = [
      ...months('2026-01', Array(3).fill(118_500), 118_000),
      ...months('2026-04', Array(3).fill(118_500), 119_000),
    ];
    const check = checkOutOfHardship(caught, 6);
    expect(check.qualifies).toBe(false);
    expect(check.break).toMatchObject({ kind: 'not_above', month: '2026-06', shortfallFen: 500 });
    expect(check.months.map((m) => m.lineFen)).toEqual([
      118_000, 118_000, 118_000, 119_000, 119_000, 119_000,
    ]);
  });

  it('does not count a month with no line', () => {
    const records = months('2026-01', Array(6).fill(line + 100));
    records[2] = { ...records[2]!, lineFen: null };
    const check = checkOutOfHardship(records, 6);
    expect(check.break).toEqual({ kind: 'no_line', month: '2026-03' });
    expect(check.explanation.zh).toContain('没有适用的低保标准');
  });

  it('explains an empty record', () => {
    const check = checkOutOfHardship([], 6);
    expect(check).toMatchObject({
      qualifies: false,
      latestMonth: null,
      break: { kind: 'no_records' },
    });
    expect(check.explanation.zh).toContain('尚无月收入记录');
  });

  it('follows the region’s number of months', () => {
    const records = months('2026-01', Array(3).fill(line + 100));
    expect(checkOutOfHardship(records, 3).qualifies).toBe(true);
    expect(checkOutOfHardship(records, 4).qualifies).toBe(false);
    expect(checkOutOfHardship(records, 1).runMonths).toEqual(['2026-03']);
  });

  it('reads records in any order and crosses the year', () => {
    const records = months('2025-09', Array(6).fill(line + 100)).reverse();
    const check = checkOutOfHardship(records, 6);
    expect(check.qualifies).toBe(true);
    expect(check.latestMonth).toBe('2026-02');
  });
});

describe('incomeSignals (返困 from the income records)', () => {
  const month = (m: string, pc: number, members = 2): MonthlyIncome => ({
    month: m,
    incomeFen: pc * members,
    memberCount: members,
    lineFen: line,
  });
  it('raises below-the-line', () => {
    const s = incomeSignals(month('2026-08', 100_000), null, 0.2);
    expect(s.map((x) => x.signal)).toEqual(['income_below_line']);
    expect(s[0]!.detail.zh).toContain('低于低保标准');
  });
  it('raises a drop of the share or more against the previous record', () => {
    expect(
      incomeSignals(month('2026-08', 160_000), month('2026-07', 200_000), 0.2).map((x) => x.signal),
    ).toEqual(['income_drop']);
    expect(incomeSignals(month('2026-08', 160_001), month('2026-07', 200_000), 0.2)).toEqual([]);
    expect(
      incomeSignals(month('2026-08', 100_000), month('2026-07', 200_000), 0.2).map((x) => x.signal),
    ).toEqual(['income_below_line', 'income_drop']);
  });
  it('compares per-capita income when the household changes size', () => {
    // Total income equal, one more member: per capita falls by a third.
    const prev = { month: '2026-07', incomeFen: 600_000, memberCount: 2, lineFen: line };
    const cur = { month: '2026-08', incomeFen: 600_000, memberCount: 3, lineFen: line };
    expect(incomeSignals(cur, prev, 0.3).map((x) => x.signal)).toEqual(['income_drop']);
    expect(incomeSignals(cur, prev, 0.4)).toEqual([]);
  });
  it('raises nothing for a steady month above the line', () => {
    expect(incomeSignals(month('2026-08', 200_000), month('2026-07', 200_000), 0.2)).toEqual([]);
  });
});

describe('monthlyIncomesRequestSchema', () => {
  it('refuses a month listed twice, a bad month and a zero member count', () => {
    const r = (records: unknown[]) => monthlyIncomesRequestSchema.safeParse({ records }).success;
    expect(r([{ month: '2026-01', incomeFen: 1, memberCount: 1 }])).toBe(true);
    expect(
      r([
        { month: '2026-01', incomeFen: 1, memberCount: 1 },
        { month: '2026-01', incomeFen: 2, memberCount: 1 },
      ]),
    ).toBe(false);
    expect(r([{ month: '2026-13', incomeFen: 1, memberCount: 1 }])).toBe(false);
    expect(r([{ month: '2026-01', incomeFen: 1, memberCount: 0 }])).toBe(false);
    expect(r([])).toBe(false);
  });
});
