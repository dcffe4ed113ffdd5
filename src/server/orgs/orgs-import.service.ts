import ExcelJS from 'exceljs';
import { inTransaction, type Conn, type Db } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import {
  allowedChildTypes,
  orgNodeTypeLabels,
  orgNodeTypes,
  type OrgNodeType,
} from '../../shared/orgs/org-node';
import {
  cellValueText,
  checkImportRow,
  columnTitle,
  exampleNamePrefix,
  exampleRowMarker,
  importColumns,
  isBlankRow,
  isExampleRow,
  matchImportHeader,
  maxImportRows,
  planOrgImport,
  sortImportErrors,
  type ImportColumnKey,
  type ImportError,
  type ImportHeaders,
  type ImportMode,
  type OrgImportResult,
  type RawImportRow,
} from '../../shared/orgs/org-import';
import { auditSourceOf, recordAudit } from '../audit/audit.service';
import { insertChildNode } from './orgs.service';
import * as q from './orgs.queries';

export const xlsxMimeType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const importTemplateFileName = '工会组织机构导入模板.xlsx';

const templateTitle = '工会组织机构导入模板';
const dataSheetName = '组织机构';
const helpSheetName = '说明';
/** Rows of the template that carry the type drop-down and the text format. */
const templateRows = maxImportRows + 2;
const headerScanRows = 20;
/** 20,000 plain rows unpack to a few MB; far more means images, styles or a zip bomb. */
const maxUnzippedBytes = 200 * 1024 * 1024;

type SheetData = {
  sheetName: string;
  headerRow: number;
  headers: ImportHeaders;
  rows: RawImportRow[];
};

// ---------------------------------------------------------------- the template

const columnHelp: Record<ImportColumnKey, string> = {
  code: '必填。本组织的唯一编码，字母、数字、-、_ 组成，2 至 40 位，全系统不能重复。',
  name: '必填。组织全称，2 至 100 个字；同一上级下不能重名。',
  type: `必填。从下拉列表选择：${orgNodeTypes.map((t) => orgNodeTypeLabels[t]).join('、')}。`,
  parentCode:
    '必填。上级组织的编码：可以是系统中您管辖范围内的已有组织，也可以是本表中的另一行（行的先后顺序不限）。',
  regionCode:
    '省级、地市级、县区级总工会必填，其他类型选填。6 位行政区划代码（GB/T 2260），如 320102。',
  address: '选填，最多 200 个字。',
  phone: '选填，最多 40 个字符。',
  note: `不导入。以“${exampleRowMarker}”开头的行是示例，导入时自动忽略。`,
};

/**
 * The import template: a data sheet laid out like the paper form (title, header,
 * one grey example row that the importer skips) and a 说明 sheet.
 */
export async function buildImportTemplate(db: Db, ctx: RequestContext): Promise<Buffer> {
  const own = await q.selectNodeInScope(db, ctx.actor.scopePath, ctx.actor.nodeId);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Bangfu 帮扶';
  wb.created = new Date();

  const ws = wb.addWorksheet(dataSheetName, { views: [{ state: 'frozen', ySplit: 2 }] });
  const widths: Record<ImportColumnKey, number> = {
    code: 18,
    name: 34,
    type: 18,
    parentCode: 18,
    regionCode: 16,
    address: 36,
    phone: 18,
    note: 30,
  };
  ws.columns = importColumns.map((c) => ({
    key: c.key,
    width: widths[c.key],
    // Codes and phone numbers as text, so Excel keeps leading zeros and long digit runs.
    style: ['code', 'parentCode', 'regionCode', 'phone'].includes(c.key) ? { numFmt: '@' } : {},
  }));
  const last = importColumns.length;

  ws.mergeCells(1, 1, 1, last);
  const title = ws.getCell(1, 1);
  title.value = templateTitle;
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 32;

  const header = ws.getRow(2);
  header.height = 22;
  importColumns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.label;
    cell.font = { bold: true, color: { argb: c.required ? 'FFC00000' : 'FF000000' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
    cell.border = thinBorder;
    cell.note = columnHelp[c.key];
  });

  const exampleType: OrgNodeType =
    own && (allowedChildTypes[own.type as OrgNodeType] as readonly string[]).includes('grassroots')
      ? 'grassroots'
      : 'service_station';
  const example: Record<ImportColumnKey, string> = {
    code: 'EX-0001',
    name: `${exampleNamePrefix}${exampleType === 'grassroots' ? '某某有限公司工会' : '某某职工服务站'}`,
    type: orgNodeTypeLabels[exampleType],
    parentCode: own?.code ?? 'ACFTU',
    regionCode: '',
    address: '某某路 1 号',
    phone: '025-12345678',
    note: `${exampleRowMarker}（导入时自动忽略，可删除）`,
  };
  const exampleRow = ws.getRow(3);
  importColumns.forEach((c, i) => {
    const cell = exampleRow.getCell(i + 1);
    cell.value = example[c.key];
    cell.font = { italic: true, color: { argb: 'FF808080' } };
  });

  const typeColumn = importColumns.findIndex((c) => c.key === 'type') + 1;
  const letter = ws.getColumn(typeColumn).letter;
  (
    ws as unknown as { dataValidations: { add(range: string, v: object): void } }
  ).dataValidations.add(`${letter}3:${letter}${templateRows}`, {
    type: 'list',
    allowBlank: true,
    formulae: [`"${orgNodeTypes.map((t) => orgNodeTypeLabels[t]).join(',')}"`],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: '组织类型',
    error: '请从下拉列表中选择组织类型',
  });

  addHelpSheet(wb, own ? { name: own.name, code: own.code } : null);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const thinBorder = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
} as const;

function addHelpSheet(wb: ExcelJS.Workbook, own: { name: string; code: string } | null): void {
  const ws = wb.addWorksheet(helpSheetName);
  ws.columns = [{ width: 18 }, { width: 12 }, { width: 90 }];
  const line = (values: string[], font?: Partial<ExcelJS.Font>) => {
    const row = ws.addRow(values);
    row.alignment = { wrapText: true, vertical: 'top' };
    if (font) row.font = font;
    return row;
  };
  line(['填写说明'], { bold: true, size: 14 });
  const notes = [
    `1. 在“${dataSheetName}”工作表第 3 行起逐行填写，每行一个组织；表头（第 2 行）请勿修改。`,
    `2. 备注以“${exampleRowMarker}”开头或名称以“${exampleNamePrefix}”开头的行是示例，导入时自动忽略；空行也会跳过。`,
    `3. 上级组织编码可以填写系统中已有组织的编码（须在您的管辖范围内），也可以填写本表中另一行的组织编码，行的先后顺序不限。`,
    '4. 编码、行政区划代码、电话请按文本填写，不要使用公式；从别处复制的公式请先“选择性粘贴为数值”。',
    `5. 只接受 .xlsx 文件，大小不超过 5 MB，最多 ${maxImportRows} 行。`,
    '6. 请先“校验”，确认无误后再“导入”。导入时全部成功或全部不导入：只要有一处错误，系统不会写入任何数据。',
  ];
  if (own) notes.push(`7. 您所在的组织：${own.name}，编码 ${own.code}。`);
  for (const n of notes) ws.mergeCells(line([n]).number, 1, ws.rowCount, 3);
  line([]);

  line(['列名', '是否必填', '填写要求'], { bold: true });
  for (const c of importColumns)
    line([c.label, c.key === 'note' ? '—' : c.required ? '必填' : '选填', columnHelp[c.key]]);
  line([]);

  line(['组织类型', '英文代码', '可以设在以下类型之下'], { bold: true });
  for (const t of orgNodeTypes) {
    const parents = orgNodeTypes.filter((p) =>
      (allowedChildTypes[p] as readonly OrgNodeType[]).includes(t),
    );
    line([
      orgNodeTypeLabels[t],
      t,
      parents.length ? parents.map((p) => orgNodeTypeLabels[p]).join('、') : '（仅作为根节点）',
    ]);
  }
}

// ---------------------------------------------------------------- reading a file

function refuse(message: string): never {
  throw new AppError('VALIDATION', message);
}

/**
 * Reads the upload into raw rows: finds the sheet and its header row by the
 * Chinese column names, skips the example and empty rows, and turns every cell
 * into text without evaluating formulas.
 */
export async function readImportFile(fileName: string, data: Buffer): Promise<SheetData> {
  const isZip = data.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  const isOle = data.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
  if (isOle || /\.(xls|et)$/i.test(fileName))
    refuse('这是旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 格式后再上传');
  if (!isZip || !/\.xlsx$/i.test(fileName))
    refuse('只能上传 Excel 2007 及以上版本的 .xlsx 文件，请使用导入模板填写');

  const unzipped = declaredUnzippedSize(data);
  if (unzipped !== null && unzipped > maxUnzippedBytes)
    refuse('文件解压后过大，请删去多余的工作表、图片和格式后再上传');

  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer, {
      // A drop-down or merge over a whole column expands to a million cells when read:
      // none of these is needed. Without merge processing, the covered cells of a
      // merged range read as empty, which is what the importer wants anyway.
      ignoreNodes: [
        'dataValidations',
        'mergeCells',
        'conditionalFormatting',
        'extLst',
        'drawing',
        'picture',
      ],
    });
  } catch {
    refuse('文件无法作为 Excel 工作簿读取，可能已损坏或不是 .xlsx 文件');
  }

  const sheets = [...wb.worksheets].sort(
    (a, b) => Number(a.name === helpSheetName) - Number(b.name === helpSheetName),
  );
  for (const ws of sheets) {
    const found = findHeader(ws);
    if (found) return readRows(ws, found.headerRow, found.columns);
  }
  refuse(
    `没有找到表头：请使用导入模板，表头应包含${importColumns
      .filter((c) => c.required)
      .map((c) => `“${c.label}”`)
      .join('、')}等列`,
  );
}

/** What the zip's central directory says the parts weigh unpacked, or null if unreadable. */
function declaredUnzippedSize(data: Buffer): number | null {
  const endRecord = 0x06054b50;
  const entryRecord = 0x02014b50;
  const lowest = Math.max(0, data.length - 0xffff - 22);
  for (let i = data.length - 22; i >= lowest; i--) {
    if (data.readUInt32LE(i) !== endRecord) continue;
    const entries = data.readUInt16LE(i + 10);
    let at = data.readUInt32LE(i + 16);
    let total = 0;
    for (let e = 0; e < entries; e++) {
      if (at + 46 > data.length || data.readUInt32LE(at) !== entryRecord) return null;
      total += data.readUInt32LE(at + 24);
      at +=
        46 + data.readUInt16LE(at + 28) + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
    }
    return total;
  }
  return null;
}

type ColumnMap = Map<ImportColumnKey, { col: number; header: string }>;

/** The first row naming at least the code and name columns and one more. */
function findHeader(ws: ExcelJS.Worksheet): { headerRow: number; columns: ColumnMap } | null {
  for (let n = 1; n <= Math.min(ws.rowCount, headerScanRows); n++) {
    const row = ws.findRow(n);
    if (!row) continue;
    const columns: ColumnMap = new Map();
    row.eachCell((cell, col) => {
      const { text } = cellValueText(cell.value);
      const key = text ? matchImportHeader(text) : null;
      if (key && !columns.has(key)) columns.set(key, { col, header: text!.trim() });
    });
    if (columns.has('code') && columns.has('name') && columns.size >= 3)
      return { headerRow: n, columns };
  }
  return null;
}

function readRows(ws: ExcelJS.Worksheet, headerRow: number, columns: ColumnMap): SheetData {
  const headers: ImportHeaders = {};
  for (const [key, { header }] of columns) headers[key] = header;
  const missing = importColumns.filter((c) => c.required && !columns.has(c.key));
  if (missing.length)
    throw new AppError(
      'VALIDATION',
      `第 ${headerRow} 行表头缺少必填列：${missing.map((c) => c.label).join('、')}`,
      {
        details: {
          errors: missing.map((c) => ({
            row: headerRow,
            column: c.label,
            message: `表头缺少“${c.label}”列`,
          })),
        },
      },
    );

  const rows: RawImportRow[] = [];
  for (let n = headerRow + 1; n <= ws.rowCount; n++) {
    const row = ws.findRow(n);
    if (!row) continue;
    const raw: RawImportRow = { row: n, values: {}, problems: [] };
    for (const [key, { col }] of columns) {
      const cell = row.findCell(col);
      if (!cell) continue;
      const { text, problem } = cellValueText(cell.value);
      if (problem) raw.problems.push({ column: key, message: problem });
      else if (text) raw.values[key] = text;
    }
    if ((isBlankRow(raw) && raw.problems.length === 0) || isExampleRow(raw)) continue;
    rows.push(raw);
    if (rows.length > maxImportRows) refuse(`数据超过 ${maxImportRows} 行，请分成几个文件分批导入`);
  }
  return { sheetName: ws.name, headerRow, headers, rows };
}

// ---------------------------------------------------------------- checking and importing

type Analysis = {
  rows: number;
  errors: ImportError[];
  preview: OrgImportResult['preview'];
  order: ReturnType<typeof planOrgImport>['order'];
};

async function analyseImport(conn: Conn, scopePath: string, sheet: SheetData): Promise<Analysis> {
  const checked = sheet.rows.map((raw) => checkImportRow(raw, sheet.headers));
  const rows = checked.map((c) => c.row);
  const codes = [...new Set(rows.map((r) => r.code).filter(Boolean))];
  const parentCodes = [...new Set(rows.map((r) => r.parentCode).filter(Boolean))];
  const taken = await q.selectTakenCodes(conn, codes);
  const parents = await q.selectNodesByCodesInScope(conn, scopePath, parentCodes);
  const names = [...new Set(rows.map((r) => r.name).filter(Boolean))];
  const siblings = await q.selectChildNamesInScope(
    conn,
    scopePath,
    parents.map((p) => p.id),
    names,
  );
  const plan = planOrgImport(rows, sheet.headers, {
    usedCodes: new Set(taken),
    parents: new Map(
      parents.map((p) => [
        p.code,
        { id: p.id, code: p.code, type: p.type as OrgNodeType, isActive: p.is_active },
      ]),
    ),
    takenChildNames: new Set(siblings.map((s) => `${s.parent_id}/${s.name}`)),
  });
  const errors = checked.flatMap((c) => c.errors).concat(plan.errors);
  if (rows.length === 0)
    errors.push({
      row: sheet.headerRow + 1,
      column: columnTitle(sheet.headers, 'code'),
      message: '表中没有可导入的数据行（示例行和空行不计）',
    });
  return {
    rows: rows.length,
    errors: sortImportErrors(errors, sheet.headers),
    preview: rows.map((r) => ({
      row: r.row,
      code: r.code,
      name: r.name,
      type: r.type,
      parentCode: r.parentCode,
      regionCode: r.regionCode,
    })),
    order: plan.order,
  };
}

/**
 * Imports part of the union tree from an .xlsx file. `validate` only reports;
 * `commit` creates every node in one transaction (each audited as org.created,
 * plus one org.imported record) or, if any row is wrong, nothing at all.
 * Parents are looked up only inside the caller's subtree.
 */
export async function importOrgTree(
  db: Db,
  ctx: RequestContext,
  upload: { fileName: string; data: Buffer },
  mode: ImportMode,
): Promise<OrgImportResult> {
  const sheet = await readImportFile(upload.fileName, upload.data);
  const scopePath = ctx.actor.scopePath;
  if (mode === 'validate') {
    const { order: _order, ...result } = await analyseImport(db, scopePath, sheet);
    return { mode, created: 0, ...result };
  }
  return inTransaction(db, async (trx) => {
    const { order, ...result } = await analyseImport(trx, scopePath, sheet);
    if (result.errors.length) {
      const first = result.errors
        .slice(0, 3)
        .map((e) => `第 ${e.row} 行“${e.column}”：${e.message}`)
        .join('；');
      throw new AppError(
        'VALIDATION',
        `导入未执行：发现 ${result.errors.length} 处错误，例如 ${first}`,
        { details: { errors: result.errors } },
      );
    }
    const source = auditSourceOf(ctx);
    const idByRow = new Map<number, number>();
    for (const r of order) {
      const parentId = 'existingId' in r.parent ? r.parent.existingId : idByRow.get(r.parent.row)!;
      const node = await insertChildNode(trx, scopePath, source, {
        parentId,
        code: r.code,
        name: r.name,
        type: r.type,
        regionCode: r.regionCode,
        address: r.address,
        phone: r.phone,
      });
      idByRow.set(r.row, node.id);
    }
    await recordAudit(trx, source, {
      action: 'org.imported',
      details: { fileName: upload.fileName, created: order.length },
      entityType: 'org_node',
      entityId: null,
      nodeId: ctx.actor.nodeId,
    });
    return { mode, created: order.length, ...result };
  });
}
