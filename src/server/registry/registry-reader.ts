import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { AppError } from '../../shared/errors';
import type { RawCell } from '../../shared/imports/import-cells';
import {
  isExtractHeader,
  matchExtractHeader,
  type ExtractColumnKey,
  type ExtractKind,
} from '../../shared/registry/registry';
import { checkXlsxContainer, csvRows, rawCellOf } from '../imports/import-reader';

/**
 * Streams the rows of an extract with the household import's readers (the
 * zip-bomb check, exceljs's streaming reader with formulas never evaluated,
 * the UTF-8/GBK CSV reader); only the header is the extract's own: the row
 * among the first ones that names the most of the kind's columns.
 */

export type ExtractRow = {
  sheet: string;
  row: number;
  cells: Partial<Record<ExtractColumnKey, RawCell>>;
};

const headerScanRows = 12;

type Header = { headerRow: number; columns: Map<number, ExtractColumnKey> };

function pickHeader(kind: ExtractKind, rows: { row: number; cells: RawCell[] }[]): Header | null {
  let best: Header | null = null;
  for (const r of rows) {
    const columns = new Map<number, ExtractColumnKey>();
    const seen = new Set<ExtractColumnKey>();
    r.cells.forEach((cell, c) => {
      if (typeof cell !== 'string') return;
      const key = matchExtractHeader(kind, cell);
      if (key && !seen.has(key)) {
        seen.add(key);
        columns.set(c, key);
      }
    });
    if (isExtractHeader(seen) && columns.size > (best?.columns.size ?? 0))
      best = { headerRow: r.row, columns };
  }
  return best;
}

async function* sheetRows(
  kind: ExtractKind,
  sheet: string,
  rows: AsyncIterable<{ row: number; cells: RawCell[] }>,
): AsyncGenerator<ExtractRow> {
  const head: { row: number; cells: RawCell[] }[] = [];
  let header: Header | null = null;
  const emit = (r: { row: number; cells: RawCell[] }, h: Header): ExtractRow => {
    const cells: ExtractRow['cells'] = {};
    for (const [c, key] of h.columns) cells[key] = r.cells[c] ?? null;
    return { sheet, row: r.row, cells };
  };
  for await (const r of rows) {
    if (!header) {
      head.push(r);
      if (head.length < headerScanRows) continue;
      header = pickHeader(kind, head);
      if (!header) return;
      for (const h of head) if (h.row > header.headerRow) yield emit(h, header);
      continue;
    }
    yield emit(r, header);
  }
  if (!header) {
    header = pickHeader(kind, head);
    if (!header) return;
    for (const h of head) if (h.row > header.headerRow) yield emit(h, header);
  }
}

/** Every row of every visible sheet with the kind's header, in file order. */
export async function* readExtractRows(
  path: string,
  fileKind: 'xlsx' | 'csv',
  kind: ExtractKind,
): AsyncGenerator<ExtractRow> {
  if (fileKind === 'csv') {
    yield* sheetRows(kind, 'CSV', csvRows(path));
    return;
  }
  await checkXlsxContainer(path);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(path), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const ws of reader) {
      const sheet = ws as unknown as ExcelJS.Worksheet & { name: string; state?: string };
      const hidden = sheet.state === 'hidden' || sheet.state === 'veryHidden';
      async function* rows() {
        for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
          const values = row.values as ExcelJS.CellValue[];
          const cells: RawCell[] = [];
          for (let c = 1; c < values.length; c++) cells.push(rawCellOf(values[c]));
          yield { row: row.number, cells };
        }
      }
      if (hidden) {
        for await (const _ of rows()) void _;
        continue;
      }
      yield* sheetRows(kind, sheet.name, rows());
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const message = `文件无法作为 Excel 工作簿读取（${error instanceof Error ? error.message.slice(0, 80) : '格式错误'}）`;
    throw new AppError('VALIDATION', message, { userMessage: message });
  }
}
