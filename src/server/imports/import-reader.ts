import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { open, rm } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { AppError } from '../../shared/errors';
import type { RawCell } from '../../shared/imports/import-cells';
import {
  matchHeader,
  sheetRoleOf,
  type ImportColumnKey,
  type RawRow,
  type SheetRole,
} from '../../shared/imports/household-import';

/**
 * Streaming readers of an import file on disk: .xlsx through exceljs's
 * `WorkbookReader` (one row at a time, formulas never evaluated: a formula
 * cell gives its cached value or a problem) and CSV in UTF-8 or GBK (detected;
 * with or without BOM). Neither holds the file in memory.
 */

export type SheetRow = RawRow & { role: SheetRole };

/** Rows at the top of a sheet searched for the header (a title and notes may come first). */
const headerScanRows = 12;
/** Unpacked, the parts of an .xlsx of a million plain rows weigh a few hundred MB. */
export const maxUnzippedBytes = 1024 * 1024 * 1024;
/** Sheet XML packs 10–30×; past this ratio a part is padding built to explode. */
const maxEntryRatio = 400;

function refuse(message: string): never {
  throw new AppError('VALIDATION', message, { userMessage: message });
}

/**
 * Zip-bomb check before parsing: reads the central directory (the end of the
 * file) and refuses when the declared unpacked size, or any part's ratio, is
 * beyond what a spreadsheet of plain rows can be. The streaming unzip also
 * stops at these sizes, since a lying directory is checked by the inflater's
 * own byte count (exceljs reads entries as they inflate).
 */
export type ZipEntry = { name: string; localOffset: number; end?: number };

export async function checkXlsxContainer(path: string): Promise<ZipEntry[]> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    if (head.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])))
      refuse('这是旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 格式后再上传');
    if (!head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])))
      refuse('文件不是 .xlsx 工作簿，请使用导入模板或另存为 .xlsx / .csv');
    const tailLength = Math.min(size, 0xffff + 22);
    const tail = Buffer.alloc(tailLength);
    await fh.read(tail, 0, tailLength, size - tailLength);
    let end = -1;
    for (let i = tail.length - 22; i >= 0; i--)
      if (tail.readUInt32LE(i) === 0x06054b50) {
        end = i;
        break;
      }
    if (end < 0) refuse('文件无法作为 Excel 工作簿读取，可能已损坏');
    const entries = tail.readUInt16LE(end + 10);
    const dirSize = tail.readUInt32LE(end + 12);
    const dirOffset = tail.readUInt32LE(end + 16);
    if (entries === 0xffff || dirOffset === 0xffffffff || dirOffset + dirSize > size)
      refuse('文件过大或结构异常（ZIP64），请拆分后再上传');
    const dir = Buffer.alloc(dirSize);
    await fh.read(dir, 0, dirSize, dirOffset);
    let at = 0;
    let total = 0;
    const found: ZipEntry[] = [];
    for (let e = 0; e < entries; e++) {
      if (at + 46 > dir.length || dir.readUInt32LE(at) !== 0x02014b50)
        refuse('文件无法作为 Excel 工作簿读取，可能已损坏');
      const compressed = dir.readUInt32LE(at + 20);
      const unpacked = dir.readUInt32LE(at + 24);
      total += unpacked;
      if (unpacked > 10 * 1024 * 1024 && unpacked / Math.max(compressed, 1) > maxEntryRatio)
        refuse('文件解压后异常膨胀（疑似压缩炸弹），已拒绝');
      const nameLength = dir.readUInt16LE(at + 28);
      found.push({
        name: dir.toString('utf8', at + 46, at + 46 + nameLength),
        localOffset: dir.readUInt32LE(at + 42),
      });
      at += 46 + nameLength + dir.readUInt16LE(at + 30) + dir.readUInt16LE(at + 32);
    }
    if (total > maxUnzippedBytes)
      refuse('文件解压后过大，请删去多余的工作表、图片和格式，或拆分成几个文件');
    found.sort((a, b) => a.localOffset - b.localOffset);
    return found.map((e, i) => ({ ...e, end: found[i + 1]?.localOffset ?? dirOffset }));
  } finally {
    await fh.close();
  }
}

/** The parts exceljs's stream reader must have read before any worksheet. */
const leadingParts =
  /^xl\/(_rels\/workbook\.xml\.rels|workbook\.xml|sharedStrings\.xml|styles\.xml)$/;

/**
 * The .xlsx as a stream with the workbook, its relations, shared strings and
 * styles moved before the worksheets. Spreadsheet programs (LibreOffice among
 * them) often write the worksheets first; exceljs's stream reader then parks
 * them in temporary files and, under load, loses parts of the zip. In this
 * order it reads every worksheet straight from the stream. Each part's local
 * record (header, data, descriptor) is copied as the byte range it occupies.
 */
export async function xlsxStream(path: string): Promise<Readable> {
  const entries = await checkXlsxContainer(path);
  const ordered = [
    ...entries.filter((e) => leadingParts.test(e.name)),
    ...entries.filter((e) => !leadingParts.test(e.name)),
  ];
  async function* parts() {
    for (const e of ordered)
      if (e.end! > e.localOffset)
        yield* createReadStream(path, { start: e.localOffset, end: e.end! - 1 });
  }
  return Readable.from(parts(), { objectMode: false });
}

function dateOnly(d: Date): string {
  // exceljs turns a date serial into a Date at UTC midnight of that day.
  return new Date(d.getTime() + 12 * 3600_000).toISOString().slice(0, 10);
}

/** An exceljs cell value as a RawCell, formulas never evaluated. */
export function rawCellOf(value: ExcelJS.CellValue | undefined): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  if (value instanceof Date) return { date: dateOnly(value) };
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: ExcelJS.CellValue }).result;
      if (result === undefined || result === null)
        return { problem: '这是公式，且没有保存计算结果：请复制后“选择性粘贴为数值”再导入' };
      if (typeof result === 'object' && !(result instanceof Date) && 'error' in result)
        return { problem: `公式的结果是错误值 ${String((result as { error: string }).error)}` };
      return rawCellOf(result);
    }
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('error' in value) return { problem: `单元格是错误值 ${String(value.error)}` };
    if ('text' in value) return rawCellOf((value as { text: ExcelJS.CellValue }).text);
  }
  return null;
}

type HeaderPick = {
  headerRow: number;
  role: SheetRole;
  columns: Map<number, ImportColumnKey>;
  headers: Partial<Record<ImportColumnKey, string>>;
};

/**
 * The header among the first rows: the row whose cells name the most import
 * columns. A cell left empty under a merged title takes the text of the row
 * above (two-row headers with merged cells); a header repeated keeps its first column.
 */
export function pickHeader(rows: { row: number; cells: RawCell[] }[]): HeaderPick | null {
  let best: HeaderPick | null = null;
  let bestCount = 0;
  rows.forEach((r, i) => {
    const above = i > 0 ? rows[i - 1]! : null;
    const columns = new Map<number, ImportColumnKey>();
    const headers: Partial<Record<ImportColumnKey, string>> = {};
    const width = Math.max(r.cells.length, above?.cells.length ?? 0);
    for (let c = 0; c < width; c++) {
      const own = typeof r.cells[c] === 'string' ? (r.cells[c] as string) : '';
      const up = above && typeof above.cells[c] === 'string' ? (above.cells[c] as string) : '';
      let key = own ? matchHeader(own) : null;
      let text = own;
      if (!key && !own && up) {
        key = matchHeader(up);
        text = up;
      }
      if (key && headers[key] === undefined) {
        columns.set(c, key);
        headers[key] = text.trim();
      }
    }
    const role = sheetRoleOf(new Set(columns.values()));
    if (role && columns.size > bestCount) {
      best = { headerRow: r.row, role, columns, headers };
      bestCount = columns.size;
    }
  });
  return best;
}

export type SheetInfo = { sheet: string; role: SheetRole | null; hidden: boolean };

/** One row of one sheet as read, before any header is known. */
export type RawRecord = { sheet: string; hidden: boolean; row: number; cells: RawCell[] };

/**
 * Reads every row of an .xlsx into a spool file (JSON lines beside the upload)
 * in one pass that never waits on anything else: exceljs's stream reader ends
 * the zip early (FILE_ENDED) when its consumer pauses, and the check pauses to
 * write to the database. Formulas are never evaluated (rawCellOf).
 */
/**
 * exceljs's stream reader decodes each inflated chunk of a sheet's XML on its
 * own (`parse-sax.js`: `bufferToString(chunk)`), so a Chinese character cut
 * by a chunk boundary became two U+FFFD — a name or address garbled without a
 * word (exceljs issues #2063, #2084). This reader hands it text decoded across
 * chunks instead: the worksheets' chunks through a UTF-8 `StringDecoder`, the
 * shared strings' entry with its encoding set (a string passes through
 * `bufferToString` unchanged).
 */
type ReaderInternals = {
  _parseWorksheet: (iterator: AsyncIterable<Buffer | string>, sheetNo: string) => unknown;
  _parseSharedStrings: (entry: NodeJS.ReadableStream) => AsyncGenerator<unknown>;
};

async function* decodedUtf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

function withWholeCharacters(reader: InstanceType<typeof ExcelJS.stream.xlsx.WorkbookReader>) {
  const internals = reader as unknown as ReaderInternals;
  const parseWorksheet = internals._parseWorksheet;
  const parseSharedStrings = internals._parseSharedStrings;
  internals._parseWorksheet = function (iterator, sheetNo) {
    return parseWorksheet.call(this, decodedUtf8(iterator), sheetNo);
  };
  internals._parseSharedStrings = async function* (entry) {
    entry.setEncoding('utf8');
    yield* parseSharedStrings.call(this, entry);
  };
  return reader;
}

async function spoolXlsx(path: string): Promise<string> {
  const spool = `${path}.${randomUUID()}.rows`;
  const out = createWriteStream(spool, { mode: 0o600 });
  let writeError: unknown;
  out.on('error', (e) => (writeError = e));
  const reader = withWholeCharacters(
    new ExcelJS.stream.xlsx.WorkbookReader(await xlsxStream(path), {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    }),
  );
  try {
    for await (const ws of reader) {
      const sheet = ws as unknown as ExcelJS.Worksheet & { name: string; state?: string };
      const hidden = sheet.state === 'hidden' || sheet.state === 'veryHidden';
      for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as ExcelJS.CellValue[];
        const cells: RawCell[] = [];
        for (let c = 1; c < values.length; c++) cells.push(rawCellOf(values[c]));
        out.write(`${JSON.stringify({ sheet: sheet.name, hidden, row: row.number, cells })}\n`);
      }
    }
  } catch (error) {
    out.destroy();
    await rm(spool, { force: true });
    refuse(
      `文件无法作为 Excel 工作簿读取（${error instanceof Error ? error.message.slice(0, 80) : '格式错误'}）`,
    );
  }
  out.end();
  await once(out, 'close');
  if (writeError) {
    await rm(spool, { force: true });
    throw writeError;
  }
  return spool;
}

/** Every row of every sheet of the file, as read (CSV: one sheet named CSV). */
export async function* readRawRecords(
  path: string,
  kind: 'xlsx' | 'csv',
): AsyncGenerator<RawRecord> {
  if (kind === 'csv') {
    for await (const r of csvRows(path)) yield { sheet: 'CSV', hidden: false, ...r };
    return;
  }
  const spool = await spoolXlsx(path);
  try {
    const lines = createInterface({ input: createReadStream(spool), crlfDelay: Infinity });
    for await (const line of lines) if (line) yield JSON.parse(line) as RawRecord;
  } finally {
    await rm(spool, { force: true });
  }
}

/** Finds a sheet's header among its first rows, then turns each later row into a SheetRow. */
function sheetProcessor(sheet: string, onSheet: (info: SheetInfo) => void) {
  const head: { row: number; cells: RawCell[] }[] = [];
  let pick: HeaderPick | null = null;
  let isDone = false;
  const emit = (r: { row: number; cells: RawCell[] }, p: HeaderPick): SheetRow => {
    const cells: SheetRow['cells'] = {};
    for (const [c, key] of p.columns) cells[key] = r.cells[c] ?? null;
    return { sheet, row: r.row, role: p.role, cells, headers: p.headers };
  };
  const decide = (): SheetRow[] => {
    pick = pickHeader(head);
    onSheet({ sheet, role: pick?.role ?? null, hidden: false });
    if (!pick) {
      isDone = true;
      return [];
    }
    const p = pick;
    return head.filter((h) => h.row > p.headerRow).map((h) => emit(h, p));
  };
  return {
    push(r: { row: number; cells: RawCell[] }): SheetRow[] {
      if (isDone) return [];
      if (pick) return [emit(r, pick)];
      head.push(r);
      return head.length < headerScanRows ? [] : decide();
    },
    finish(): SheetRow[] {
      return isDone || pick ? [] : decide();
    },
  };
}

/**
 * The rows of every import sheet of the file, in file order. `onSheet` hears
 * each sheet and whether it was used (hidden sheets and sheets without an
 * import header are skipped).
 */
export async function* readImportRows(
  path: string,
  kind: 'xlsx' | 'csv',
  onSheet: (info: SheetInfo) => void = () => {},
): AsyncGenerator<SheetRow> {
  let current: string | null = null;
  let proc: ReturnType<typeof sheetProcessor> | null = null;
  for await (const rec of readRawRecords(path, kind)) {
    if (rec.sheet !== current) {
      if (proc) yield* proc.finish();
      current = rec.sheet;
      proc = rec.hidden ? null : sheetProcessor(rec.sheet, onSheet);
      if (rec.hidden) onSheet({ sheet: rec.sheet, role: null, hidden: true });
    }
    if (proc) yield* proc.push(rec);
  }
  if (proc) yield* proc.finish();
}

/** UTF-8 (with or without BOM), UTF-16 with BOM, otherwise GB18030 (a superset of GBK). */
export async function detectCsvEncoding(path: string): Promise<{ encoding: string; skip: number }> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead);
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
      return { encoding: 'utf8', skip: 3 };
    if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', skip: 2 };
    if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', skip: 2 };
    // A multi-byte character may be cut at the end of the sample: leave its bytes out.
    let end = head.length;
    if (bytesRead === buf.length) {
      let back = 0;
      while (back < 4 && end > 0 && (head[end - 1]! & 0xc0) === 0x80) {
        end--;
        back++;
      }
      if (end > 0 && head[end - 1]! >= 0xc0) end--;
    }
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
      return { encoding: 'utf8', skip: 0 };
    } catch {
      return { encoding: 'gb18030', skip: 0 };
    }
  } finally {
    await fh.close();
  }
}

/** Streams CSV records (RFC 4180: quotes, doubled quotes, newlines inside quotes). */
export async function* csvRows(path: string): AsyncGenerator<{ row: number; cells: RawCell[] }> {
  const { encoding, skip } = await detectCsvEncoding(path);
  const stream = createReadStream(path, { start: skip }).pipe(iconv.decodeStream(encoding));
  let field = '';
  let record: string[] = [];
  let inQuotes = false;
  let quotePending = false;
  let line = 1;
  let recordLine = 1;
  let sawCr = false;
  const finish = () => {
    record.push(field);
    field = '';
    const out = { row: recordLine, cells: record as RawCell[] };
    record = [];
    return out;
  };
  for await (const chunk of stream as AsyncIterable<string>) {
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i]!;
      if (quotePending) {
        quotePending = false;
        if (ch === '"') {
          field += '"';
          continue;
        }
        inQuotes = false;
      }
      if (inQuotes) {
        if (ch === '"') quotePending = true;
        else {
          if (ch === '\n') line++;
          field += ch;
        }
        continue;
      }
      if (ch === '"' && field === '') {
        inQuotes = true;
        continue;
      }
      if (ch === ',') {
        record.push(field);
        field = '';
        continue;
      }
      if (ch === '\r') {
        sawCr = true;
        yield finish();
        line++;
        recordLine = line;
        continue;
      }
      if (ch === '\n') {
        if (sawCr) {
          sawCr = false;
          continue;
        }
        yield finish();
        line++;
        recordLine = line;
        continue;
      }
      sawCr = false;
      field += ch;
    }
  }
  if (field !== '' || record.length) yield finish();
}
