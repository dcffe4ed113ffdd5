import dayjs, { type Dayjs } from 'dayjs';
import type { accidentCauses } from '../../../shared/households/assessment';
import type {
  HardshipCause,
  MemberRelation,
  StudyLevel,
  WorkStatus,
} from '../../../shared/households/dictionaries';
import type {
  HouseholdFile,
  HouseholdFileInputJson,
  StandardLevel,
} from '../../../shared/households/household-file';
import {
  exclusionIds,
  type ExclusionId,
  type IncomeType,
  type RigidExpenditureType,
} from '../../../shared/households/policy';
import { fenToYuan, yuanToFen } from '../policy/policy-api';

/**
 * The household file form's values: the shape of householdFileInputSchema,
 * with dates as dayjs, money in yuan (`…Yuan` beside the schema's `…Fen`) and
 * exclusion answers as words. Sensitive values (ID numbers, phone, bank
 * account, diagnosis) of a stored file are only known masked: their field is
 * `undefined` until the user chooses 修改, and an untouched one is left out of
 * the body so the server keeps what it has.
 */

export type Answer = 'yes' | 'no' | 'unknown';

export type MemberFormValues = {
  id?: number;
  ref: string;
  relation: MemberRelation;
  name?: string;
  idNumber?: string | null;
  /** What the server showed for a stored number (read only). */
  idNumberMasked?: string | null;
  birthDate?: Dayjs | null;
  sex?: 'male' | 'female';
  isAbleToWork: boolean;
  workStatus?: WorkStatus | null;
  isInFullTimeStudy?: boolean;
  studyLevel?: StudyLevel | null;
  school?: string | null;
  livingWithHouseholdSince?: Dayjs | null;
  isDependant?: boolean;
  isDisabledOrSeriouslyIll?: boolean;
  healthStatus?: string | null;
  diagnosis?: string | null;
  /** A diagnosis is stored (its text only through a reveal). */
  hasDiagnosis?: boolean;
  disabilityType?: string | null;
  disabilityGrade?: string | null;
};

/** '' stands for the household as a whole. */
export type ItemFormValues<T extends string> = {
  memberRef: string;
  type: T;
  amountYuan?: number | null;
  note?: string;
};

export type AccidentFormValues = {
  cause?: (typeof accidentCauses)[number];
  costsYuan?: number | null;
  compensationYuan?: number | null;
  occurredOn?: Dayjs | null;
  description?: string;
};

export type HouseholdFormValues = {
  nodeId?: number;
  regionCode?: string | null;
  standardLevel: StandardLevel;
  phone?: string | null;
  address?: string | null;
  employerName?: string | null;
  employerType?: string | null;
  industry?: string | null;
  isUnionMember: boolean;
  politicalStatus?: string | null;
  maritalStatus?: string | null;
  hukouType?: string | null;
  modelWorkerType?: string | null;
  housingType?: string | null;
  housingAreaBand?: string | null;
  isSingleParent: boolean;
  isZeroEmployment: boolean;
  bankName?: string | null;
  bankAccount?: string | null;
  members: MemberFormValues[];
  incomes: ItemFormValues<IncomeType>[];
  rigidExpenditures: ItemFormValues<RigidExpenditureType>[];
  mainCause?: HardshipCause;
  secondaryCauses: HardshipCause[];
  situation?: string | null;
  exclusions: Record<ExclusionId, { answer: Answer; evidence?: string }>;
  hasAccident: boolean;
  accident?: AccidentFormValues;
  migrantWorker?: { isUnionMember?: boolean | null; employedInCitySince?: Dayjs | null };
};

/** Sensitive fields that are kept (left out of the body) until unlocked with 修改. */
export type SensitiveKey = 'phone' | 'bankAccount' | `idNumber:${string}` | `diagnosis:${string}`;

let counter = 0;
/** A fresh member key inside the form. */
export function newMemberRef(): string {
  counter += 1;
  return `new${Date.now().toString(36)}${counter}`;
}

export function emptyMember(relation: MemberRelation): MemberFormValues {
  return {
    ref: newMemberRef(),
    relation,
    isAbleToWork: relation === 'head' || relation === 'spouse',
    workStatus: null,
    isInFullTimeStudy: false,
    isDependant: false,
    isDisabledOrSeriouslyIll: false,
  };
}

const answers = (answer: Answer) =>
  Object.fromEntries(
    exclusionIds.map((id) => [id, { answer }]),
  ) as HouseholdFormValues['exclusions'];

export function emptyHouseholdValues(nodeId?: number): HouseholdFormValues {
  return {
    nodeId,
    regionCode: null,
    standardLevel: 'grassroots',
    isUnionMember: true,
    isSingleParent: false,
    isZeroEmployment: false,
    members: [emptyMember('head')],
    incomes: [],
    rigidExpenditures: [],
    secondaryCauses: [],
    exclusions: answers('unknown'),
    hasAccident: false,
  };
}

const day = (value: string | null | undefined) => (value ? dayjs(value) : null);
const iso = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : null);
const answerOf = { yes: true, no: false, unknown: null } as const;
const wordOf = (answer: boolean | null): Answer =>
  answer === true ? 'yes' : answer === false ? 'no' : 'unknown';

/** A stored file as form values (sensitive fields left undefined: they are masked). */
export function valuesFromFile(file: HouseholdFile): HouseholdFormValues {
  return {
    nodeId: file.nodeId,
    regionCode: file.regionCode,
    standardLevel: file.standardLevel,
    address: file.address,
    employerName: file.employerName,
    employerType: file.employerType,
    industry: file.industry,
    isUnionMember: file.isUnionMember,
    politicalStatus: file.politicalStatus,
    maritalStatus: file.maritalStatus,
    hukouType: file.hukouType,
    modelWorkerType: file.modelWorkerType,
    housingType: file.housingType,
    housingAreaBand: file.housingAreaBand,
    isSingleParent: file.isSingleParent,
    isZeroEmployment: file.isZeroEmployment,
    bankName: file.bankName,
    // The head first: the form's first row is 本人.
    members: [...file.members]
      .sort((a, b) => Number(b.relation === 'head') - Number(a.relation === 'head'))
      .map((m) => ({
        id: m.id,
        ref: m.ref || String(m.id),
        relation: m.relation,
        name: m.name,
        idNumberMasked: m.idNumberMasked,
        hasDiagnosis: m.hasDiagnosis,
        birthDate: day(m.birthDate),
        sex: m.sex,
        isAbleToWork: m.isAbleToWork,
        workStatus: m.workStatus,
        isInFullTimeStudy: m.isInFullTimeStudy,
        studyLevel: m.studyLevel,
        school: m.school,
        livingWithHouseholdSince: day(m.livingWithHouseholdSince),
        isDependant: m.isDependant,
        isDisabledOrSeriouslyIll: m.isDisabledOrSeriouslyIll,
        healthStatus: m.healthStatus,
        disabilityType: m.disabilityType,
        disabilityGrade: m.disabilityGrade,
      })),
    incomes: file.incomes.map((i) => ({
      memberRef: i.memberRef ?? '',
      type: i.type,
      amountYuan: fenToYuan(i.amountFen),
      note: i.note,
    })),
    rigidExpenditures: file.rigidExpenditures.map((i) => ({
      memberRef: i.memberRef ?? '',
      type: i.type,
      amountYuan: fenToYuan(i.amountFen),
      note: i.note,
    })),
    mainCause: file.mainCause,
    secondaryCauses: file.secondaryCauses,
    situation: file.situation,
    exclusions: Object.fromEntries(
      exclusionIds.map((id) => {
        const a = file.exclusions[id];
        return [id, { answer: wordOf(a?.answer ?? null), evidence: a?.evidence }];
      }),
    ) as HouseholdFormValues['exclusions'],
    hasAccident: file.accident !== null,
    accident: file.accident
      ? {
          cause: file.accident.cause,
          costsYuan: fenToYuan(file.accident.costsFen),
          compensationYuan: fenToYuan(file.accident.compensationFen),
          occurredOn: day(file.accident.occurredOn),
          description: file.accident.description,
        }
      : undefined,
    migrantWorker: file.migrantWorker
      ? {
          isUnionMember: file.migrantWorker.isUnionMember,
          employedInCitySince: day(file.migrantWorker.employedInCitySince),
        }
      : undefined,
  };
}

const text = (value: string | null | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** A sensitive value for the body: left out while locked, null when cleared. */
function sensitive(value: string | null | undefined, isLocked: boolean) {
  if (isLocked) return undefined;
  return text(value);
}

/** Does the head work as a migrant worker (农民工)? Then the 农民工 block applies. */
export function isMigrantHousehold(values: Pick<HouseholdFormValues, 'members'>): boolean {
  return (values.members ?? []).some(
    (m) => m?.relation === 'head' && m.workStatus === 'migrant_worker',
  );
}

/**
 * The body of create (and `file` of update), before the shared schema parses it.
 * `isLocked(key)` says which masked sensitive values the user left alone;
 * `monthlyIncomes` are carried over from the stored file (no field on this form).
 */
export function toFileInput(
  values: HouseholdFormValues,
  isLocked: (key: SensitiveKey) => boolean,
  monthlyIncomes: HouseholdFileInputJson['monthlyIncomes'] = [],
): HouseholdFileInputJson {
  const members = values.members ?? [];
  const item = <T extends string>(i: ItemFormValues<T>) => ({
    memberRef: i.memberRef ? i.memberRef : null,
    type: i.type,
    amountFen: yuanToFen(i.amountYuan ?? 0),
    ...(text(i.note) ? { note: text(i.note)! } : {}),
  });
  const accident = values.accident;
  return {
    nodeId: values.nodeId as number,
    regionCode: values.regionCode ?? '',
    standardLevel: values.standardLevel,
    phone: sensitive(values.phone, isLocked('phone')),
    address: text(values.address),
    employerName: text(values.employerName),
    employerType: values.employerType ?? null,
    industry: values.industry ?? null,
    isUnionMember: values.isUnionMember ?? true,
    politicalStatus: values.politicalStatus ?? null,
    maritalStatus: values.maritalStatus ?? null,
    hukouType: values.hukouType ?? null,
    modelWorkerType: values.modelWorkerType ?? null,
    housingType: values.housingType ?? null,
    housingAreaBand: values.housingAreaBand ?? null,
    isSingleParent: values.isSingleParent ?? false,
    isZeroEmployment: values.isZeroEmployment ?? false,
    mainCause: values.mainCause as HardshipCause,
    secondaryCauses: values.secondaryCauses ?? [],
    situation: text(values.situation),
    bankName: text(values.bankName),
    bankAccount: sensitive(values.bankAccount, isLocked('bankAccount')),
    members: members.map((m) => ({
      ...(m.id !== undefined ? { id: m.id } : {}),
      ref: m.ref,
      relation: m.relation,
      name: m.name?.trim() ?? '',
      idNumber: sensitive(m.idNumber, isLocked(`idNumber:${m.ref}`)),
      birthDate: iso(m.birthDate) ?? '',
      sex: m.sex as 'male' | 'female',
      isAbleToWork: m.isAbleToWork ?? false,
      workStatus: m.workStatus ?? null,
      isInFullTimeStudy: m.isInFullTimeStudy ?? false,
      studyLevel: m.isInFullTimeStudy ? (m.studyLevel ?? null) : null,
      school: m.isInFullTimeStudy ? text(m.school) : null,
      livingWithHouseholdSince: iso(m.livingWithHouseholdSince),
      isDependant: m.isDependant ?? false,
      isDisabledOrSeriouslyIll: m.isDisabledOrSeriouslyIll ?? false,
      healthStatus: m.healthStatus ?? null,
      diagnosis: sensitive(m.diagnosis, isLocked(`diagnosis:${m.ref}`)),
      disabilityType: m.disabilityType ?? null,
      disabilityGrade: m.disabilityGrade ?? null,
    })),
    incomes: (values.incomes ?? []).map(item),
    rigidExpenditures: (values.rigidExpenditures ?? []).map(item),
    exclusions: Object.fromEntries(
      exclusionIds.map((id) => {
        const a = values.exclusions?.[id];
        return [
          id,
          {
            answer: answerOf[a?.answer ?? 'unknown'],
            ...(text(a?.evidence) ? { evidence: text(a?.evidence)! } : {}),
          },
        ];
      }),
    ),
    accident:
      values.hasAccident && accident
        ? {
            cause: accident.cause as (typeof accidentCauses)[number],
            costsFen: yuanToFen(accident.costsYuan ?? 0),
            compensationFen: yuanToFen(accident.compensationYuan ?? 0),
            ...(accident.occurredOn ? { occurredOn: iso(accident.occurredOn)! } : {}),
            ...(text(accident.description) ? { description: text(accident.description)! } : {}),
          }
        : null,
    monthlyIncomes,
    migrantWorker: isMigrantHousehold(values)
      ? {
          isUnionMember: values.migrantWorker?.isUnionMember ?? null,
          employedInCitySince: iso(values.migrantWorker?.employedInCitySince),
        }
      : null,
  };
}

/** Schema paths in fen name the form's yuan fields. */
export function formPathOf(path: string): string {
  return path
    .replace(/\.amountFen$/, '.amountYuan')
    .replace(/^accident\.costsFen$/, 'accident.costsYuan')
    .replace(/^accident\.compensationFen$/, 'accident.compensationYuan');
}
