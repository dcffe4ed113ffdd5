import type { RawCell } from '../../shared/imports/import-cells';
import {
  isExtractHeader,
  matchExtractHeader,
  type ExtractColumnKey,
  type ExtractKind,
} from '../../shared/registry/registry';
import { csvRows, readRawRecords } from '../imports/import-reader';

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
  /** Each read column's header as the extract wrote it (for the rejected-rows report). */
  headers: Partial<Record<ExtractColumnKey, string>>;
};

const headerScanRows = 12;

type Header = {
  headerRow: number;
  columns: Map<number, ExtractColumnKey>;
  names: Partial<Record<ExtractColumnKey, string>>;
};

function pickHeader(kind: ExtractKind, rows: { row: number; cells: RawCell[] }[]): Header | null {
  let best: Header | null = null;
  for (const r of rows) {
    const columns = new Map<number, ExtractColumnKey>();
    const seen = new Set<ExtractColumnKey>();
    const names: Header['names'] = {};
    r.cells.forEach((cell, c) => {
      if (typeof cell !== 'string') return;
      const key = matchExtractHeader(kind, cell);
      if (key && !seen.has(key)) {
        seen.add(key);
        columns.set(c, key);
        names[key] = cell.trim().slice(0, 60);
      }
    });
    if (isExtractHeader(seen) && columns.size > (best?.columns.size ?? 0))
      best = { headerRow: r.row, columns, names };
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
    return { sheet, row: r.row, cells, headers: h.names };
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
  // The import's reader: the workbook is read in one uninterrupted pass into a
  // spool file first (exceljs's stream reader loses parts of the zip when its
  // consumer pauses, and matching pauses to stage rows), then replayed by sheet.
  const records = readRawRecords(path, 'xlsx')[Symbol.asyncIterator]();
  try {
    let next = await records.next();
    while (!next.done) {
      const { sheet, hidden } = next.value;
      async function* rows() {
        while (!next.done && next.value.sheet === sheet) {
          const { row, cells } = next.value;
          next = await records.next();
          yield { row, cells };
        }
      }
      if (!hidden) yield* sheetRows(kind, sheet, rows());
      // Whatever the sheet had left (hidden, or no header of this kind) is passed over.
      for await (const _ of rows()) void _;
    }
  } finally {
    await records.return?.(undefined); // removes the spool file if reading stopped early
  }
}
