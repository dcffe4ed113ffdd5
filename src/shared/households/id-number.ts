import { z } from 'zod';
import type { FieldIssue } from '../errors';
import { findRegion } from '../regions/region-code';

/**
 * Resident identity numbers (居民身份证号码, GB 11643): 6-digit region code,
 * 8-digit birth date, 3-digit sequence (odd = male, even = female) and an
 * ISO 7064 MOD 11-2 check character (`X` for 10). Old 15-digit numbers carry a
 * 2-digit year and no check character; they are converted to 18 characters.
 */

export type Sex = 'male' | 'female';

export const idNumberErrorKinds = [
  'empty',
  'length',
  'characters',
  'region',
  'birth_date',
  'check_digit',
] as const;
export type IdNumberErrorKind = (typeof idNumberErrorKinds)[number];

export type ParsedIdNumber = {
  /** The normalised 18-character number. */
  value: string;
  regionCode: string;
  /** Name of the region in today's division data, as precise as it is known. */
  regionName: string;
  /** False when digits 1–6 are not a current GB/T 2260 code (a retired county, say). */
  isRegionCurrent: boolean;
  birthDate: string;
  sex: Sex;
  /** True when the input was an old 15-digit number. */
  converted15: boolean;
};

export type IdNumberResult =
  ({ ok: true } & ParsedIdNumber) | { ok: false; error: IdNumberErrorKind; message: string };

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const checkChars = '10X98765432';

/**
 * Province-level prefixes a number may start with: the provinces of GB/T 2260
 * (from the division data), Taiwan (71), Hong Kong (81), Macao (82), and 83,
 * which the residence permits of Taiwan residents use (港澳台居民居住证).
 */
const extraProvinceNames: Record<string, string> = {
  '71': '台湾省',
  '81': '香港特别行政区',
  '82': '澳门特别行政区',
  '83': '台湾居民居住证',
};

/** The earliest birth year accepted. */
export const earliestBirthYear = 1900;

/** The ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function computeCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('computeCheckChar needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]!;
  return checkChars[sum % 11]!;
}

/**
 * Full-width digits and letters become ASCII (NFKC), every space goes (ASCII,
 * full-width, inside or around), letters are upper-cased.
 */
export function normalizeIdNumber(input: string): string {
  return input.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** Today's date in Asia/Shanghai (UTC+8 all year, no daylight saving). */
export function todayInShanghai(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function fail(error: IdNumberErrorKind, message: string): IdNumberResult {
  return { ok: false, error, message };
}

/** The most precise name the current division data has for a 6-digit code. */
function describeRegion(code: string): { name: string; isCurrent: boolean } | undefined {
  const exact = findRegion(code);
  if (exact) return { name: exact.fullName, isCurrent: true };
  const city = findRegion(`${code.slice(0, 4)}00`);
  if (city) return { name: city.fullName, isCurrent: false };
  const province = findRegion(`${code.slice(0, 2)}0000`);
  if (province) return { name: province.fullName, isCurrent: false };
  const extra = extraProvinceNames[code.slice(0, 2)];
  return extra ? { name: extra, isCurrent: false } : undefined;
}

/**
 * Parses an identity number. Region: only the province (digits 1–2) must be
 * known; digits 3–6 are accepted when they are not in today's division data,
 * because people keep the county code of the place and year their number was
 * issued and counties are retired and merged every year (110103 崇文区, gone in
 * 2010, is on valid cards). `today` (YYYY-MM-DD) bounds the birth date; it
 * defaults to today in Asia/Shanghai.
 */
export function parseIdNumber(input: string, options: { today?: string } = {}): IdNumberResult {
  const id = normalizeIdNumber(input);
  if (id === '') return fail('empty', 'required');
  if (id.length !== 18 && id.length !== 15)
    return fail('length', `must be 18 characters (or an old 15-digit number), got ${id.length}`);
  const converted15 = id.length === 15;
  if (converted15 ? !/^\d{15}$/.test(id) : !/^\d{17}[\dX]$/.test(id))
    return fail(
      'characters',
      converted15
        ? 'a 15-digit number has digits only'
        : 'digits only, with X allowed as the last character',
    );

  const regionCode = id.slice(0, 6);
  const region = describeRegion(regionCode);
  if (!region) return fail('region', `unknown province code ${regionCode.slice(0, 2)}`);

  const first17 = converted15 ? `${id.slice(0, 6)}19${id.slice(6)}` : id.slice(0, 17);
  const birth = first17.slice(6, 14);
  const year = Number(birth.slice(0, 4));
  const month = Number(birth.slice(4, 6));
  const day = Number(birth.slice(6, 8));
  const birthDate = `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`;
  if (!isCalendarDate(year, month, day))
    return fail('birth_date', `birth date ${birth} is not a real date`);
  if (year < earliestBirthYear)
    return fail('birth_date', `birth date ${birth} is before ${earliestBirthYear}`);
  if (birthDate > (options.today ?? todayInShanghai()))
    return fail('birth_date', `birth date ${birth} is in the future`);

  const check = computeCheckChar(first17);
  if (!converted15 && id[17] !== check) return fail('check_digit', 'bad check digit');

  return {
    ok: true,
    value: first17 + check,
    regionCode,
    regionName: region.name,
    isRegionCurrent: region.isCurrent,
    birthDate,
    sex: Number(first17[16]) % 2 === 1 ? 'male' : 'female',
    converted15,
  };
}

/** True when the input parses as a valid identity number. */
export function isValidIdNumber(input: string, options: { today?: string } = {}): boolean {
  return parseIdNumber(input, options).ok;
}

/**
 * Masks a number for lists and responses: the first 4 characters (province and
 * city, shared by a million people) and the last 4 (end of the sequence and the
 * check character, which staff read back on the phone) stay; birth date and
 * county are hidden. `11010519491231002X` → `1101**********002X`. Input of 8
 * characters or fewer is masked whole.
 */
export function maskIdNumber(input: string): string {
  const id = normalizeIdNumber(input);
  if (id.length <= 8) return '*'.repeat(id.length);
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

/**
 * The zod schema of an identity-number field: accepts what `parseIdNumber`
 * accepts and yields the normalised 18-character number; the issue message is
 * the parser's (`bad check digit`, `birth date 19000229 is not a real date`).
 */
export const idNumberSchema = z.string().transform((input, ctx) => {
  const parsed = parseIdNumber(input);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.message, params: { kind: parsed.error } });
    return z.NEVER;
  }
  return parsed.value;
});

/**
 * The number decides birth date and sex: returns the first form field that
 * contradicts it (birth date before sex), or null when the form agrees, leaves
 * the fields empty, or the number is itself invalid (its own error is reported
 * by `idNumberSchema`).
 */
export function idNumberContradiction(
  idNumber: string,
  form: { birthDate?: string | null; sex?: Sex | null },
  options: { today?: string } = {},
): FieldIssue | null {
  const parsed = parseIdNumber(idNumber, options);
  if (!parsed.ok) return null;
  if (form.birthDate && form.birthDate !== parsed.birthDate)
    return {
      path: 'birthDate',
      message: `the ID number says ${parsed.birthDate}, the form says ${form.birthDate}`,
    };
  if (form.sex && form.sex !== parsed.sex)
    return {
      path: 'sex',
      message: `the ID number says ${parsed.sex}, the form says ${form.sex}`,
    };
  return null;
}
