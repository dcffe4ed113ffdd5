import dayjs from 'dayjs';
import type { PolicyScheme, PolicyVersion } from '../../../shared/households/policy';

/** What GET /api/policy/rates lists: a 低保 line or a minimum wage for a region and period. */
export type RateKind = 'dibao' | 'minimum_wage';
export const rateKinds: readonly RateKind[] = ['dibao', 'minimum_wage'];

export type Rate = {
  id: number;
  kind: RateKind;
  regionCode: string;
  regionName: string | null;
  monthlyFen: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  note: string | null;
  version: number;
};

/** GET /api/policy/versions */
export type PolicyVersionRow = {
  id: string;
  scheme: PolicyScheme;
  effectiveFrom: string;
  definition: PolicyVersion;
  version: number;
};

export type RateState = 'current' | 'future' | 'expired';

/** Whether a rate is in force today, still to come, or over. */
export function rateState(rate: Pick<Rate, 'effectiveFrom' | 'effectiveTo'>, today: string) {
  if (rate.effectiveFrom > today) return 'future' satisfies RateState;
  if (rate.effectiveTo !== null && rate.effectiveTo < today) return 'expired' satisfies RateState;
  return 'current' satisfies RateState;
}

export function todayIso(): string {
  return dayjs().format('YYYY-MM-DD');
}

/** Yuan typed in a form (2 decimals) → integer fen. */
export function yuanToFen(yuan: number): number {
  return Math.round(yuan * 100);
}

export function fenToYuan(fen: number): number {
  return fen / 100;
}

/** The code prefix that covers a region and everything under it: 320000 → 32, 320100 → 3201. */
export function regionPrefix(code: string | null): string | undefined {
  if (!code) return undefined;
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}
