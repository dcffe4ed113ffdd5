import { maskIdNumber } from '../../src/shared/households/id-number';
import type { HouseholdFileInput } from '../../src/shared/households/household-file';
import type { AssessmentResult } from '../../src/shared/households/assessment';
import type { FieldCipher } from '../../src/server/privacy/field-cipher';
import { maskBankAccount, maskPhone } from '../../src/server/households/households.service';
import { namePinyin } from '../../src/server/households/name-pinyin';

/**
 * The rows createHousehold would have written for one file, table by table —
 * the one place that knows the household columns. It mirrors householdColumns
 * and memberColumns of households.service.ts; when a migration adds a column,
 * add it here (columns left out get their defaults: the insert names the
 * keys of the first row).
 */
export type Rows = {
  households: Record<string, unknown>[];
  household_members: Record<string, unknown>[];
  household_incomes: Record<string, unknown>[];
  household_expenditures: Record<string, unknown>[];
  household_exclusions: Record<string, unknown>[];
  household_assessments: Record<string, unknown>[];
};

/** In the order the foreign keys need. */
export const tablesInOrder = [
  'households',
  'household_members',
  'household_incomes',
  'household_expenditures',
  'household_exclusions',
  'household_assessments',
] as const satisfies readonly (keyof Rows)[];

export const emptyRows = (): Rows => ({
  households: [],
  household_members: [],
  household_incomes: [],
  household_expenditures: [],
  household_exclusions: [],
  household_assessments: [],
});

// Names repeat a lot: pinyin once per distinct name.
const pinyinCache = new Map<string, { full: string; initials: string }>();
function pinyinOf(name: string) {
  let p = pinyinCache.get(name);
  if (!p) pinyinCache.set(name, (p = namePinyin(name)));
  return p;
}

export type FileIds = { householdId: number; firstMemberId: number; assessmentId: number };

export function addFileRows(
  rows: Rows,
  cipher: FieldCipher,
  ids: FileIds,
  f: {
    file: HouseholdFileInput;
    result: AssessmentResult | null;
    nodePath: string;
    status: 'active' | 'exited';
    createdAt: string;
    updatedAt: string;
  },
): number {
  const { file, result } = f;
  const isActive = f.status === 'active';
  const head = file.members.find((m) => m.relation === 'head')!;
  const headPinyin = pinyinOf(head.name);
  const headHash = cipher.hash('id_number', head.idNumber!);
  rows.households.push({
    id: ids.householdId,
    node_id: file.nodeId,
    node_path: f.nodePath,
    status: f.status,
    file_no: null,
    region_code: file.regionCode,
    standard_level: file.standardLevel,
    head_name: head.name,
    head_name_pinyin: headPinyin.full,
    head_name_initials: headPinyin.initials,
    head_id_number_hash: headHash,
    head_id_number_masked: maskIdNumber(head.idNumber!),
    head_work_status: head.workStatus,
    member_count: file.members.length,
    phone_enc: file.phone ? cipher.encrypt(file.phone) : null,
    phone_hash: file.phone ? cipher.hash('phone', file.phone) : null,
    phone_masked: file.phone ? maskPhone(file.phone) : null,
    address: file.address,
    employer_name: file.employerName,
    employer_type: file.employerType,
    industry: file.industry,
    is_union_member: file.isUnionMember,
    political_status: file.politicalStatus,
    marital_status: file.maritalStatus,
    hukou_type: file.hukouType,
    model_worker_type: file.modelWorkerType,
    housing_type: file.housingType,
    housing_area_band: file.housingAreaBand,
    is_single_parent: file.isSingleParent,
    is_zero_employment: file.isZeroEmployment,
    main_cause: file.mainCause,
    secondary_causes: file.secondaryCauses,
    situation: file.situation,
    bank_name: file.bankName,
    bank_account_enc: file.bankAccount ? cipher.encrypt(file.bankAccount) : null,
    bank_account_hash: file.bankAccount ? cipher.hash('bank_account', file.bankAccount) : null,
    bank_account_masked: file.bankAccount ? maskBankAccount(file.bankAccount) : null,
    accident: file.accident,
    monthly_incomes: file.monthlyIncomes,
    migrant_worker: file.migrantWorker,
    category: result?.category ?? null,
    eligible: result?.eligible ?? null,
    provisional: result?.provisional ?? null,
    per_capita_fen: result?.perCapitaMonthlyFen ?? null,
    assessed_at: result ? f.updatedAt : null,
    last_assessment_id: result ? ids.assessmentId : null,
    last_aided_at: null,
    version: 0,
    created_at: f.createdAt,
    created_by: null,
    updated_at: f.updatedAt,
    updated_by: null,
  });
  const memberId = new Map<string, number>();
  file.members.forEach((m, sort) => {
    const id = ids.firstMemberId + sort;
    memberId.set(m.ref, id);
    const py = pinyinOf(m.name);
    const hash = m.idNumber ? (m === head ? headHash : cipher.hash('id_number', m.idNumber)) : null;
    rows.household_members.push({
      id,
      household_id: ids.householdId,
      sort,
      relation: m.relation,
      name: m.name,
      name_pinyin: py.full,
      name_initials: py.initials,
      id_number_enc: m.idNumber ? cipher.encrypt(m.idNumber) : null,
      id_number_hash: hash,
      id_number_masked: m.idNumber ? maskIdNumber(m.idNumber) : null,
      active_id_number_hash: isActive ? hash : null,
      birth_date: m.birthDate,
      sex: m.sex,
      is_able_to_work: m.isAbleToWork,
      work_status: m.workStatus,
      is_in_full_time_study: m.isInFullTimeStudy,
      study_level: m.studyLevel,
      school: m.school,
      living_with_household_since: m.livingWithHouseholdSince,
      is_dependant: m.isDependant,
      is_disabled_or_seriously_ill: m.isDisabledOrSeriouslyIll,
      health_status: m.healthStatus,
      diagnosis_enc: m.diagnosis ? cipher.encrypt(m.diagnosis) : null,
      disability_type: m.disabilityType,
      disability_grade: m.disabilityGrade,
      removed_at: null,
      created_at: f.createdAt,
      updated_at: f.updatedAt,
    });
  });
  const items = (
    table: 'household_incomes' | 'household_expenditures',
    list: HouseholdFileInput['incomes'] | HouseholdFileInput['rigidExpenditures'],
  ) =>
    list.forEach((i, sort) =>
      rows[table].push({
        household_id: ids.householdId,
        member_id: i.memberRef === null ? null : memberId.get(i.memberRef)!,
        sort,
        type: i.type,
        amount_fen: i.amountFen,
        note: i.note ?? null,
      }),
    );
  items('household_incomes', file.incomes);
  items('household_expenditures', file.rigidExpenditures);
  for (const [id, a] of Object.entries(file.exclusions))
    if (a)
      rows.household_exclusions.push({
        household_id: ids.householdId,
        exclusion_id: id,
        answer: a.answer,
        evidence: a.evidence ?? null,
      });
  if (result)
    rows.household_assessments.push({
      id: ids.assessmentId,
      household_id: ids.householdId,
      assessed_at: f.updatedAt,
      assessed_by: null,
      reason: 'created',
      policy_version_id: result.policyVersionId,
      as_of: result.asOf,
      category: result.category,
      eligible: result.eligible,
      provisional: result.provisional,
      per_capita_fen: result.perCapitaMonthlyFen,
      result,
    });
  return file.members.length;
}
