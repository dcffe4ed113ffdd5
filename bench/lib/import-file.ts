import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { stat } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import {
  defaultDictionaries,
  hardshipCauseLabels,
  memberRelationLabels,
  studyLevelLabels,
  workStatusLabels,
} from '../../src/shared/households/dictionaries';
import {
  standardLevelLabels,
  type HouseholdFileInput,
} from '../../src/shared/households/household-file';
import {
  columnLabel,
  importColumnKeys,
  type ImportColumnKey,
} from '../../src/shared/imports/household-import';

/**
 * Households written as an import file in the template's combined layout
 * (one table: the head's row carries the household's fields, each other
 * member's row names its head in 户主身份证号), headers from importColumns —
 * the layout the importer reads from a CSV, and from an .xlsx sheet. CSV is
 * UTF-8 with a BOM; .xlsx goes through exceljs's streaming writer, so neither
 * holds the file in memory.
 */

/** The columns written, in order: every template column but the two the synthetic files leave empty. */
type Key = Exclude<ImportColumnKey, 'headName' | 'note'>;
export const importFileColumns = importColumnKeys.filter(
  (k): k is Key => k !== 'headName' && k !== 'note',
);

type Values = Partial<Record<Key, string>>;

/** Columns kept as text in the workbook (long digit strings Excel would turn into numbers). */
const textColumns: readonly Key[] = ['headIdNumber', 'idNumber', 'bankAccount', 'phone'];

const incomeKeys = {
  wages: 'wages',
  business: 'business',
  property: 'property',
  transfers: 'transfers',
  other: 'otherIncome',
} as const satisfies Record<string, Key>;
const expenditureKeys = {
  medical: 'medical',
  schooling: 'schooling',
  disability_care: 'disabilityCare',
  housing: 'housing',
} as const satisfies Record<string, Key>;

const labelsOf = (code: string) =>
  new Map(defaultDictionaries.find((d) => d.code === code)!.items.map((i) => [i.code, i.labelZh]));
const healthLabels = labelsOf('health_status');
const housingLabels = labelsOf('housing_type');

const yesNo = (v: boolean | null | undefined) =>
  v === null || v === undefined ? undefined : v ? '是' : '否';
const sexLabel = (s: string) => (s === 'male' ? '男' : '女');
/** Fen as yuan with two decimals, written as text (no binary fractions). */
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** One row per member, the head's first, as the importer reads them back into the same file. */
export function rowsOfFile(file: HouseholdFileInput): Values[] {
  const head = file.members.find((m) => m.relation === 'head')!;
  const sums = (
    items: readonly { memberRef: string | null; type: string; amountFen: number }[],
    keys: Record<string, Key>,
    ref: string | null,
  ): Values => {
    const fen: Partial<Record<Key, number>> = {};
    for (const i of items)
      if ((ref === null || i.memberRef === ref) && keys[i.type])
        fen[keys[i.type]!] = (fen[keys[i.type]!] ?? 0) + i.amountFen;
    return Object.fromEntries(Object.entries(fen).map(([k, v]) => [k, yuan(v)]));
  };
  return file.members.map((m) => {
    const person: Values = {
      name: m.name,
      idNumber: m.idNumber ?? undefined,
      relation: memberRelationLabels[m.relation],
      sex: sexLabel(m.sex),
      birthDate: m.birthDate,
      workStatus: m.workStatus ? workStatusLabels[m.workStatus] : undefined,
      isAbleToWork: yesNo(m.isAbleToWork),
      isInFullTimeStudy: yesNo(m.isInFullTimeStudy),
      studyLevel: m.studyLevel ? studyLevelLabels[m.studyLevel] : undefined,
      healthStatus: m.healthStatus
        ? (healthLabels.get(m.healthStatus) ?? m.healthStatus)
        : undefined,
      ...sums(file.incomes, incomeKeys, m.ref),
    };
    if (m !== head) return { ...person, headIdNumber: head.idNumber! };
    return {
      ...person,
      regionCode: file.regionCode,
      standardLevel: standardLevelLabels[file.standardLevel],
      phone: file.phone ?? undefined,
      address: file.address ?? undefined,
      employerName: file.employerName ?? undefined,
      mainCause: hardshipCauseLabels[file.mainCause],
      secondaryCauses:
        file.secondaryCauses.map((c) => hardshipCauseLabels[c]).join('、') || undefined,
      isSingleParent: yesNo(file.isSingleParent),
      isZeroEmployment: yesNo(file.isZeroEmployment),
      housingType: file.housingType
        ? (housingLabels.get(file.housingType) ?? file.housingType)
        : undefined,
      // Rigid expenditures are the household's in the template, whoever they were for.
      ...sums(file.rigidExpenditures, expenditureKeys, null),
      bankName: file.bankName ?? undefined,
      bankAccount: file.bankAccount ?? undefined,
      situation: file.situation ?? undefined,
    };
  });
}

export type ImportFileWriter = {
  add(file: HouseholdFileInput): Promise<void>;
  close(): Promise<{ households: number; rows: number; bytes: number }>;
};

const csvCell = (v: string | undefined) =>
  v === undefined ? '' : /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;

/** Opens FILE.csv or FILE.xlsx for households in the import template's combined layout. */
export async function openImportFile(path: string): Promise<ImportFileWriter> {
  const headers = importFileColumns.map(columnLabel);
  let households = 0;
  let rows = 0;
  if (path.endsWith('.csv')) {
    const out = createWriteStream(path);
    const write = async (line: string) => {
      if (!out.write(line)) await once(out, 'drain');
    };
    await write(`\uFEFF${headers.join(',')}\r\n`);
    return {
      async add(file) {
        const lines = rowsOfFile(file).map(
          (r) => `${importFileColumns.map((k) => csvCell(r[k])).join(',')}\r\n`,
        );
        households += 1;
        rows += lines.length;
        await write(lines.join(''));
      },
      async close() {
        out.end();
        await once(out, 'finish');
        return { households, rows, bytes: (await stat(path)).size };
      },
    };
  }
  if (!path.endsWith('.xlsx')) throw new Error(`--out ${path}: name a .csv or .xlsx file`);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = 'Bangfu bench';
  const ws = wb.addWorksheet('家庭成员', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = importFileColumns.map((key, i) => ({
    header: headers[i],
    key,
    width: textColumns.includes(key) ? 22 : 12,
    ...(textColumns.includes(key) ? { style: { numFmt: '@' } } : {}),
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  return {
    async add(file) {
      for (const r of rowsOfFile(file)) {
        ws.addRow(r).commit();
        rows += 1;
      }
      households += 1;
      // Lets the zip and file streams drain: the writer does not wait for them.
      if (households % 200 === 0) await new Promise((r) => setImmediate(r));
    },
    async close() {
      ws.commit();
      await wb.commit();
      return { households, rows, bytes: (await stat(path)).size };
    },
  };
}
