import { z } from 'zod';
import {
  hardshipCauseLabels,
  memberRelationLabels,
  studyLevelLabels,
  workStatusLabels,
  type HardshipCause,
  type MemberRelation,
  type StudyLevel,
  type WorkStatus,
} from '../households/dictionaries';
import {
  standardLevelLabels,
  type HouseholdFileInputJson,
  type StandardLevel,
} from '../households/household-file';
import { normalizeIdNumber, parseIdNumber } from '../households/id-number';
import type { IncomeType, RigidExpenditureType } from '../households/policy';
import {
  cellText,
  isBlankCell,
  labelIndex,
  readDateCell,
  readIdNumberCell,
  readLabelCell,
  readLabelListCell,
  readYesNoCell,
  readYuanCell,
  type CellResult,
  type RawCell,
} from './import-cells';

/**
 * The household import (批量导入): the columns of the 家庭 and 成员 sheets of
 * the template (the paper 困难职工档案表 laid flat), how a header is
 * recognised (with its synonyms), how one row becomes a person, and how a
 * household's rows become the same `householdFileInputSchema` input the form
 * sends — so an imported file passes exactly the checks of a typed one.
 */

export const importColumnKeys = [
  'headIdNumber',
  'headName',
  'name',
  'idNumber',
  'relation',
  'sex',
  'birthDate',
  'regionCode',
  'standardLevel',
  'phone',
  'address',
  'employerName',
  'workStatus',
  'isAbleToWork',
  'isInFullTimeStudy',
  'studyLevel',
  'healthStatus',
  'mainCause',
  'secondaryCauses',
  'isSingleParent',
  'isZeroEmployment',
  'housingType',
  'wages',
  'business',
  'property',
  'transfers',
  'otherIncome',
  'medical',
  'schooling',
  'disabilityCare',
  'housing',
  'bankName',
  'bankAccount',
  'situation',
  'note',
] as const;
export type ImportColumnKey = (typeof importColumnKeys)[number];

export type ImportColumn = {
  key: ImportColumnKey;
  /** The template's header. */
  label: string;
  /** Other headers clerks and other systems use for it. */
  synonyms: readonly string[];
  /** What to write, for the 说明 sheet and the header's note. */
  help: string;
};

const col = (
  key: ImportColumnKey,
  label: string,
  synonyms: readonly string[],
  help: string,
): ImportColumn => ({ key, label, synonyms, help });

const idSynonyms = ['身份证号', '身份证号码', '公民身份号码', '公民身份证号', '证件号码', '身份证'];

export const importColumns: readonly ImportColumn[] = [
  col(
    'headIdNumber',
    '户主身份证号',
    ['户主身份证号码', '户主公民身份号码', '职工身份证号', '所属户主身份证号'],
    '成员表必填：该成员所在家庭户主（困难职工本人）的身份证号，用来把成员归到家庭。',
  ),
  col('headName', '户主姓名', ['户主', '困难职工姓名'], '家庭表填写户主（职工本人）姓名。'),
  col('name', '姓名', ['成员姓名', '职工姓名', '家庭成员姓名'], '必填。'),
  col(
    'idNumber',
    '身份证号',
    [...idSynonyms, '成员身份证号'],
    '必填（户主）。18 位居民身份证号，请把此列设为“文本”格式，不要以数字格式保存。',
  ),
  col(
    'relation',
    '与户主关系',
    ['关系', '家庭关系', '与职工关系'],
    '成员表必填，从下拉列表选择：配偶、子女、父母……',
  ),
  col('sex', '性别', [], '选填；填写时须与身份证号一致。'),
  col(
    'birthDate',
    '出生日期',
    ['出生年月日', '生日'],
    '选填；不填按身份证号。可写 1975-04-12、1975/4/12、1975年4月12日 或 19750412。',
  ),
  col(
    'regionCode',
    '行政区划代码',
    ['所在区县代码', '区划代码', '居住地区划代码'],
    '必填。家庭所在区县的 6 位行政区划代码（决定适用的低保标准）。',
  ),
  col('standardLevel', '标准级别', ['档案级别', '建档级别'], '选填，默认“基层”。'),
  col('phone', '联系电话', ['电话', '手机', '手机号码', '联系方式'], '选填。'),
  col('address', '家庭住址', ['住址', '地址', '现住址'], '选填。'),
  col('employerName', '工作单位', ['单位', '单位名称', '所在单位'], '选填。'),
  col('workStatus', '工作状态', ['就业状态', '就业情况'], '从下拉列表选择。'),
  col(
    'isAbleToWork',
    '有无劳动能力',
    ['劳动能力', '是否有劳动能力', '能否劳动'],
    '必填：是 / 否。',
  ),
  col('isInFullTimeStudy', '是否在读', ['在读', '在校'], '成员选填：是 / 否。'),
  col('studyLevel', '在读学段', ['就读学段', '在读学历'], '在读时选择。'),
  col('healthStatus', '健康状况', ['身体状况'], '从下拉列表选择（数据字典）。'),
  col(
    'mainCause',
    '主要致困原因',
    ['致困原因', '主要困难原因', '困难原因'],
    '家庭表必填，从下拉列表选择。',
  ),
  col('secondaryCauses', '次要致困原因', ['其他致困原因'], '选填，最多 3 个，用顿号分隔。'),
  col('isSingleParent', '是否单亲', ['单亲家庭'], '选填：是 / 否。'),
  col('isZeroEmployment', '是否零就业', ['零就业家庭'], '选填：是 / 否。'),
  col('housingType', '住房类型', ['住房情况'], '选填，从下拉列表选择（数据字典）。'),
  col('wages', '工资性收入', ['工资收入', '工资'], '近 12 个月合计，单位：元。'),
  col('business', '经营净收入', ['经营收入'], '近 12 个月合计，单位：元。'),
  col('property', '财产性收入', ['财产收入'], '利息、租金等，近 12 个月合计，单位：元。'),
  col(
    'transfers',
    '转移性收入',
    ['转移收入', '养老金', '养老金收入'],
    '养老金、失业金等，近 12 个月合计，单位：元。',
  ),
  col('otherIncome', '其他收入', [], '近 12 个月合计，单位：元。'),
  col('medical', '自付医疗费', ['医疗支出', '医疗费用'], '家庭表：近 12 个月，单位：元。'),
  col('schooling', '教育支出', ['学费支出', '就学支出'], '家庭表：近 12 个月，单位：元。'),
  col('disabilityCare', '残疾康复护理支出', ['残疾护理支出'], '家庭表：近 12 个月，单位：元。'),
  col('housing', '住房支出', ['房租支出'], '家庭表：近 12 个月，单位：元。'),
  col('bankName', '开户银行', ['银行'], '选填。'),
  col('bankAccount', '银行账号', ['银行卡号', '账号'], '选填，请设为“文本”格式。'),
  col('situation', '困难情况', ['家庭困难情况', '困难情况简述'], '选填。'),
  col('note', '备注', ['说明'], '不导入；以“示例”开头的行是示例，导入时自动忽略。'),
];

export const exampleRowMarker = '示例';

/** A header cell as compared: NFKC, no spaces, no required mark, no unit in brackets. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^[*＊]+|[*＊]+$/g, '')
    .replace(/[(（【[][^)）】\]]*[)）】\]]/g, '')
    .trim();
}

const headerIndex = new Map<string, ImportColumnKey>();
for (const c of importColumns)
  for (const h of [c.label, ...c.synonyms]) headerIndex.set(normalizeHeader(h), c.key);

export function matchHeader(text: string): ImportColumnKey | null {
  return headerIndex.get(normalizeHeader(text)) ?? null;
}

export function columnLabel(key: ImportColumnKey): string {
  return importColumns.find((c) => c.key === key)!.label;
}

/** A sheet's role, decided by its header: households (家庭), members (成员), or both in one table. */
export type SheetRole = 'households' | 'members' | 'combined';

/**
 * Which role a header gives a sheet, or null if it is not an import sheet
 * (the 说明 sheet, a hidden 字典 sheet, a sheet of something else).
 */
export function sheetRoleOf(keys: ReadonlySet<ImportColumnKey>): SheetRole | null {
  const hasId = keys.has('idNumber') || keys.has('headIdNumber');
  if (!hasId) return null;
  const isHousehold = keys.has('mainCause') || keys.has('regionCode');
  const isMember = keys.has('relation') && keys.has('headIdNumber') && keys.has('idNumber');
  if (isHousehold && isMember) return 'combined';
  if (isHousehold) return 'households';
  if (isMember) return 'members';
  return null;
}

export type ImportRowRef = { sheet: string; row: number };

/** A problem with one cell (or, with column null, the whole row). */
export type ImportIssue = ImportRowRef & {
  column: ImportColumnKey | null;
  /** The header as the file wrote it, for the clerk. */
  columnLabel: string | null;
  message: string;
};

/** One person read from a row, with the household fields when it is the head's row. */
export type PersonRecord = {
  isHead: boolean;
  /** The normalised ID number of the household's head (the row's own for a head). */
  headIdNumber: string;
  idNumber: string | null;
  name: string;
  relation: MemberRelation;
  sex: 'male' | 'female' | null;
  birthDate: string | null;
  isAbleToWork: boolean | null;
  workStatus: WorkStatus | null;
  isInFullTimeStudy: boolean | null;
  studyLevel: StudyLevel | null;
  healthStatus: string | null;
  incomes: { type: IncomeType; amountFen: number }[];
  household: HouseholdRecord | null;
};

export type HouseholdRecord = {
  regionCode: string;
  standardLevel: StandardLevel | null;
  phone: string | null;
  address: string | null;
  employerName: string | null;
  mainCause: HardshipCause | null;
  secondaryCauses: HardshipCause[];
  isSingleParent: boolean | null;
  isZeroEmployment: boolean | null;
  housingType: string | null;
  expenditures: { type: RigidExpenditureType; amountFen: number }[];
  bankName: string | null;
  bankAccount: string | null;
  situation: string | null;
};

/** Dictionary items in force, label → code (健康状况, 住房类型). */
export type ImportDictionaries = {
  healthStatus: Record<string, string>;
  housingType: Record<string, string>;
};

const relations = labelIndex(memberRelationLabels, {
  户主: 'head',
  职工本人: 'head',
  妻子: 'spouse',
  丈夫: 'spouse',
  夫妻: 'spouse',
  儿子: 'child',
  女儿: 'child',
  子: 'child',
  女: 'child',
  父亲: 'parent',
  母亲: 'parent',
  岳父: 'parent',
  岳母: 'parent',
  公公: 'parent',
  婆婆: 'parent',
  孙子: 'grandchild',
  孙女: 'grandchild',
  外孙: 'grandchild',
  外孙女: 'grandchild',
  外祖父母: 'grandparent',
  兄弟: 'sibling',
  姐妹: 'sibling',
});
const works = labelIndex(workStatusLabels, { 在职: 'employed', 无业: 'unemployed' });
const causes = labelIndex(hardshipCauseLabels, {
  因灾: 'disaster_accident',
  意外: 'disaster_accident',
  因灾意外: 'disaster_accident',
  失业: 'unemployment',
  下岗: 'unemployment',
  企业关停: 'enterprise_closure',
});
const studies = labelIndex(studyLevelLabels, {
  高中: 'senior_secondary',
  中职: 'senior_secondary',
  高职: 'junior_college',
  硕士: 'master',
  博士: 'doctorate',
  研究生: 'master',
});
const levels = labelIndex(standardLevelLabels, {
  全国: 'national',
  省级档案: 'provincial',
  市级: 'city',
  区县: 'county',
  县级: 'county',
});
const sexes: Record<string, 'male' | 'female'> = {
  男: 'male',
  女: 'female',
  male: 'male',
  female: 'female',
  M: 'male',
  F: 'female',
};

export const enumLabelIndexes = { relations, works, causes, studies, levels } as const;

const incomeColumns = [
  ['wages', 'wages'],
  ['business', 'business'],
  ['property', 'property'],
  ['transfers', 'transfers'],
  ['otherIncome', 'other'],
] as const satisfies readonly (readonly [ImportColumnKey, IncomeType])[];
const expenditureColumns = [
  ['medical', 'medical'],
  ['schooling', 'schooling'],
  ['disabilityCare', 'disability_care'],
  ['housing', 'housing'],
] as const satisfies readonly (readonly [ImportColumnKey, RigidExpenditureType])[];

export type RawRow = ImportRowRef & {
  cells: Partial<Record<ImportColumnKey, RawCell>>;
  /** The header text of each column as the file wrote it. */
  headers: Partial<Record<ImportColumnKey, string>>;
};

/** An empty row, or the template's example row: skipped without a word. */
export function isSkippedRow(row: RawRow): boolean {
  const values = Object.values(row.cells);
  if (values.every((c) => c === undefined || isBlankCell(c))) return true;
  const note = cellText(row.cells.note ?? null);
  const name = cellText(row.cells.name ?? row.cells.headName ?? null);
  return note.startsWith(exampleRowMarker) || name.startsWith(`${exampleRowMarker}：`);
}

export type ReadPersonResult = { person: PersonRecord | null; issues: ImportIssue[] };

/**
 * Reads one row into a person. Every cell with a problem yields an issue
 * naming the column; a row whose keys (ID numbers) cannot be read yields no
 * person. `role` is the sheet's; on a combined sheet the row decides.
 */
export function readPersonRow(
  row: RawRow,
  role: SheetRole,
  dictionaries: ImportDictionaries,
): ReadPersonResult {
  const issues: ImportIssue[] = [];
  const issue = (column: ImportColumnKey | null, message: string) =>
    issues.push({
      sheet: row.sheet,
      row: row.row,
      column,
      columnLabel: column ? (row.headers[column] ?? columnLabel(column)) : null,
      message,
    });
  function read<T>(key: ImportColumnKey, reader: (c: RawCell) => CellResult<T>): T | null {
    const cell = row.cells[key];
    if (cell === undefined) return null;
    if (cell && typeof cell === 'object' && 'problem' in cell) {
      issue(key, cell.problem);
      return null;
    }
    const r = reader(cell);
    if (!r.ok) {
      issue(key, r.message);
      return null;
    }
    return r.value;
  }
  const text = (key: ImportColumnKey): string | null =>
    read(key, (c) => ({ ok: true, value: cellText(c) || null }));

  const ownId = read('idNumber', readIdNumberCell);
  const headId = read('headIdNumber', readIdNumberCell);
  const relation = read('relation', (c) => readLabelCell(c, relations, '与户主关系'));
  const ownNorm = ownId ? normalizeIdNumber(ownId) : null;
  const headNorm = headId ? normalizeIdNumber(headId) : null;
  const isHead =
    role === 'households' ||
    (role === 'combined' && (relation === 'head' || !headNorm || headNorm === ownNorm));
  if (!isHead && relation === 'head') issue('relation', '成员表中不能填“本人”：户主请填在家庭表中');

  const name = text('name') ?? (isHead ? text('headName') : null);
  if (!name) issue(isHead && row.headers.headName ? 'headName' : 'name', '姓名不能为空');

  const key = isHead ? (ownNorm ?? headNorm) : headNorm;
  const keyColumn: ImportColumnKey = isHead
    ? ownNorm
      ? 'idNumber'
      : 'headIdNumber'
    : 'headIdNumber';
  if (!key) {
    if (!issues.some((i) => i.column === keyColumn || i.column === 'idNumber'))
      issue(keyColumn, isHead ? '户主身份证号不能为空' : '请填写该成员所在家庭户主的身份证号');
  } else if (!parseIdNumber(key).ok && !(isHead && ownNorm)) {
    issue(keyColumn, idProblem(key));
  }
  if (ownNorm) {
    const parsed = parseIdNumber(ownNorm);
    if (!parsed.ok) issue('idNumber', idProblem(ownNorm));
  }

  const sexText = read('sex', (c) => ({ ok: true, value: cellText(c) || null }));
  const sex = sexText ? (sexes[sexText] ?? null) : null;
  if (sexText && !sex) issue('sex', `“${sexText}”请填写“男”或“女”`);
  const birthDate = read('birthDate', readDateCell);
  if (ownNorm) {
    const parsed = parseIdNumber(ownNorm);
    if (parsed.ok) {
      if (birthDate && birthDate !== parsed.birthDate)
        issue('birthDate', `出生日期 ${birthDate} 与身份证号（${parsed.birthDate}）不一致`);
      if (sex && sex !== parsed.sex)
        issue('sex', `性别与身份证号不一致（身份证号为${parsed.sex === 'male' ? '男' : '女'}）`);
    }
  }

  const incomes: PersonRecord['incomes'] = [];
  for (const [k, type] of incomeColumns) {
    const fen = read(k, readYuanCell);
    if (fen) incomes.push({ type, amountFen: fen });
  }
  const person: Omit<PersonRecord, 'headIdNumber' | 'household'> = {
    isHead,
    idNumber: ownNorm,
    name: name ?? '',
    relation: isHead ? 'head' : (relation ?? 'other'),
    sex,
    birthDate,
    isAbleToWork: read('isAbleToWork', readYesNoCell),
    workStatus: read('workStatus', (c) => readLabelCell(c, works, '工作状态')),
    isInFullTimeStudy: read('isInFullTimeStudy', readYesNoCell),
    studyLevel: read('studyLevel', (c) => readLabelCell(c, studies, '在读学段')),
    healthStatus: read('healthStatus', (c) =>
      readLabelCell(c, dictionaries.healthStatus, '健康状况'),
    ),
    incomes,
  };
  if (!isHead && !relation && !issues.some((i) => i.column === 'relation'))
    issue('relation', '请选择与户主关系');

  let household: HouseholdRecord | null = null;
  if (isHead) {
    const regionCode = text('regionCode');
    if (!regionCode) issue('regionCode', '行政区划代码不能为空（家庭所在区县的 6 位代码）');
    const mainCause = read('mainCause', (c) => readLabelCell(c, causes, '致困原因'));
    if (!mainCause && !issues.some((i) => i.column === 'mainCause'))
      issue('mainCause', '请选择主要致困原因');
    const expenditures: HouseholdRecord['expenditures'] = [];
    for (const [k, type] of expenditureColumns) {
      const fen = read(k, readYuanCell);
      if (fen) expenditures.push({ type, amountFen: fen });
    }
    household = {
      regionCode: regionCode ?? '',
      standardLevel: read('standardLevel', (c) => readLabelCell(c, levels, '标准级别')),
      phone: text('phone'),
      address: text('address'),
      employerName: text('employerName'),
      mainCause,
      secondaryCauses:
        read('secondaryCauses', (c) => readLabelListCell(c, causes, '致困原因')) ?? [],
      isSingleParent: read('isSingleParent', readYesNoCell),
      isZeroEmployment: read('isZeroEmployment', readYesNoCell),
      housingType: read('housingType', (c) =>
        readLabelCell(c, dictionaries.housingType, '住房类型'),
      ),
      expenditures,
      bankName: text('bankName'),
      bankAccount: text('bankAccount')?.replace(/\s+/g, '') ?? null,
      situation: text('situation'),
    };
  }
  if (!key || issues.some((i) => i.column === keyColumn)) return { person: null, issues };
  return { person: { ...person, headIdNumber: key, household }, issues };
}

function idProblem(id: string): string {
  const parsed = parseIdNumber(id);
  if (parsed.ok) return '';
  const hint = /000$/.test(id)
    ? '（末尾是 000：可能是身份证号被存成了数字，请把该列设为“文本”格式后重新填写）'
    : '';
  const reason: Record<typeof parsed.error, string> = {
    empty: '身份证号不能为空',
    length: '身份证号应为 18 位（或旧的 15 位）',
    characters: '身份证号只能是数字，最后一位可以是 X',
    region: '身份证号前 6 位不是有效的行政区划代码',
    birth_date: '身份证号中的出生日期不是真实日期',
    check_digit: '身份证号校验位不对，请核对是否抄错',
  };
  return `${reason[parsed.error]}${hint}`;
}

/**
 * The fields of an assembled file that came from blank (or absent) cells and
 * were filled with the form's default: on a file that already exists they say
 * nothing, so the stored value stays (import-merge.ts).
 */
export type ImportBlankFields = {
  household: ('standardLevel' | 'isSingleParent' | 'isZeroEmployment')[];
  /** members[i]'s blank fields, in the order of `input.members`. */
  members: (
    | 'sex'
    | 'birthDate'
    | 'isAbleToWork'
    | 'workStatus'
    | 'isInFullTimeStudy'
    | 'studyLevel'
    | 'healthStatus'
  )[][];
  /** Income types whose column members[i]'s sheet does not have: the sheet says nothing of them. */
  absentIncomes?: IncomeType[][];
  /** Expense types whose column the household's sheet does not have. */
  absentExpenditures?: RigidExpenditureType[];
};

/** What the check keeps of a household for the commit: its input and its blank cells. */
export type CheckedImportFile = HouseholdFileInputJson & { blankFields?: ImportBlankFields };

/** Where each part of an assembled file came from, to put a schema issue on its cell. */
export type AssembledHousehold = {
  input: HouseholdFileInputJson;
  blankFields: ImportBlankFields;
  /** members[i] came from rows[i]. */
  rows: ImportRowRef[];
  headers: Partial<Record<ImportColumnKey, string>>[];
};

/**
 * Builds the form's input from a head's record and its members' records, in
 * row order. Birth date and sex come from the ID number when not given.
 */
export function assembleHousehold(
  nodeId: number,
  head: PersonRecord & ImportRowRef & { headers: RawRow['headers'] },
  members: readonly (PersonRecord & ImportRowRef & { headers: RawRow['headers'] })[],
): AssembledHousehold {
  const h = head.household!;
  const people = [head, ...members];
  const refOf = (i: number) => (i === 0 ? 'head' : `m${i}`);
  const input: HouseholdFileInputJson = {
    nodeId,
    regionCode: h.regionCode,
    standardLevel: h.standardLevel ?? 'grassroots',
    phone: h.phone,
    address: h.address,
    employerName: h.employerName,
    housingType: h.housingType,
    isSingleParent: h.isSingleParent ?? false,
    isZeroEmployment: h.isZeroEmployment ?? false,
    mainCause: h.mainCause ?? 'other',
    secondaryCauses: h.secondaryCauses,
    situation: h.situation,
    bankName: h.bankName,
    bankAccount: h.bankAccount,
    members: people.map((p, i) => {
      const parsed = p.idNumber ? parseIdNumber(p.idNumber) : null;
      const fromId = parsed?.ok ? parsed : null;
      return {
        ref: refOf(i),
        relation: p.relation,
        name: p.name,
        idNumber: p.idNumber,
        birthDate: p.birthDate ?? fromId?.birthDate ?? '',
        sex: p.sex ?? fromId?.sex ?? 'male',
        isAbleToWork: p.isAbleToWork ?? false,
        workStatus: p.workStatus,
        isInFullTimeStudy: p.isInFullTimeStudy ?? false,
        studyLevel: p.studyLevel,
        healthStatus: p.healthStatus,
      };
    }),
    incomes: people.flatMap((p, i) =>
      p.incomes.map((inc) => ({ memberRef: refOf(i), type: inc.type, amountFen: inc.amountFen })),
    ),
    rigidExpenditures: h.expenditures.map((e) => ({
      memberRef: null,
      type: e.type,
      amountFen: e.amountFen,
    })),
  };
  const blank = <K extends string>(pairs: [K, unknown][]): K[] =>
    pairs.filter(([, v]) => v === null).map(([k]) => k);
  return {
    input,
    blankFields: {
      household: blank([
        ['standardLevel', h.standardLevel],
        ['isSingleParent', h.isSingleParent],
        ['isZeroEmployment', h.isZeroEmployment],
      ]),
      members: people.map((p) =>
        blank([
          ['sex', p.sex],
          ['birthDate', p.birthDate],
          ['isAbleToWork', p.isAbleToWork],
          ['workStatus', p.workStatus],
          ['isInFullTimeStudy', p.isInFullTimeStudy],
          ['studyLevel', p.studyLevel],
          ['healthStatus', p.healthStatus],
        ]),
      ),
      absentIncomes: people.map((p) =>
        incomeColumns.filter(([k]) => !p.headers[k]).map(([, t]) => t),
      ),
      absentExpenditures: expenditureColumns.filter(([k]) => !head.headers[k]).map(([, t]) => t),
    },
    rows: people.map((p) => ({ sheet: p.sheet, row: p.row })),
    headers: people.map((p) => p.headers),
  };
}

const memberFieldColumns: Record<string, ImportColumnKey> = {
  name: 'name',
  idNumber: 'idNumber',
  relation: 'relation',
  birthDate: 'birthDate',
  sex: 'sex',
  isAbleToWork: 'isAbleToWork',
  workStatus: 'workStatus',
  isInFullTimeStudy: 'isInFullTimeStudy',
  studyLevel: 'studyLevel',
  healthStatus: 'healthStatus',
  livingWithHouseholdSince: 'note',
};
const householdFieldColumns: Record<string, ImportColumnKey> = {
  regionCode: 'regionCode',
  standardLevel: 'standardLevel',
  phone: 'phone',
  address: 'address',
  employerName: 'employerName',
  housingType: 'housingType',
  mainCause: 'mainCause',
  secondaryCauses: 'secondaryCauses',
  situation: 'situation',
  bankName: 'bankName',
  bankAccount: 'bankAccount',
};

const messageZh: [RegExp, string][] = [
  [/not a GB\/T 2260 region code|6 digits/, '不是有效的 6 位行政区划代码'],
  [/mobile number|landline/, '电话应为 11 位手机号，或带区号的固定电话'],
  [/12 to 30 digits/, '银行账号应为 12 至 30 位数字'],
  [/at most 3 secondary/, '次要致困原因最多 3 个'],
  [/repeats the main cause/, '次要致困原因不能与主要致困原因相同'],
  [/listed twice/, '致困原因重复'],
  [/exactly one member with relation head/, '每户只能有一名户主（本人）'],
  [/too_big|Too big|at most/i, '内容过长'],
  [/YYYY-MM-DD|not a real date/, '日期不正确'],
  [/check digit/, '身份证号校验位不对，请核对是否抄错'],
  [/required/, '不能为空'],
];

/** A schema issue of an assembled file, put on the row and column it came from, in Chinese. */
export function issueOfSchemaPath(
  assembled: AssembledHousehold,
  path: readonly PropertyKey[],
  message: string,
): ImportIssue {
  const [first, index, field] = path;
  let rowIndex = 0;
  let column: ImportColumnKey | null = null;
  if (first === 'members' && typeof index === 'number') {
    rowIndex = index;
    column = typeof field === 'string' ? (memberFieldColumns[field] ?? null) : null;
  } else if ((first === 'incomes' || first === 'rigidExpenditures') && typeof index === 'number') {
    column = first === 'incomes' ? 'wages' : 'medical';
  } else if (typeof first === 'string') {
    column = householdFieldColumns[first] ?? null;
  }
  const ref = assembled.rows[rowIndex] ?? assembled.rows[0]!;
  const zh = messageZh.find(([re]) => re.test(message))?.[1];
  return {
    ...ref,
    column,
    columnLabel: column ? (assembled.headers[rowIndex]?.[column] ?? columnLabel(column)) : null,
    message: zh ?? `填写有误：${message}`,
  };
}

// ---------------------------------------------------------------- API shapes

export const importModes = ['draft', 'registered'] as const;
/** draft: each new file starts as an application (申请); registered: migrated files enter as 已建档. */
export type ImportMode = (typeof importModes)[number];

export const importStatuses = [
  'validating',
  'validated',
  'failed',
  'committing',
  'committed',
  'cancelled',
] as const;
export type ImportStatus = (typeof importStatuses)[number];

export const importUploadQuerySchema = z.object({
  /** The node that keeps every file the import creates (in the caller's scope). */
  nodeId: z.coerce.number().int().positive(),
  mode: z.enum(importModes).default('draft'),
});

export type ImportSummary = {
  rows: number;
  households: number;
  new: number;
  changed: number;
  unchanged: number;
  rejected: number;
  /** Rows with at least one problem. */
  rejectedRows: number;
  /** Assessment of the files that would be written: category (or not_eligible / unassessed) → count. */
  categories: Record<string, number>;
};

export type ImportView = {
  id: number;
  status: ImportStatus;
  fileName: string;
  fileKind: 'xlsx' | 'csv';
  mode: ImportMode;
  nodeId: number;
  nodeName: string;
  createdBy: string | null;
  createdAt: string;
  rowsRead: number;
  summary: ImportSummary | null;
  error: string | null;
  jobId: number | null;
  job: {
    status: string;
    progressDone: number;
    progressTotal: number;
    result: Record<string, unknown> | null;
  } | null;
  /** The first rejected rows (the whole list is in the error report). */
  issues: ImportIssue[];
  issueCount: number;
};
