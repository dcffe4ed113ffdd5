import { z } from 'zod';
import { parseIdNumber, type IdNumberErrorKind } from '../households/id-number';
import {
  cellText,
  readDateCell,
  readIdNumberCell,
  readYuanCell,
  type RawCell,
} from '../imports/import-cells';
import { normalizeHeader } from '../imports/household-import';

/**
 * Registry matching (数据比对): extracts sent by other offices, the columns of
 * each kind and their header synonyms, how one row is read, how a scored match
 * is explained, and the findings a match becomes. Pure: shared by the server
 * and the screens.
 */

// ---------------------------------------------------------------- extract kinds

export const extractKinds = [
  'dibao', // 低保/特困 roll (civil affairs, 民政)
  'social_insurance', // social-insurance payment status (社保)
  'death', // deaths (civil registration / public security, 死亡信息)
  'vehicle', // motor vehicles (车辆登记, 公安交管)
  'property', // real property (不动产登记)
  'business', // business registrations (市场主体登记)
] as const;
export type ExtractKind = (typeof extractKinds)[number];

export const extractKindLabels = {
  dibao: { zh: '低保/特困名册', en: 'Dibao / tekun roll' },
  social_insurance: { zh: '社保缴费状态', en: 'Social-insurance payments' },
  death: { zh: '死亡信息', en: 'Deaths' },
  vehicle: { zh: '车辆登记', en: 'Vehicle registrations' },
  property: { zh: '不动产登记', en: 'Property registrations' },
  business: { zh: '市场主体登记', en: 'Business registrations' },
} as const satisfies Record<ExtractKind, { zh: string; en: string }>;

// ---------------------------------------------------------------- columns

export const extractColumnKeys = [
  'idNumber',
  'name',
  'birthDate',
  'certificateNo',
  'amount',
  'assistanceType',
  'since',
  'insuranceStatus',
  'insuranceType',
  'monthsPaid',
  'deathDate',
  'plate',
  'vehicleType',
  'address',
  'area',
  'businessName',
  'businessRole',
  'registrationNo',
] as const;
export type ExtractColumnKey = (typeof extractColumnKeys)[number];

/** Each column: its label in messages, the headers that name it (after normalizeHeader). */
export const extractColumns: Record<ExtractColumnKey, { label: string; headers: string[] }> = {
  idNumber: {
    label: '身份证号',
    headers: [
      '身份证号',
      '身份证号码',
      '公民身份号码',
      '证件号码',
      '身份证件号码',
      '证件号',
      '身份证',
    ],
  },
  name: {
    label: '姓名',
    headers: [
      '姓名',
      '名字',
      '户主姓名',
      '人员姓名',
      '死者姓名',
      '所有人',
      '车主',
      '权利人',
      '投资人',
      '经营者',
      '法定代表人姓名',
      '救助对象姓名',
    ],
  },
  birthDate: {
    label: '出生日期',
    headers: ['出生日期', '出生年月', '出生年月日', '生日', '出生年份'],
  },
  certificateNo: {
    label: '低保证号',
    headers: ['低保证号', '低保证编号', '证号', '救助证号', '特困证号', '证书编号'],
  },
  amount: {
    label: '月保障金额',
    headers: ['保障金额', '月保障金额', '月救助金额', '救助金额', '金额', '月低保金', '低保金'],
  },
  assistanceType: {
    label: '救助类别',
    headers: ['救助类别', '保障类别', '类别', '对象类别', '人员类别'],
  },
  since: {
    label: '纳入日期',
    headers: ['纳入日期', '纳入时间', '审批日期', '批准日期', '保障起始日期'],
  },
  insuranceStatus: {
    label: '缴费状态',
    headers: ['缴费状态', '参保状态', '缴费情况', '参保缴费状态', '状态'],
  },
  insuranceType: { label: '险种', headers: ['险种', '险种类型', '参保险种'] },
  monthsPaid: {
    label: '缴费月数',
    headers: ['缴费月数', '累计缴费月数', '近12个月缴费月数', '实缴月数'],
  },
  deathDate: { label: '死亡日期', headers: ['死亡日期', '死亡时间', '注销日期', '死亡年月日'] },
  plate: { label: '号牌号码', headers: ['号牌号码', '车牌号', '车牌号码', '号牌'] },
  vehicleType: { label: '车辆类型', headers: ['车辆类型', '车型', '号牌种类', '车辆种类'] },
  address: { label: '坐落', headers: ['坐落', '房屋坐落', '不动产坐落', '地址', '房屋地址'] },
  area: {
    label: '建筑面积',
    headers: ['建筑面积', '面积', '房屋面积', '建筑面积㎡', '建筑面积m2'],
  },
  businessName: {
    label: '主体名称',
    headers: ['主体名称', '企业名称', '字号名称', '名称', '个体工商户名称', '市场主体名称'],
  },
  businessRole: {
    label: '身份',
    headers: ['身份', '人员身份', '任职', '职务', '出资类型', '投资人类型'],
  },
  registrationNo: {
    label: '统一社会信用代码',
    headers: ['统一社会信用代码', '注册号', '信用代码'],
  },
};

/** The kind's own columns, besides ID number, name and birth date. */
export const extractKindColumns = {
  dibao: ['certificateNo', 'amount', 'assistanceType', 'since'],
  social_insurance: ['insuranceStatus', 'insuranceType', 'monthsPaid'],
  death: ['deathDate'],
  vehicle: ['plate', 'vehicleType'],
  property: ['address', 'area'],
  business: ['businessName', 'businessRole', 'registrationNo'],
} as const satisfies Record<ExtractKind, readonly ExtractColumnKey[]>;

const headerIndex = new Map<string, ExtractColumnKey>();
for (const key of extractColumnKeys)
  for (const h of extractColumns[key].headers) headerIndex.set(normalizeHeader(h), key);

/** The column a header names, for a kind (a column of another kind is not read). */
export function matchExtractHeader(kind: ExtractKind, text: string): ExtractColumnKey | null {
  const key = headerIndex.get(normalizeHeader(text));
  if (!key) return null;
  if (key === 'idNumber' || key === 'name' || key === 'birthDate') return key;
  return (extractKindColumns[kind] as readonly ExtractColumnKey[]).includes(key) ? key : null;
}

/** A header row is an extract's when it names the ID number or the name. */
export function isExtractHeader(keys: ReadonlySet<ExtractColumnKey>): boolean {
  return keys.has('idNumber') || keys.has('name');
}

// ---------------------------------------------------------------- one row

/** The facts of a row other than the person: not sensitive, stored in clear. */
export type ExtractFacts = {
  certificateNo?: string;
  amountFen?: number;
  assistanceType?: string;
  since?: string;
  insuranceStatus?: 'paid' | 'unpaid';
  insuranceStatusText?: string;
  insuranceType?: string;
  monthsPaid?: number;
  deathDate?: string;
  plate?: string;
  vehicleType?: string;
  address?: string;
  areaM2?: number;
  businessName?: string;
  businessRole?: string;
  registrationNo?: string;
};

/** One reason a row cannot be used, with the column it is about (null: the row as a whole). */
export type ExtractProblem = { column: ExtractColumnKey | null; message: string };

/** A row read: the person as far as known, the facts, and problems (a row with problems is not matched). */
export type ExtractRecord = {
  /** Normalised 18-character number when the cell held a valid one. */
  idNumber: string | null;
  /** The raw ID text when it was there but not valid (kept masked only). */
  invalidIdNumber: string | null;
  idProblem: string | null;
  name: string | null;
  birthDate: string | null;
  birthYear: number | null;
  facts: ExtractFacts;
  /** Each problem as “列：原因” (the column's own label). */
  problems: string[];
  /** The same problems with their column, for the rejected-rows report. */
  issues: ExtractProblem[];
};

/** Why a GB 11643 number is not valid, in words a clerk understands (no digits of the number). */
const idNumberProblems: Record<IdNumberErrorKind, string> = {
  empty: '为空',
  length: '应为 18 位（或旧的 15 位）',
  characters: '只能是数字，最后一位可以是 X',
  region: '前 6 位不是有效的行政区划代码',
  birth_date: '其中的出生日期不是真实日期',
  check_digit: '校验位不对，请核对是否抄错',
};

const unpaidWords = ['欠费', '未缴', '未缴费', '停缴', '中断', '暂停', '断缴', '终止', '否', '无'];
const paidWords = ['正常', '已缴', '已缴费', '正常缴费', '参保缴费', '缴费', '是', '有'];

function readInsuranceStatus(text: string): 'paid' | 'unpaid' | null {
  if (!text) return null;
  if (unpaidWords.some((w) => text.includes(w))) return 'unpaid';
  if (paidWords.some((w) => text.includes(w))) return 'paid';
  return null;
}

/**
 * One extract row as a record. The ID number goes through the same cell
 * reader as the household import (numbers that lost digits are refused) and
 * the GB 11643 parser; when it is missing or invalid the row can still match
 * by name and birth date (a birth date is then taken from the number's digits
 * 7–14 if the column is empty and those digits are a real date).
 */
export function readExtractRow(
  kind: ExtractKind,
  cells: Partial<Record<ExtractColumnKey, RawCell>>,
  today?: string,
): ExtractRecord {
  const issues: ExtractProblem[] = [];
  const problem = (column: ExtractColumnKey | null, message: string) =>
    issues.push({ column, message });
  const facts: ExtractFacts = {};
  let idNumber: string | null = null;
  let invalidIdNumber: string | null = null;
  let idProblem: string | null = null;
  const idCell = readIdNumberCell(cells.idNumber ?? null);
  if (!idCell.ok) idProblem = idCell.message;
  else if (idCell.value) {
    const parsed = parseIdNumber(idCell.value, today ? { today } : {});
    if (parsed.ok) idNumber = parsed.value;
    else {
      invalidIdNumber = idCell.value;
      idProblem = `身份证号无效：${idNumberProblems[parsed.error]}`;
    }
  }
  const name = cellText(cells.name ?? null).replace(/\s+/g, '') || null;
  let birthDate: string | null = null;
  let birthYear: number | null = null;
  const birthText = cellText(cells.birthDate ?? null);
  if (/^\d{4}(年)?$/.test(birthText)) birthYear = Number(birthText.slice(0, 4));
  else if (/^\d{4}[-/.年]\d{1,2}月?$/.test(birthText)) birthYear = Number(birthText.slice(0, 4));
  else {
    const d = readDateCell(cells.birthDate ?? null);
    if (d.ok) birthDate = d.value;
    else problem('birthDate', d.message);
  }
  if (idNumber) {
    birthDate = idNumber.slice(6, 10) + '-' + idNumber.slice(10, 12) + '-' + idNumber.slice(12, 14);
  } else if (!birthDate && invalidIdNumber && /^\d{14}/.test(invalidIdNumber)) {
    const d = readDateCell(invalidIdNumber.slice(6, 14));
    if (d.ok && d.value) birthDate = d.value;
  } else if (
    !birthDate &&
    typeof cells.idNumber === 'number' &&
    /^\d{18}$/.test(cells.idNumber.toFixed(0))
  ) {
    // An ID number stored as a number keeps its first 15 digits (a spreadsheet's
    // precision): the number is lost, but its birth date (digits 7–14) is exact.
    const d = readDateCell(cells.idNumber.toFixed(0).slice(6, 14));
    if (d.ok && d.value) birthDate = d.value;
  }
  if (birthDate) birthYear = Number(birthDate.slice(0, 4));

  const text = (key: ExtractColumnKey) => cellText(cells[key] ?? null) || undefined;
  const date = (key: ExtractColumnKey) => {
    const d = readDateCell(cells[key] ?? null);
    if (!d.ok) problem(key, d.message);
    return d.ok ? (d.value ?? undefined) : undefined;
  };
  switch (kind) {
    case 'dibao': {
      facts.certificateNo = text('certificateNo');
      facts.assistanceType = text('assistanceType');
      facts.since = date('since');
      const amount = readYuanCell(cells.amount ?? null);
      if (!amount.ok) problem('amount', amount.message);
      else if (amount.value !== null) facts.amountFen = amount.value;
      break;
    }
    case 'social_insurance': {
      const status = text('insuranceStatus') ?? '';
      facts.insuranceStatusText = status || undefined;
      facts.insuranceType = text('insuranceType');
      const months = text('monthsPaid');
      if (months !== undefined) {
        if (/^\d{1,3}$/.test(months)) facts.monthsPaid = Number(months);
        else problem('monthsPaid', `“${months}”不是整数`);
      }
      const read = readInsuranceStatus(status);
      if (read) facts.insuranceStatus = read;
      else if (facts.monthsPaid !== undefined)
        facts.insuranceStatus = facts.monthsPaid > 0 ? 'paid' : 'unpaid';
      else if (status) problem('insuranceStatus', `“${status}”无法识别`);
      else problem(null, '缺少缴费状态');
      break;
    }
    case 'death':
      facts.deathDate = date('deathDate');
      if (!facts.deathDate && !issues.length) problem(null, '缺少死亡日期');
      break;
    case 'vehicle':
      facts.plate = text('plate');
      facts.vehicleType = text('vehicleType');
      break;
    case 'property': {
      facts.address = text('address');
      const area = text('area')?.replace(/(平方米|㎡|m2)$/i, '');
      if (area !== undefined) {
        if (/^\d+(\.\d+)?$/.test(area)) facts.areaM2 = Number(area);
        else problem('area', `“${area}”不是数字`);
      }
      break;
    }
    case 'business':
      facts.businessName = text('businessName');
      facts.businessRole = text('businessRole');
      facts.registrationNo = text('registrationNo');
      break;
    default: {
      const never: never = kind;
      throw new Error(`unknown extract kind ${String(never)}`);
    }
  }
  for (const k of Object.keys(facts) as (keyof ExtractFacts)[])
    if (facts[k] === undefined) delete facts[k];
  if (!idNumber && !name) problem(null, '既没有有效的身份证号，也没有姓名，无法比对');
  const problems = issues.map((i) =>
    i.column ? `${extractColumns[i.column].label}：${i.message}` : i.message,
  );
  return {
    idNumber,
    invalidIdNumber,
    idProblem,
    name,
    birthDate,
    birthYear,
    facts,
    problems,
    issues,
  };
}

// ---------------------------------------------------------------- matching and findings

/** How a row was tied to a member: by the keyed hash of the ID number, or scored on name and birth. */
export const matchMethods = [
  'id_number',
  'name_birth_date',
  'name_birth_year',
  'pinyin_birth_date',
] as const;
export type MatchMethod = (typeof matchMethods)[number];

/**
 * The score of each method (0–100). An ID-number match is certain; the
 * others are candidates a reviewer must confirm: never confirmed automatically.
 */
export const matchScores = {
  id_number: 100,
  name_birth_date: 85,
  name_birth_year: 60,
  pinyin_birth_date: 45,
} as const satisfies Record<MatchMethod, number>;

export const matchMethodExplanations = {
  id_number: { zh: '身份证号一致', en: 'Same ID number' },
  name_birth_date: {
    zh: '身份证号缺失或无效；姓名与出生日期一致',
    en: 'ID number missing or invalid; same name and birth date',
  },
  name_birth_year: {
    zh: '身份证号缺失或无效；姓名一致、出生年份一致（日期不全或不同）',
    en: 'ID number missing or invalid; same name and birth year',
  },
  pinyin_birth_date: {
    zh: '身份证号缺失或无效；姓名拼音相同（字不同，可能是同音字或错别字）、出生日期一致',
    en: 'ID number missing or invalid; same name in pinyin (different characters) and birth date',
  },
} as const satisfies Record<MatchMethod, { zh: string; en: string }>;

export const findingKinds = [
  'dibao_recipient', // receives 低保/特困 — category evidence
  'insurance_unpaid', // social insurance not paid
  'insurance_paid', // social insurance paid (in work)
  'deceased', // deceased member
  'vehicle', // vehicle registered — the vehicle exclusion check fails
  'property', // property — possible second home
  'business', // business owner — the exclusion check fails
] as const;
export type FindingKind = (typeof findingKinds)[number];

export const findingKindLabels = {
  dibao_recipient: { zh: '在低保/特困名册——类别佐证', en: 'On the dibao roll — category evidence' },
  insurance_unpaid: { zh: '社保未缴费', en: 'Social insurance not paid' },
  insurance_paid: { zh: '社保正常缴费（可能在业）', en: 'Social insurance paid (may be in work)' },
  deceased: { zh: '成员已死亡', en: 'Deceased member' },
  vehicle: {
    zh: '登记有机动车——车辆排除项不通过',
    en: 'Vehicle registered — vehicle exclusion fails',
  },
  property: { zh: '登记有不动产——可能有第二套住房', en: 'Property — possible second home' },
  business: { zh: '经营主体——经营排除项不通过', en: 'Business owner — exclusion fails' },
} as const satisfies Record<FindingKind, { zh: string; en: string }>;

/** The finding kind a row of an extract becomes (social insurance depends on the status). */
export function findingKindOf(kind: ExtractKind, facts: ExtractFacts): FindingKind {
  switch (kind) {
    case 'dibao':
      return 'dibao_recipient';
    case 'social_insurance':
      return facts.insuranceStatus === 'paid' ? 'insurance_paid' : 'insurance_unpaid';
    case 'death':
      return 'deceased';
    case 'vehicle':
      return 'vehicle';
    case 'property':
      return 'property';
    case 'business':
      return 'business';
    default: {
      const never: never = kind;
      throw new Error(`unknown extract kind ${String(never)}`);
    }
  }
}

/** The exclusion check a confirmed finding answers "bars" (拥有机动车 / 经营 / 两套以上住房). */
export const findingExclusions = {
  vehicle: 'vehicle',
  business: 'business_owner',
  property: 'multiple_homes',
} as const;

/** One line of evidence for a finding, from its row's facts (no ID number). */
export function describeFacts(kind: ExtractKind, f: ExtractFacts): string {
  const yuan = (fen: number) => `${(fen / 100).toFixed(2)} 元`;
  const parts: (string | false | undefined)[] = [];
  switch (kind) {
    case 'dibao':
      parts.push(
        f.assistanceType,
        f.certificateNo && `证号 ${f.certificateNo}`,
        f.amountFen !== undefined && `月保障金 ${yuan(f.amountFen)}`,
        f.since && `${f.since} 起`,
      );
      break;
    case 'social_insurance':
      parts.push(
        f.insuranceType,
        f.insuranceStatusText ?? (f.insuranceStatus === 'paid' ? '正常缴费' : '未缴费'),
        f.monthsPaid !== undefined && `缴费 ${f.monthsPaid} 个月`,
      );
      break;
    case 'death':
      parts.push(f.deathDate && `死亡日期 ${f.deathDate}`);
      break;
    case 'vehicle':
      parts.push(f.plate && `号牌 ${f.plate}`, f.vehicleType);
      break;
    case 'property':
      parts.push(f.address && `坐落 ${f.address}`, f.areaM2 !== undefined && `${f.areaM2} 平方米`);
      break;
    case 'business':
      parts.push(f.businessName, f.businessRole, f.registrationNo && `代码 ${f.registrationNo}`);
      break;
    default: {
      const never: never = kind;
      throw new Error(`unknown extract kind ${String(never)}`);
    }
  }
  return parts.filter(Boolean).join('，');
}

// ---------------------------------------------------------------- API

export const findingStatuses = ['open', 'confirmed', 'dismissed'] as const;
export type FindingStatus = (typeof findingStatuses)[number];

export const registryUploadQuerySchema = z.object({
  kind: z.enum(extractKinds),
  /** The node whose files the extract is matched against (default: the caller's). */
  nodeId: z.coerce.number().int().positive().optional(),
});
export type RegistryUploadQuery = z.output<typeof registryUploadQuerySchema>;

export const findingQuerySchema = z.object({
  kind: z.enum(findingKinds).optional(),
  status: z.enum(findingStatuses).optional(),
  roundId: z.coerce.number().int().positive().optional(),
  householdId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Keyset: the last id of the previous page. */
  before: z.coerce.number().int().positive().optional(),
});
export type FindingQuery = z.output<typeof findingQuerySchema>;

/** The rejected rows of a round, in file order; keyset on the row's staging sequence. */
/** Which rows the round's row list shows: those rejected, or those whose ID number was unusable. */
export const roundRowKinds = ['rejected', 'id_unusable'] as const;
export type RoundRowKind = (typeof roundRowKinds)[number];

export const rejectedRowQuerySchema = z.object({
  which: z.enum(roundRowKinds).default('rejected'),
  limit: z.coerce.number().int().min(1).max(500).default(500),
  /** Keyset: the last `seq` of the previous page. */
  after: z.coerce.number().int().nonnegative().optional(),
});
export type RejectedRowQuery = z.output<typeof rejectedRowQuerySchema>;

/** A row of an extract that could not be read, and why (issue 5: sheet, row, column, message). */
export type RejectedRowView = {
  seq: number;
  sheet: string;
  rowNo: number;
  name: string | null;
  idNumberMasked: string | null;
  /** Each reason with its column as the extract's header named it (null: the row as a whole). */
  problems: { column: string | null; message: string }[];
};

export type RejectedRowsView = {
  roundId: number;
  which: RoundRowKind;
  /** All such rows of the round (the page may hold fewer). */
  total: number;
  items: RejectedRowView[];
  /** Pass as `after` for the next page; null on the last page. */
  nextAfter: number | null;
};

export const confirmFindingSchema = z.object({
  version: z.number().int().nonnegative(),
  note: z.string().trim().max(500).optional(),
});
export const dismissFindingSchema = z.object({
  version: z.number().int().nonnegative(),
  reason: z.string().trim().min(2, 'a reason is required').max(500),
});

export type RoundCounts = {
  rows: number;
  matchedById: number;
  matchedByScore: number;
  unmatched: number;
  rejected: number;
  /** Rows read whose ID number was unusable: compared by name and birth date only. */
  idUnusable: number;
};

export type RegistryRoundView = {
  id: number;
  kind: ExtractKind;
  nodeId: number;
  nodeName: string;
  fileName: string;
  createdBy: string | null;
  createdAt: string;
  counts: RoundCounts;
  openFindings: number;
};

/** What a confirmation did (stored on the finding). */
export type FindingAction =
  | { type: 'exclusion'; exclusionId: string; assessmentId: number | null; problem: string | null }
  | { type: 'reassessed'; assessmentId: number | null; problem: string | null }
  | {
      type: 'deceased';
      memberId: number;
      deceasedOn: string;
      exitId: number | null;
      /** Why no exit was proposed although one is due (for a case worker to do). */
      exitPending: string | null;
    }
  | { type: 'recorded' };

export type FindingView = {
  id: number;
  roundId: number;
  extractKind: ExtractKind;
  kind: FindingKind;
  status: FindingStatus;
  version: number;
  householdId: number;
  householdName: string;
  fileNo: string | null;
  householdStatus: string;
  nodeName: string;
  memberId: number;
  memberName: string;
  memberRelation: string;
  memberIdNumberMasked: string | null;
  method: MatchMethod;
  score: number;
  why: string;
  evidence: {
    rowNo: number;
    sheet: string;
    name: string | null;
    idNumberMasked: string | null;
    birthDate: string | null;
    /** Why the row's ID number was unusable (it was matched by name and birth instead). */
    idProblem: string | null;
    facts: ExtractFacts;
    summary: string;
  };
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
  action: FindingAction | null;
  createdAt: string;
};

export type HouseholdRegistryView = {
  findings: FindingView[];
  deceased: { memberId: number; name: string; relation: string; deceasedOn: string }[];
};
