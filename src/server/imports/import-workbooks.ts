import ExcelJS from 'exceljs';
import type { Db } from '../db/database';
import {
  hardshipCauseLabels,
  memberRelationLabels,
  studyLevelLabels,
  workStatusLabels,
} from '../../shared/households/dictionaries';
import { standardLevelLabels } from '../../shared/households/household-file';
import { computeCheckChar } from '../../shared/households/id-number';
import {
  exampleRowMarker,
  importColumnKeys,
  importColumns,
  type ImportColumnKey,
} from '../../shared/imports/household-import';
import { guardCellValue } from '../../shared/imports/spreadsheet-safety';
import { loadDictionaries } from '../dictionaries/dictionaries.service';
import { pickHeader, readRawRecords } from './import-reader';
import type { RawCell } from '../../shared/imports/import-cells';
import * as q from './imports.queries';

/**
 * The workbooks of the import: the template (家庭 and 成员 sheets laid out like
 * the paper 困难职工档案表, drop-downs from the dictionaries in force, a grey
 * example row, ID-number columns as text, a 说明 sheet and a hidden 字典 sheet
 * holding the lists) and the error report (the uploaded workbook again, bad
 * cells highlighted and an 错误说明 column added, written as a stream).
 */

export const xlsxMimeType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const templateFileName = '困难职工档案批量导入模板.xlsx';

const householdSheet = '家庭';
const memberSheet = '成员';
const listSheet = '字典';
const templateRows = 2000;

/** The 家庭 sheet: every column but those of members only (same order as the column list). */
const memberOnlyKeys = new Set<ImportColumnKey>([
  'headIdNumber',
  'headName',
  'relation',
  'isInFullTimeStudy',
  'studyLevel',
]);
const householdKeys: ImportColumnKey[] = importColumnKeys.filter((k) => !memberOnlyKeys.has(k));
const memberKeys: ImportColumnKey[] = [
  'headIdNumber',
  'name',
  'idNumber',
  'relation',
  'sex',
  'birthDate',
  'isAbleToWork',
  'workStatus',
  'isInFullTimeStudy',
  'studyLevel',
  'healthStatus',
  'wages',
  'business',
  'property',
  'transfers',
  'otherIncome',
  'note',
];
const textKeys = new Set<ImportColumnKey>([
  'idNumber',
  'headIdNumber',
  'regionCode',
  'phone',
  'bankAccount',
]);
const required = new Set<ImportColumnKey>([
  'name',
  'idNumber',
  'headIdNumber',
  'regionCode',
  'mainCause',
  'isAbleToWork',
  'relation',
]);

const exampleHeadId = (() => {
  const first17 = '32010219750412101';
  return first17 + computeCheckChar(first17);
})();
const exampleChildId = (() => {
  const first17 = '32010220080901202';
  return first17 + computeCheckChar(first17);
})();

const householdExample: Partial<Record<ImportColumnKey, string | number>> = {
  name: '示例：张建国',
  idNumber: exampleHeadId,
  sex: '男',
  birthDate: '1975-04-12',
  regionCode: '320102',
  standardLevel: '基层',
  phone: '13812345678',
  address: '南京市玄武区中山路1号',
  employerName: '南京机械厂',
  workStatus: '下岗',
  isAbleToWork: '否',
  healthStatus: '恶性肿瘤',
  mainCause: '因病',
  secondaryCauses: '下岗失业',
  isSingleParent: '否',
  isZeroEmployment: '是',
  housingType: '自购房',
  wages: 0,
  transfers: 18000,
  medical: 3000,
  situation: '户主患病，下岗在家',
  note: `${exampleRowMarker}行，导入时自动忽略，可删除`,
};
const memberExample: Partial<Record<ImportColumnKey, string | number>> = {
  headIdNumber: exampleHeadId,
  name: '示例：张小燕',
  idNumber: exampleChildId,
  relation: '子女',
  sex: '女',
  birthDate: '2008-09-01',
  isAbleToWork: '否',
  isInFullTimeStudy: '是',
  studyLevel: '高中/中职',
  note: `${exampleRowMarker}行，导入时自动忽略，可删除`,
};

function label(key: ImportColumnKey) {
  return importColumns.find((c) => c.key === key)!;
}

/** The template with the dictionaries in force. */
export async function buildHouseholdTemplate(db: Db): Promise<Buffer> {
  const dictionaries = await loadDictionaries(db);
  const activeLabels = (code: string) =>
    (dictionaries.find((d) => d.code === code)?.items ?? [])
      .filter((i) => i.isActive)
      .map((i) => i.labelZh);
  const lists: Partial<Record<ImportColumnKey, string[]>> = {
    sex: ['男', '女'],
    standardLevel: Object.values(standardLevelLabels),
    workStatus: Object.values(workStatusLabels),
    isAbleToWork: ['是', '否'],
    isInFullTimeStudy: ['是', '否'],
    isSingleParent: ['是', '否'],
    isZeroEmployment: ['是', '否'],
    healthStatus: activeLabels('health_status'),
    housingType: activeLabels('housing_type'),
    mainCause: Object.values(hardshipCauseLabels),
    relation: Object.values(memberRelationLabels).filter((l) => l !== '本人'),
    studyLevel: Object.values(studyLevelLabels),
  };

  const wb = new ExcelJS.Workbook();
  wb.creator = 'Bangfu 帮扶';
  wb.created = new Date();
  const addData = (
    name: string,
    title: string,
    keys: ImportColumnKey[],
    example: Partial<Record<ImportColumnKey, string | number>>,
  ) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
    ws.columns = keys.map((k) => ({
      key: k,
      width: textKeys.has(k) ? 22 : k === 'situation' || k === 'address' ? 30 : 14,
      style: textKeys.has(k) ? { numFmt: '@' } : {},
    }));
    ws.mergeCells(1, 1, 1, keys.length);
    const t = ws.getCell(1, 1);
    t.value = title;
    t.font = { bold: true, size: 16 };
    t.alignment = { horizontal: 'center' };
    const header = ws.getRow(2);
    keys.forEach((k, i) => {
      const c = header.getCell(i + 1);
      c.value = label(k).label;
      c.font = { bold: true, color: { argb: required.has(k) ? 'FFC00000' : 'FF000000' } };
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
      c.note = label(k).help;
    });
    const ex = ws.getRow(3);
    keys.forEach((k, i) => {
      const c = ex.getCell(i + 1);
      c.value = example[k] ?? null;
      c.font = { italic: true, color: { argb: 'FF808080' } };
    });
    return ws;
  };
  const hs = addData(
    householdSheet,
    '困难职工家庭（每户一行，填写户主本人情况）',
    householdKeys,
    householdExample,
  );
  const ms = addData(
    memberSheet,
    '家庭成员（户主以外的成员，每人一行）',
    memberKeys,
    memberExample,
  );

  const help = wb.addWorksheet('说明');
  help.columns = [{ width: 18 }, { width: 90 }];
  const notes = [
    '填写说明',
    '1. “家庭”表每户一行，填写户主（困难职工本人）和家庭情况；“成员”表填写户主以外的家庭成员，每人一行，用“户主身份证号”归到家庭。',
    '2. 身份证号、行政区划代码、电话、银行账号请保持“文本”格式（模板已设置）。从别处粘贴时请用“选择性粘贴 → 数值”，以免身份证号被存成数字丢失末几位。',
    '3. 日期可写 1975-04-12、1975/4/12、1975年4月12日 或 19750412；不填出生日期和性别时按身份证号。',
    '4. 收入和支出均为近 12 个月合计，单位：元。',
    `5. 备注以“${exampleRowMarker}”开头的行是示例，导入时自动忽略；空行也会跳过。`,
    '6. 上传后系统先校验（不写入任何数据），显示新增、变更、未变和有错误的户数；有错误的行可下载“错误报告”，改正后重新上传。',
    '7. 同一文件再次导入不会重复建档：按户主身份证号匹配，内容未变的档案不做任何修改。',
    '',
    '列名',
  ];
  for (const n of notes) help.addRow([n]).font = n === '填写说明' ? { bold: true, size: 14 } : {};
  for (const c of importColumns) help.addRow([c.label, c.help]);

  const dict = wb.addWorksheet(listSheet, { state: 'hidden' });
  const listKeys = Object.keys(lists) as ImportColumnKey[];
  const ranges = new Map<ImportColumnKey, string>();
  listKeys.forEach((k, i) => {
    const values = lists[k]!;
    const col = dict.getColumn(i + 1);
    dict.getCell(1, i + 1).value = label(k).label;
    values.forEach((v, r) => (dict.getCell(r + 2, i + 1).value = v));
    ranges.set(k, `${listSheet}!$${col.letter}$2:$${col.letter}$${values.length + 1}`);
  });
  const validate = (ws: ExcelJS.Worksheet, keys: ImportColumnKey[]) => {
    keys.forEach((k, i) => {
      const range = ranges.get(k);
      if (!range) return;
      const letter = ws.getColumn(i + 1).letter;
      (
        ws as unknown as { dataValidations: { add(range: string, v: object): void } }
      ).dataValidations.add(`${letter}3:${letter}${templateRows}`, {
        type: 'list',
        allowBlank: true,
        formulae: [range],
        showErrorMessage: k !== 'secondaryCauses',
        errorStyle: 'stop',
        errorTitle: label(k).label,
        error: '请从下拉列表中选择',
      });
    });
  };
  validate(hs, householdKeys);
  validate(ms, memberKeys);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------- error report

const badFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };

/** A cell of the original file, written back as it was read (text guarded against formulas). */
function outCell(cell: RawCell): ExcelJS.CellValue {
  if (cell === null) return null;
  if (typeof cell === 'object') return 'date' in cell ? cell.date : null;
  return guardCellValue(cell);
}

/**
 * Writes the error report to `out`: every sheet of the uploaded file with its
 * rows as read, the cells named by an error filled red and an 错误说明 column
 * at the end of each row that has errors, to `outPath`. Read and written as streams.
 */
export async function writeErrorReport(
  db: Db,
  imp: { id: number; file_path: string; file_kind: string },
  outPath: string,
): Promise<void> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: outPath,
    useStyles: true,
    useSharedStrings: false,
  });
  // Read every error first: nothing may wait on the database while the zip streams in.
  const bySheet = new Map<string, Map<number, q.SheetError[]>>();
  for (const e of await q.selectAllErrors(db, imp.id)) {
    const byRow = bySheet.get(e.sheet) ?? new Map<number, q.SheetError[]>();
    byRow.set(e.row_no, [...(byRow.get(e.row_no) ?? []), e]);
    bySheet.set(e.sheet, byRow);
  }
  const sheetCopier = (name: string) => {
    const byRow = bySheet.get(name) ?? new Map<number, q.SheetError[]>();
    const ws = writer.addWorksheet(name);
    const head: { row: number; cells: RawCell[] }[] = [];
    let columns: Map<number, ImportColumnKey> | null = null;
    let width = 0;
    let errorCol = 0;
    const write = (r: { row: number; cells: RawCell[] }) => {
      const row = ws.getRow(r.row);
      r.cells.forEach((c, i) => (row.getCell(i + 1).value = outCell(c)));
      const errs = byRow.get(r.row);
      if (errs) {
        for (const e of errs) {
          const col = [...(columns ?? new Map()).entries()].find(
            ([, k]) => k === e.column_key,
          )?.[0];
          if (col !== undefined) row.getCell(col + 1).fill = badFill;
        }
        const cell = row.getCell(errorCol || width + 1);
        cell.value = errs.map((e) => e.message).join('；');
        cell.font = { color: { argb: 'FFC00000' } };
      }
      row.commit();
    };
    const flushHead = () => {
      const pick = pickHeader(head);
      columns = pick?.columns ?? new Map();
      width = Math.max(0, ...head.map((h) => h.cells.length));
      errorCol = width + 1;
      for (const h of head) {
        if (pick && h.row === pick.headerRow) {
          const row = ws.getRow(h.row);
          h.cells.forEach((c, i) => (row.getCell(i + 1).value = outCell(c)));
          const cell = row.getCell(errorCol);
          cell.value = '错误说明';
          cell.font = { bold: true, color: { argb: 'FFC00000' } };
          row.commit();
        } else write(h);
      }
    };
    return {
      push(r: { row: number; cells: RawCell[] }) {
        if (columns) return write(r);
        head.push(r);
        if (head.length >= 12) flushHead();
      },
      finish() {
        if (!columns) flushHead();
        ws.commit();
      },
    };
  };

  // Sheet by sheet, row by row, from the spooled rows (see readRawRecords).
  let current: string | null = null;
  let copier: ReturnType<typeof sheetCopier> | null = null;
  for await (const rec of readRawRecords(imp.file_path, imp.file_kind as 'xlsx' | 'csv')) {
    if (rec.sheet !== current) {
      copier?.finish();
      current = rec.sheet;
      copier = sheetCopier(rec.sheet);
    }
    copier!.push(rec);
  }
  copier?.finish();
  await writer.commit();
}
