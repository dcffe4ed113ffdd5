import { z } from 'zod';

/**
 * 脱困 by income (domain.md §4): a household is out of hardship when its
 * per-capita income was strictly above the 低保 line in N consecutive calendar
 * months (the region's `exitIncomeMonths`, 6 by default) ending with the latest
 * month recorded. A month with no record breaks the run; a month equal to the
 * line does not count. Each month is compared with the line that applied in that
 * month (stored with the record), so a line that changes mid-run is honoured.
 */

/** A calendar month, 'YYYY-MM'. */
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

/** One month of a household's income as stored (household_monthly_incomes). */
export type MonthlyIncome = {
  month: string;
  /** The household's total income that month, in fen. */
  incomeFen: number;
  memberCount: number;
  /** The 低保 line per person that applied that month, in fen; null when none was known. */
  lineFen: number | null;
};

/** The month before or after `month` by `n` (negative: earlier). */
export function addMonthsToMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Per-capita income in fen, rounded down (for display; comparisons use exact arithmetic). */
export function perCapitaFen(record: Pick<MonthlyIncome, 'incomeFen' | 'memberCount'>): number {
  return Math.floor(record.incomeFen / record.memberCount);
}

/** Strictly above the line, compared exactly: income > line × members. */
export function isAboveLine(record: MonthlyIncome): boolean {
  return record.lineFen !== null && record.incomeFen > record.lineFen * record.memberCount;
}

/** Below the line (strictly): the relapse watch's first income signal. */
export function isBelowLine(record: MonthlyIncome): boolean {
  return record.lineFen !== null && record.incomeFen < record.lineFen * record.memberCount;
}

export type IncomeMonthResult = {
  month: string;
  perCapitaFen: number;
  lineFen: number | null;
  isAbove: boolean;
  /** How far per-capita income falls short of passing the line (0 when equal), in fen; null when above or no line. */
  shortfallFen: number | null;
};

export function monthResult(record: MonthlyIncome): IncomeMonthResult {
  const above = isAboveLine(record);
  return {
    month: record.month,
    perCapitaFen: perCapitaFen(record),
    lineFen: record.lineFen,
    isAbove: above,
    shortfallFen:
      above || record.lineFen === null
        ? null
        : Math.max(0, record.lineFen - record.incomeFen / record.memberCount),
  };
}

/** Why the run stopped where it did. */
export type RunBreak =
  | { kind: 'no_records' }
  | { kind: 'not_above'; month: string; shortfallFen: number; isEqual: boolean }
  | { kind: 'no_line'; month: string }
  | { kind: 'gap'; month: string }
  | { kind: 'too_few'; firstRecorded: string };

export type OutOfHardshipCheck = {
  qualifies: boolean;
  requiredMonths: number;
  /** The latest month recorded, if any. */
  latestMonth: string | null;
  /** The months of the run of consecutive months above the line ending with the latest, oldest first. */
  runMonths: string[];
  /** Why the run is shorter than required (null when it qualifies). */
  break: RunBreak | null;
  /** Each recorded month of the window examined, oldest first. */
  months: IncomeMonthResult[];
  explanation: { zh: string; en: string };
};

function yuan(fen: number): string {
  return (fen / 100).toFixed(2);
}

/**
 * Whether the records show 脱困: N consecutive calendar months strictly above
 * the line, ending with the latest record. Explains which months count and,
 * when they do not suffice, the month that broke the run and its shortfall.
 */
export function checkOutOfHardship(
  records: readonly MonthlyIncome[],
  requiredMonths: number,
): OutOfHardshipCheck {
  const byMonth = new Map(records.map((r) => [r.month, r]));
  const sorted = [...byMonth.keys()].sort();
  const latestMonth = sorted.at(-1) ?? null;
  const run: string[] = [];
  let stop: RunBreak | null = null;
  if (latestMonth === null) stop = { kind: 'no_records' };
  else {
    let month = latestMonth;
    while (run.length < requiredMonths) {
      const record = byMonth.get(month);
      if (!record) {
        stop =
          month < sorted[0]!
            ? { kind: 'too_few', firstRecorded: sorted[0]! }
            : { kind: 'gap', month };
        break;
      }
      if (record.lineFen === null) {
        stop = { kind: 'no_line', month };
        break;
      }
      if (!isAboveLine(record)) {
        const r = monthResult(record);
        stop = {
          kind: 'not_above',
          month,
          shortfallFen: r.shortfallFen ?? 0,
          isEqual: record.incomeFen === record.lineFen * record.memberCount,
        };
        break;
      }
      run.unshift(month);
      month = addMonthsToMonth(month, -1);
    }
  }
  const qualifies = run.length >= requiredMonths;
  const windowStart = latestMonth ? addMonthsToMonth(latestMonth, -(requiredMonths - 1)) : '';
  const months = sorted
    .filter((m) => latestMonth !== null && m >= windowStart && m <= latestMonth)
    .map((m) => monthResult(byMonth.get(m)!));
  return {
    qualifies,
    requiredMonths,
    latestMonth,
    runMonths: run,
    break: qualifies ? null : stop,
    months,
    explanation: explain(qualifies, requiredMonths, run, qualifies ? null : stop),
  };
}

function explain(
  qualifies: boolean,
  required: number,
  run: string[],
  stop: RunBreak | null,
): { zh: string; en: string } {
  const span = run.length ? `${run[0]} 至 ${run.at(-1)}` : '';
  const spanEn = run.length ? `${run[0]} to ${run.at(-1)}` : '';
  if (qualifies)
    return {
      zh: `${span} 连续 ${required} 个月家庭人均收入高于当月低保标准，符合脱困条件`,
      en: `Per-capita income was above that month’s 低保 line in ${required} consecutive months (${spanEn}): the household qualifies as out of hardship`,
    };
  const have = run.length
    ? {
        zh: `仅 ${span} 连续 ${run.length} 个月高于低保标准`,
        en: `only ${run.length} consecutive month(s) above the line (${spanEn})`,
      }
    : { zh: '没有连续高于低保标准的月份', en: 'no consecutive months above the line' };
  const need = { zh: `须连续 ${required} 个月`, en: `${required} are required` };
  let why: { zh: string; en: string };
  switch (stop!.kind) {
    case 'no_records':
      return {
        zh: `尚无月收入记录，须连续 ${required} 个月人均收入高于低保标准`,
        en: `No monthly income recorded; ${required} consecutive months above the 低保 line are required`,
      };
    case 'not_above':
      why = stop!.isEqual
        ? {
            zh: `${stop!.month} 人均收入等于低保标准（等于不算高于）`,
            en: `in ${stop!.month} per-capita income equalled the line (equal does not count)`,
          }
        : {
            zh: `${stop!.month} 人均收入低于低保标准 ${yuan(stop!.shortfallFen)} 元`,
            en: `in ${stop!.month} per-capita income was ${yuan(stop!.shortfallFen)} yuan below the line`,
          };
      break;
    case 'no_line':
      why = {
        zh: `${stop!.month} 没有适用的低保标准`,
        en: `no 低保 line applied in ${stop!.month}`,
      };
      break;
    case 'gap':
      why = {
        zh: `${stop!.month} 缺少收入记录（断月）`,
        en: `${stop!.month} has no record (a gap)`,
      };
      break;
    case 'too_few':
      why = {
        zh: `记录自 ${stop!.firstRecorded} 起，月数不足`,
        en: `records start in ${stop!.firstRecorded}, too few months`,
      };
      break;
  }
  return {
    zh: `${have.zh}，${need.zh}：${why.zh}，不符合脱困条件`,
    en: `${have.en}; ${need.en}: ${why.en}. The household does not qualify yet`,
  };
}

/**
 * 返困 signals from a monthly income record of an exited household: below the
 * line, or per-capita income `dropShare` or more below the previous record's.
 */
export type IncomeSignal = 'income_below_line' | 'income_drop';

export function incomeSignals(
  current: MonthlyIncome,
  previous: MonthlyIncome | null,
  dropShare: number,
): { signal: IncomeSignal; detail: { zh: string; en: string } }[] {
  const out: { signal: IncomeSignal; detail: { zh: string; en: string } }[] = [];
  const pc = current.incomeFen / current.memberCount;
  if (isBelowLine(current))
    out.push({
      signal: 'income_below_line',
      detail: {
        zh: `${current.month} 人均收入 ${yuan(pc)} 元，低于低保标准 ${yuan(current.lineFen!)} 元`,
        en: `${current.month}: per-capita income ${yuan(pc)} yuan, below the line of ${yuan(current.lineFen!)} yuan`,
      },
    });
  if (previous && previous.incomeFen > 0) {
    const prevPc = previous.incomeFen / previous.memberCount;
    // Exact enough in floating point: both sides are sums of whole fen divided by small counts.
    const drop = (prevPc - pc) / prevPc;
    if (drop >= dropShare - 1e-12)
      out.push({
        signal: 'income_drop',
        detail: {
          zh: `${current.month} 人均收入 ${yuan(pc)} 元，比 ${previous.month} 的 ${yuan(prevPc)} 元下降 ${Math.round(drop * 100)}%`,
          en: `${current.month}: per-capita income ${yuan(pc)} yuan, ${Math.round(drop * 100)}% below ${previous.month} (${yuan(prevPc)} yuan)`,
        },
      });
  }
  return out;
}

// ---------------------------------------------------------------- API

export const monthlyIncomeInputSchema = z.object({
  month: monthSchema,
  incomeFen: z.number().int().min(0).max(1_000_000_000),
  memberCount: z.number().int().min(1).max(50),
  note: z.string().trim().max(200).optional(),
});
export type MonthlyIncomeInput = z.output<typeof monthlyIncomeInputSchema>;

/** Several months in one form (bulk entry); a month may appear once. */
export const monthlyIncomesRequestSchema = z.object({
  records: z
    .array(monthlyIncomeInputSchema)
    .min(1)
    .max(36)
    .refine((rs) => new Set(rs.map((r) => r.month)).size === rs.length, 'a month is listed twice'),
});
export type MonthlyIncomesRequest = z.output<typeof monthlyIncomesRequestSchema>;

export type MonthlyIncomeView = IncomeMonthResult & {
  incomeFen: number;
  memberCount: number;
  note: string | null;
  recordedAt: string;
  recordedByName: string | null;
};

export type MonthlyIncomesView = {
  householdId: number;
  records: MonthlyIncomeView[];
  check: OutOfHardshipCheck;
};
