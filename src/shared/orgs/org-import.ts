import { z } from 'zod';
import { isRegionCode } from '../regions/region-code';
import {
  canHangUnder,
  orgNodeTypeLabels,
  orgNodeTypes,
  requiresRegionCode,
  type OrgNodeType,
} from './org-node';

/**
 * Importing the union tree from a spreadsheet (组织机构导入): the pure half.
 * The server reads the workbook into raw rows; everything here decides what
 * those rows mean and what is wrong with them, in words a clerk understands.
 */

export const maxImportRows = 20_000;
export const importModes = ['validate', 'commit'] as const;
export type ImportMode = (typeof importModes)[number];

/** Columns of the import sheet, in template order, with the headers accepted for each. */
export const importColumns = [
  {
    key: 'code',
    label: '组织编码',
    required: true,
    synonyms: ['编码', '组织编码', '单位编码', '机构编码', '工会编码', '组织代码'],
  },
  {
    key: 'name',
    label: '组织名称',
    required: true,
    synonyms: ['名称', '组织名称', '单位名称', '机构名称', '工会名称'],
  },
  {
    key: 'type',
    label: '组织类型',
    required: true,
    synonyms: ['类型', '组织类型', '单位类型', '机构类型'],
  },
  {
    key: 'parentCode',
    label: '上级组织编码',
    required: true,
    synonyms: ['上级编码', '上级组织编码', '上级单位编码', '上级机构编码', '上级工会编码'],
  },
  {
    key: 'regionCode',
    label: '行政区划代码',
    required: false,
    synonyms: ['行政区划', '行政区划代码', '区划代码', '行政区划编码', '区划编码'],
  },
  {
    key: 'address',
    label: '地址',
    required: false,
    synonyms: ['地址', '详细地址', '通讯地址', '办公地址'],
  },
  {
    key: 'phone',
    label: '联系电话',
    required: false,
    synonyms: ['电话', '联系电话', '电话号码', '联系方式'],
  },
  // Not imported: marks the template's example row (备注 starting with 示例).
  { key: 'note', label: '备注', required: false, synonyms: ['备注', '说明', '注释'] },
] as const;
export type ImportColumnKey = (typeof importColumns)[number]['key'];

/** A note (备注) starting with this marks a row as an example: it is never imported. */
export const exampleRowMarker = '示例';
/** The template's example also carries it in its name, in case the note column is deleted. */
export const exampleNamePrefix = '【示例】';

const headerIndex = new Map<string, ImportColumnKey>(
  importColumns.flatMap((c) => c.synonyms.map((s) => [s, c.key] as const)),
);

/**
 * Trims, turns line breaks and odd spaces into plain ones, and full-width
 * digits and letters (as typed with a Chinese input method) into ASCII.
 * Full-width punctuation such as （） stays: it belongs in Chinese names.
 */
export function normaliseCellText(text: string): string {
  return text
    .replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/[\s\u3000\u00a0]+/g, ' ')
    .trim();
}

/** Codes also get the full-width hyphen and underscore back to ASCII, and lose inner spaces. */
function normaliseCode(text: string): string {
  return normaliseCellText(text)
    .replace(/[－—–]/g, '-')
    .replace(/＿/g, '_')
    .replace(/ /g, '');
}

/** Which column a header cell names, tolerating spaces, a * and a (必填) remark. */
export function matchImportHeader(text: string): ImportColumnKey | null {
  const bare = normaliseCellText(text)
    .replace(/\s/g, '')
    .replace(/[*＊:：]/g, '')
    .replace(/[(（][^)）]*[)）]/g, '');
  return headerIndex.get(bare) ?? null;
}

const typeIndex = new Map<string, OrgNodeType>([
  ...orgNodeTypes.map((t) => [t, t] as const),
  ...orgNodeTypes.map((t) => [orgNodeTypeLabels[t], t] as const),
  ['全总', 'national'],
  ['省总工会', 'province'],
  ['市总工会', 'city'],
  ['地市总工会', 'city'],
  ['县总工会', 'county'],
  ['区总工会', 'county'],
  ['县区总工会', 'county'],
  ['乡镇总工会', 'town'],
  ['街道总工会', 'town'],
  ['服务中心', 'service_centre'],
  ['职工服务中心', 'service_centre'],
  ['服务站', 'service_station'],
  ['服务点', 'service_station'],
]);

/** A node type from its Chinese label (or a common synonym) or its English key. */
export function parseOrgNodeType(text: string): OrgNodeType | null {
  const bare = normaliseCellText(text).replace(/\s/g, '');
  return typeIndex.get(bare) ?? typeIndex.get(bare.toLowerCase()) ?? null;
}

/**
 * A cell value as a spreadsheet reader hands it over (exceljs's shapes): plain
 * values, rich text, hyperlinks, error values and formulas with their saved result.
 */
export type SheetCellValue =
  | null
  | undefined
  | string
  | number
  | boolean
  | Date
  | { error: string }
  | { richText: { text: string }[] }
  | { text: unknown; hyperlink: string }
  | { formula: string; result?: unknown }
  | { sharedFormula: string; result?: unknown };

export type CellRead = { text: string | null; problem?: string };

const textFormatHint = '请把该列设为“文本”格式后重新录入';

/**
 * A cell as text. Formulas are never evaluated: the result Excel saved with the
 * file is used, and a formula without one is refused. Dates, booleans and error
 * values are refused too: no column of the sheet can hold them.
 */
export function cellValueText(value: unknown): CellRead {
  const v = value as SheetCellValue;
  if (v === null || v === undefined) return { text: null };
  if (typeof v === 'string') return { text: v };
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean')
    return { text: null, problem: `单元格是逻辑值 ${v ? 'TRUE' : 'FALSE'}，应填写文字` };
  if (v instanceof Date)
    return { text: null, problem: `单元格被 Excel 识别为日期，${textFormatHint}` };
  if ('error' in v) return { text: null, problem: `单元格是错误值 ${v.error}` };
  if ('richText' in v) return { text: v.richText.map((r) => r.text).join('') };
  if ('hyperlink' in v) return cellValueText(v.text);
  if ('formula' in v || 'sharedFormula' in v) {
    const result = v.result;
    if (result === undefined || result === null)
      return {
        text: null,
        problem: '单元格是公式，文件中没有保存计算结果；请复制后“选择性粘贴为数值”再上传',
      };
    if (typeof result === 'object' && 'error' in result)
      return { text: null, problem: `公式的结果是错误值 ${String(result.error)}` };
    return cellValueText(result);
  }
  return { text: null, problem: '无法识别的单元格内容' };
}

function numberText(n: number): CellRead {
  if (!Number.isFinite(n)) return { text: null, problem: '单元格不是有效的数字' };
  // Excel keeps 15 significant digits: a longer code typed as a number is already damaged.
  if (Math.abs(n) >= 1e15)
    return { text: null, problem: `数字位数过多，Excel 已丢失精度，${textFormatHint}` };
  return { text: Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15))) };
}

/** One problem, where Excel shows it: row number and the header as written in the file. */
export const importErrorSchema = z.object({
  row: z.number(),
  column: z.string(),
  message: z.string(),
});
export type ImportError = z.infer<typeof importErrorSchema>;

export const importPreviewRowSchema = z.object({
  row: z.number(),
  code: z.string(),
  name: z.string(),
  type: z.enum(orgNodeTypes).nullable(),
  parentCode: z.string(),
  regionCode: z.string().nullable(),
});
export type ImportPreviewRow = z.infer<typeof importPreviewRowSchema>;

export const orgImportQuerySchema = z.object({ mode: z.enum(importModes).default('validate') });

export const orgImportResultSchema = z.object({
  mode: z.enum(importModes),
  /** Data rows read (empty rows and the example row are not counted). */
  rows: z.number(),
  /** Nodes created: always 0 in validate mode. */
  created: z.number(),
  errors: z.array(importErrorSchema),
  preview: z.array(importPreviewRowSchema),
});
export type OrgImportResult = z.infer<typeof orgImportResultSchema>;

/** A data row as read from the sheet: text per column, plus problems met reading the cells. */
export type RawImportRow = {
  row: number;
  values: Partial<Record<ImportColumnKey, string>>;
  problems: { column: ImportColumnKey; message: string }[];
};

/** Header text per column as written in the file, for messages. */
export type ImportHeaders = Partial<Record<ImportColumnKey, string>>;

export type ImportRow = {
  row: number;
  code: string;
  name: string;
  type: OrgNodeType | null;
  parentCode: string;
  regionCode: string | null;
  address: string | null;
  phone: string | null;
};

const codePattern = /^[A-Za-z0-9_-]{2,40}$/;
const typeChoices = orgNodeTypes.map((t) => orgNodeTypeLabels[t]).join('、');

function labelOf(key: ImportColumnKey): string {
  return importColumns.find((c) => c.key === key)!.label;
}

/** The header a clerk sees for a column: as written in their file, else the template's. */
export function columnTitle(headers: ImportHeaders, key: ImportColumnKey): string {
  return headers[key] ?? labelOf(key);
}

/** True when nothing that would be imported is filled in. */
export function isBlankRow(raw: RawImportRow): boolean {
  return importColumns.every((c) => c.key === 'note' || !raw.values[c.key]);
}

export function isExampleRow(raw: RawImportRow): boolean {
  return (
    normaliseCellText(raw.values.note ?? '').startsWith(exampleRowMarker) ||
    normaliseCellText(raw.values.name ?? '').startsWith(exampleNamePrefix)
  );
}

/** Checks one row on its own: presence, formats, the type, the region code. */
export function checkImportRow(
  raw: RawImportRow,
  headers: ImportHeaders,
): { row: ImportRow; errors: ImportError[] } {
  const errors: ImportError[] = [];
  const fail = (key: ImportColumnKey, message: string) =>
    errors.push({ row: raw.row, column: columnTitle(headers, key), message });
  const broken = new Set<ImportColumnKey>();
  for (const p of raw.problems) {
    broken.add(p.column);
    fail(p.column, p.message);
  }
  const text = (key: ImportColumnKey) =>
    broken.has(key) ? '' : normaliseCellText(raw.values[key] ?? '');

  const code = broken.has('code') ? '' : normaliseCode(raw.values.code ?? '');
  const parentCode = broken.has('parentCode') ? '' : normaliseCode(raw.values.parentCode ?? '');
  const regionCode = broken.has('regionCode') ? '' : normaliseCode(raw.values.regionCode ?? '');
  const name = text('name');
  const typeText = text('type');
  const address = text('address');
  const phone = text('phone');
  const type = typeText ? parseOrgNodeType(typeText) : null;

  if (!broken.has('code')) {
    if (!code) fail('code', '组织编码不能为空');
    else if (!codePattern.test(code))
      fail('code', `组织编码“${code}”只能由字母、数字、-、_ 组成，长度 2 至 40 位`);
  }
  if (!broken.has('name')) {
    if (!name) fail('name', '组织名称不能为空');
    else if (name.length < 2) fail('name', '组织名称至少 2 个字');
    else if (name.length > 100) fail('name', `组织名称过长（${name.length} 个字），最多 100 个字`);
  }
  if (!broken.has('type')) {
    if (!typeText) fail('type', `组织类型不能为空，请从下拉列表选择：${typeChoices}`);
    else if (!type) fail('type', `无法识别的组织类型“${typeText}”，应为：${typeChoices}`);
  }
  if (!broken.has('parentCode')) {
    if (!parentCode) fail('parentCode', '上级组织编码不能为空');
    else if (parentCode === code) fail('parentCode', '上级组织编码不能与本组织编码相同');
  }
  if (!broken.has('regionCode')) {
    if (regionCode) {
      if (!/^\d{6}$/.test(regionCode))
        fail('regionCode', `行政区划代码“${regionCode}”应为 6 位数字`);
      else if (!isRegionCode(regionCode))
        fail('regionCode', `行政区划代码“${regionCode}”不是有效的行政区划代码（GB/T 2260）`);
    } else if (type && requiresRegionCode(type)) {
      fail('regionCode', `${orgNodeTypeLabels[type]}必须填写行政区划代码`);
    }
  }
  if (address.length > 200) fail('address', `地址过长（${address.length} 个字），最多 200 个字`);
  if (phone.length > 40) fail('phone', `联系电话过长（${phone.length} 个字符），最多 40 个字符`);

  return {
    row: {
      row: raw.row,
      code,
      name,
      type,
      parentCode,
      regionCode: regionCode || null,
      address: address || null,
      phone: phone || null,
    },
    errors,
  };
}

/** An existing node a row may hang under: found by code inside the caller's scope. */
export type ExistingParent = { id: number; code: string; type: OrgNodeType; isActive: boolean };

/** What the database says about the codes and names in the file. */
export type ImportLookups = {
  /** Codes of the file already taken by some node (anywhere: codes are unique system-wide). */
  usedCodes: ReadonlySet<string>;
  /** Parent codes found as existing nodes inside the caller's scope. */
  parents: ReadonlyMap<string, ExistingParent>;
  /** Names of existing children, as `${parentId}/${name}`, clashing with names in the file. */
  takenChildNames: ReadonlySet<string>;
};

/** Where a row goes: under an existing node or under another row of the file. */
export type PlannedRow = ImportRow & {
  type: OrgNodeType;
  parent: { existingId: number } | { row: number };
};

/**
 * Checks the rows against each other and against the tree, and orders them so
 * that every parent is created before its children (rows may come in any order).
 * Returns the creation order; it is only complete when there are no errors.
 */
export function planOrgImport(
  rows: ImportRow[],
  headers: ImportHeaders,
  lookups: ImportLookups,
): { order: PlannedRow[]; errors: ImportError[] } {
  const errors: ImportError[] = [];
  const fail = (row: number, key: ImportColumnKey, message: string) =>
    errors.push({ row, column: columnTitle(headers, key), message });

  // Codes: unique in the file and not yet taken.
  const byCode = new Map<string, ImportRow>();
  for (const r of rows) {
    if (!r.code) continue;
    const first = byCode.get(r.code);
    if (first) fail(r.row, 'code', `组织编码“${r.code}”与第 ${first.row} 行重复`);
    else {
      byCode.set(r.code, r);
      if (lookups.usedCodes.has(r.code))
        fail(r.row, 'code', `组织编码“${r.code}”已被使用，请换一个编码`);
    }
  }

  // Parents: a row of the file, or an existing node in scope.
  const parentRow = new Map<number, ImportRow>();
  const children = new Map<number, ImportRow[]>();
  const roots: ImportRow[] = [];
  const siblingNames = new Map<string, number>();
  for (const r of rows) {
    if (!r.parentCode || r.parentCode === r.code) continue;
    // An existing node wins: a row reusing its code is refused on its own.
    const existing = lookups.parents.get(r.parentCode);
    const inFile = existing ? undefined : byCode.get(r.parentCode);
    if (inFile) {
      parentRow.set(r.row, inFile);
      children.set(inFile.row, [...(children.get(inFile.row) ?? []), r]);
      if (inFile.type && r.type && !canHangUnder(inFile.type, r.type))
        fail(r.row, 'type', placementMessage(inFile.type, r.type, `第 ${inFile.row} 行`));
    } else if (!existing) {
      fail(r.row, 'parentCode', `上级组织编码 ${r.parentCode} 不存在或不在您的管辖范围内`);
      continue;
    } else {
      roots.push(r);
      if (!existing.isActive)
        fail(r.row, 'parentCode', `上级组织 ${r.parentCode} 已停用，不能在其下新建组织`);
      else if (r.type && !canHangUnder(existing.type, r.type))
        fail(r.row, 'type', placementMessage(existing.type, r.type, `上级组织 ${r.parentCode}`));
      if (r.name && lookups.takenChildNames.has(`${existing.id}/${r.name}`))
        fail(r.row, 'name', `上级组织 ${r.parentCode} 下已有名为“${r.name}”的组织`);
    }
    if (r.name) {
      const key = `${r.parentCode}/${r.name}`;
      const first = siblingNames.get(key);
      if (first !== undefined)
        fail(r.row, 'name', `与第 ${first} 行同属一个上级且名称相同（“${r.name}”）`);
      else siblingNames.set(key, r.row);
    }
  }

  // Creation order, breadth-first from the rows under existing nodes.
  const order: PlannedRow[] = [];
  const reached = new Set<number>();
  const queue = [...roots];
  for (let i = 0; i < queue.length; i++) {
    const r = queue[i]!;
    reached.add(r.row);
    const parent = parentRow.get(r.row);
    if (r.type)
      order.push({
        ...r,
        type: r.type,
        parent: parent
          ? { row: parent.row }
          : { existingId: lookups.parents.get(r.parentCode)!.id },
      });
    queue.push(...(children.get(r.row) ?? []));
  }

  // Rows never reached whose chain of parents inside the file loops back on itself.
  const reported = new Set<number>();
  for (const r of rows) {
    if (reached.has(r.row) || reported.has(r.row)) continue;
    const chain: ImportRow[] = [];
    const seen = new Set<number>();
    let at: ImportRow | undefined = r;
    while (at && !seen.has(at.row) && !reported.has(at.row)) {
      seen.add(at.row);
      chain.push(at);
      at = parentRow.get(at.row);
    }
    if (!at || reported.has(at.row)) continue;
    const loopStart = at.row;
    const loop = chain.slice(chain.findIndex((c) => c.row === loopStart));
    const path = [...loop, loop[0]!].map((c) => `第 ${c.row} 行`).join(' → ');
    for (const c of loop) {
      reported.add(c.row);
      fail(c.row, 'parentCode', `上级关系形成循环：${path}`);
    }
  }

  return { order, errors };
}

function placementMessage(parent: OrgNodeType, child: OrgNodeType, parentName: string): string {
  const allowed = orgNodeTypes.filter((t) => canHangUnder(parent, t));
  const hint = allowed.length
    ? `其下只能设：${allowed.map((t) => orgNodeTypeLabels[t]).join('、')}`
    : '其下不能再设下级组织';
  return `${orgNodeTypeLabels[child]}不能设在${orgNodeTypeLabels[parent]}（${parentName}）之下，${hint}`;
}

/** Orders errors as a reader of the sheet expects: by row, then left to right. */
export function sortImportErrors(errors: ImportError[], headers: ImportHeaders): ImportError[] {
  const columnOrder = (title: string) => {
    const key = importColumns.find((c) => columnTitle(headers, c.key) === title)?.key;
    return key ? importColumns.findIndex((c) => c.key === key) : -1;
  };
  return [...errors].sort((a, b) => a.row - b.row || columnOrder(a.column) - columnOrder(b.column));
}
