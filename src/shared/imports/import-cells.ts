/**
 * What real spreadsheets hold, turned into clean values: full-width digits and
 * spaces, trailing whitespace, ID numbers stored as numbers (their last digits
 * lost), dates as Excel serial numbers or text in the formats clerks type.
 * Pure functions, shared by the importer (server) and its tests.
 */

/**
 * A cell as the readers hand it over: text, a number, a boolean, a date cell
 * (already a calendar day), or a problem found while reading (a formula
 * without a cached value, an error value such as #REF!).
 */
export type RawCell = string | number | boolean | { date: string } | { problem: string } | null;

export type CellResult<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });
const fail = (message: string): CellResult<never> => ({ ok: false, message });

/**
 * Full-width digits, Latin letters and the separators of dates and numbers
 * (－ ／ ． ：) become ASCII; the ideographic space a space. Nothing else is
 * touched: Chinese punctuation in free text (，（）；、。) is the user's text
 * and stays as typed (NFKC would turn it half-width).
 */
const fullWidthToAscii = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff0d\uff0f\uff0e\uff1a]/g;

/** The leading apostrophe Bangfu's exports put before = + - @ (formula-injection guard). */
const exportGuard = /^'(?=[=+\-@])/;

/** Full-width alphanumerics made ASCII, trimmed, inner runs of spaces kept single, the export guard undone. */
export function cleanText(text: string): string {
  return text
    .replace(fullWidthToAscii, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u200b\ufeff]/g, '')
    .replace(/[\s\u3000]+/g, ' ')
    .trim()
    .replace(exportGuard, '');
}

/** The cell as text ('' when empty); numbers without exponent or float noise. */
export function cellText(cell: RawCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cleanText(cell);
  if (typeof cell === 'number') return Number.isInteger(cell) ? cell.toFixed(0) : String(cell);
  if (typeof cell === 'boolean') return cell ? '是' : '否';
  if ('date' in cell) return cell.date;
  return '';
}

export function isBlankCell(cell: RawCell): boolean {
  return typeof cell === 'object' && cell !== null && 'problem' in cell ? false : !cellText(cell);
}

/** Largest integer a spreadsheet stores exactly (Excel keeps 15 significant digits). */
const exactDigits = 15;

/**
 * An ID number cell. An 18-digit number typed into a number-formatted column
 * is stored as a floating-point number with its last digits rounded away
 * (320102197504121234 → 320102197504121000, shown as 3.20102E+17): it can never
 * be recovered, so the row is refused with a message that says what to do.
 */
export function readIdNumberCell(cell: RawCell): CellResult<string | null> {
  if (typeof cell === 'number') {
    if (!Number.isInteger(cell) || cell < 0) return fail('不是身份证号');
    const digits = cell.toFixed(0);
    if (digits.length > exactDigits) return fail(idAsNumberMessage);
    return ok(digits);
  }
  const text = cellText(cell).replace(/\s+/g, '').toUpperCase();
  if (!text) return ok(null);
  // A CSV saved by Excel from a number column: 3.20102E+17, or 18 digits ending in zeros.
  if (/^\d(\.\d+)?E\+\d+$/.test(text)) return fail(idAsNumberMessage);
  return ok(text.replace(/^'/, ''));
}

export const idAsNumberMessage =
  '身份证号被存成了数字，后几位已经丢失（表格软件只保留 15 位有效数字）。请把这一列设置为“文本”格式，重新填写身份证号后再导入';

/** Days from 1899-12-30 (Excel's day 0, which absorbs its 1900 leap-year bug) to 1970-01-01. */
const excelEpochOffset = 25569;

function isoOf(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d.toISOString().slice(0, 10);
}

/** An Excel serial day number (1 = 1900-01-01) as a calendar day. */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 80000) return null;
  const ms = Math.round((Math.floor(serial) - excelEpochOffset) * 86_400_000);
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * A date cell: a date-formatted cell, an Excel serial number, or text as
 * 2026-01-05, 2026/1/5, 2026.1.5, 2026年1月5日 or 20260105.
 */
export function readDateCell(cell: RawCell): CellResult<string | null> {
  if (cell && typeof cell === 'object' && 'date' in cell) return ok(cell.date);
  if (typeof cell === 'number') {
    if (cell >= 19000101 && cell <= 21001231 && Number.isInteger(cell))
      return readDateCell(String(cell));
    const iso = excelSerialToIso(cell);
    return iso ? ok(iso) : fail('不是日期');
  }
  const text = cellText(cell).replace(/\s+/g, '');
  if (!text) return ok(null);
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) {
    const iso = isoOf(Number(m[1]), Number(m[2]), Number(m[3]));
    return iso ? ok(iso) : fail(`“${text}”不是真实的日期`);
  }
  if (/^\d{5}(\.\d+)?$/.test(text)) {
    const iso = excelSerialToIso(Number(text));
    if (iso) return ok(iso);
  }
  return fail(`“${text}”不是可识别的日期，请写成 2026-01-05 或 2026年1月5日`);
}

const yesWords = new Set(['是', '有', 'Y', 'YES', 'TRUE', '1', '√', '能', '可以']);
const noWords = new Set(['否', '无', '没有', 'N', 'NO', 'FALSE', '0', '×', '不能', '不可以']);

/** 是/否 and its usual spellings. */
export function readYesNoCell(cell: RawCell): CellResult<boolean | null> {
  if (typeof cell === 'boolean') return ok(cell);
  const text = cellText(cell).toUpperCase();
  if (!text) return ok(null);
  if (yesWords.has(text)) return ok(true);
  if (noWords.has(text)) return ok(false);
  return fail(`“${text}”请填写“是”或“否”`);
}

/** An amount in yuan (元) with at most two decimals, as integer fen. */
export function readYuanCell(cell: RawCell): CellResult<number | null> {
  let n: number;
  if (typeof cell === 'number') n = cell;
  else {
    const text = cellText(cell)
      .replace(/[,，\s]/g, '')
      .replace(/元$/, '')
      .replace(/^¥/, '');
    if (!text) return ok(null);
    if (!/^-?\d+(\.\d+)?$/.test(text)) return fail(`“${text}”不是金额，请只填数字（单位：元）`);
    n = Number(text);
  }
  if (n < 0) return fail('金额不能为负数');
  const fen = Math.round(n * 100);
  if (Math.abs(fen - n * 100) > 1e-6 * Math.max(1, n)) return fail('金额最多保留两位小数（分）');
  if (fen > 100_000_000_00) return fail('金额过大，请核对单位是否为元');
  return ok(fen);
}

/**
 * A label from a list (与户主关系, 致困原因 …), matched after cleaning; the
 * code itself is accepted too, so an exported file re-imports.
 */
export function readLabelCell<T extends string>(
  cell: RawCell,
  labels: Readonly<Record<string, T>>,
  what: string,
): CellResult<T | null> {
  const text = cellText(cell).replace(/\s+/g, '');
  if (!text) return ok(null);
  const code = labels[text] ?? labels[text.toLowerCase()];
  if (code) return ok(code);
  return fail(`“${text}”不是可选的${what}，请从下拉列表中选择`);
}

/** Several labels in one cell, separated by 、，,；; or spaces. */
export function readLabelListCell<T extends string>(
  cell: RawCell,
  labels: Readonly<Record<string, T>>,
  what: string,
): CellResult<T[]> {
  const parts = cellText(cell)
    .split(/[、，,；;\s]+/)
    .filter(Boolean);
  const out: T[] = [];
  for (const p of parts) {
    const r = readLabelCell(p, labels, what);
    if (!r.ok) return r;
    if (r.value) out.push(r.value);
  }
  return ok(out);
}

/** Label → code, with the codes themselves and common variants of the labels. */
export function labelIndex<T extends string>(
  labels: Readonly<Record<T, string>>,
  extra: Record<string, T> = {},
): Record<string, T> {
  const index: Record<string, T> = {};
  for (const [code, label] of Object.entries(labels) as [T, string][]) {
    index[code] = code;
    index[label.replace(/\s+/g, '')] = code;
    for (const part of label.split('/')) index[part] = code;
  }
  return { ...index, ...extra };
}
