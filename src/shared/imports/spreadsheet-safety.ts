/**
 * Spreadsheet (CSV/Excel) formula injection: a cell whose text starts with
 * = + - @ (or a tab / carriage return, which some programs strip before
 * reading the rest) is run as a formula when the file is opened. Every export
 * passes text cells through `guardCellText`, which puts a leading apostrophe in
 * front: spreadsheet programs show the text as written and never evaluate it.
 */
const formulaStart = /^[=+\-@\t\r]/;

export function isFormulaLike(text: string): boolean {
  return formulaStart.test(text);
}

/** The text as a spreadsheet will show it without ever running it. */
export function guardCellText(text: string): string {
  return isFormulaLike(text) ? `'${text}` : text;
}

/** Guards strings and leaves numbers, dates, booleans and empty cells as they are. */
export function guardCellValue<T>(value: T): T | string {
  return typeof value === 'string' ? guardCellText(value) : value;
}

/** A row object (exceljs `addRow({...})`) with every text value guarded. */
export function guardRowValues<T extends Record<string, unknown>>(row: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = guardCellValue(v);
  return out as T;
}

/** `ws.addRow(row)` with every text value guarded; returns the sheet's row. */
export function addGuardedRow<R>(
  ws: { addRow(values: Record<string, unknown>): R },
  row: Record<string, unknown>,
): R {
  return ws.addRow(guardRowValues(row));
}
