import dayjs, { type Dayjs } from 'dayjs';
import type { AssessmentInputJson } from '../../../shared/households/assessment';
import type {
  MemberRelation,
  StudyLevel,
  WorkStatus,
} from '../../../shared/households/dictionaries';
import {
  exclusionIds,
  type ExclusionId,
  type IncomeType,
  type RigidExpenditureType,
} from '../../../shared/households/policy';
import { yuanToFen } from '../policy/policy-api';

/** The assessment form's values: dates as dayjs, money in yuan, answers as words. */
export type MemberValues = {
  ref: string;
  name?: string;
  relation: MemberRelation;
  birthDate?: Dayjs | null;
  sex: 'male' | 'female';
  isAbleToWork: boolean;
  workStatus: WorkStatus | 'none';
  isInFullTimeStudy?: boolean;
  studyLevel?: StudyLevel | null;
  isDisabledOrSeriouslyIll?: boolean;
};
/** '' stands for the household as a whole. */
export type IncomeValues = { memberRef: string; type: IncomeType; amountYuan?: number | null };
export type RigidValues = {
  memberRef: string;
  type: RigidExpenditureType;
  amountYuan?: number | null;
};
export type Answer = 'yes' | 'no' | 'unknown';
export type HouseholdValues = {
  regionCode?: string | null;
  asOf?: Dayjs | null;
  members: MemberValues[];
  incomes: IncomeValues[];
  rigid: RigidValues[];
  exclusions: Record<ExclusionId, Answer>;
};

const allUnknown = Object.fromEntries(exclusionIds.map((id) => [id, 'unknown'])) as Record<
  ExclusionId,
  Answer
>;

let counter = 0;
/** A fresh member key inside the form. */
export function newRef(): string {
  counter += 1;
  return `m${Date.now().toString(36)}${counter}`;
}

export function emptyMember(relation: MemberRelation = 'head'): MemberValues {
  return { ref: newRef(), relation, sex: 'male', isAbleToWork: true, workStatus: 'none' };
}

export function emptyHousehold(): HouseholdValues {
  return {
    regionCode: null,
    asOf: dayjs().startOf('day'),
    members: [emptyMember('head')],
    incomes: [],
    rigid: [],
    exclusions: { ...allUnknown },
  };
}

/**
 * 示例家庭 in 南京市玄武区: a laid-off worker able to work (imputed the minimum
 * wage), his wife in flexible work, a son at primary school; medical costs.
 */
export function exampleHousehold(): HouseholdValues {
  return {
    regionCode: '320102',
    asOf: dayjs().startOf('day'),
    members: [
      {
        ref: 'head',
        name: '张建国',
        relation: 'head',
        birthDate: dayjs('1978-05-12'),
        sex: 'male',
        isAbleToWork: true,
        workStatus: 'laid_off',
      },
      {
        ref: 'wife',
        name: '李秀英',
        relation: 'spouse',
        birthDate: dayjs('1980-09-03'),
        sex: 'female',
        isAbleToWork: true,
        workStatus: 'flexible_employment',
      },
      {
        ref: 'son',
        name: '张小明',
        relation: 'child',
        birthDate: dayjs('2014-03-20'),
        sex: 'male',
        isAbleToWork: false,
        workStatus: 'none',
        isInFullTimeStudy: true,
        studyLevel: 'primary',
      },
    ],
    incomes: [
      { memberRef: 'wife', type: 'wages', amountYuan: 21600 },
      { memberRef: 'head', type: 'transfers', amountYuan: 6000 },
      { memberRef: '', type: 'holiday_gift', amountYuan: 500 },
    ],
    rigid: [{ memberRef: 'head', type: 'medical', amountYuan: 4800 }],
    exclusions: Object.fromEntries(exclusionIds.map((id) => [id, 'no'])) as Record<
      ExclusionId,
      Answer
    >,
  };
}

const iso = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : '');
const answerOf = { yes: true, no: false, unknown: null } as const;

/** The body of POST /api/assessments/preview (assessmentRequestSchema). */
export function toRequest(v: HouseholdValues): {
  asOf?: string;
  household: AssessmentInputJson;
} {
  return {
    asOf: v.asOf ? iso(v.asOf) : undefined,
    household: {
      regionCode: v.regionCode ?? undefined,
      members: (v.members ?? []).map((m) => ({
        ref: m.ref,
        name: m.name?.trim() || undefined,
        relation: m.relation,
        birthDate: iso(m.birthDate),
        sex: m.sex,
        isAbleToWork: m.isAbleToWork,
        workStatus: m.workStatus === 'none' ? null : m.workStatus,
        isInFullTimeStudy: m.isInFullTimeStudy ?? false,
        studyLevel: m.isInFullTimeStudy ? (m.studyLevel ?? null) : null,
        isDisabledOrSeriouslyIll: m.isDisabledOrSeriouslyIll ?? false,
      })),
      incomes: (v.incomes ?? []).map((i) => ({
        memberRef: i.memberRef || null,
        type: i.type,
        amountFen: yuanToFen(i.amountYuan ?? 0),
      })),
      rigidExpenditures: (v.rigid ?? []).map((i) => ({
        memberRef: i.memberRef || null,
        type: i.type,
        amountFen: yuanToFen(i.amountYuan ?? 0),
      })),
      exclusions: Object.fromEntries(
        exclusionIds.map((id) => [id, { answer: answerOf[v.exclusions?.[id] ?? 'unknown'] }]),
      ),
    },
  };
}
