import { findRegion } from '../../shared/regions/region-code';
import { exclusionIds, type ExclusionId } from '../../shared/households/policy';
import type {
  HouseholdFile,
  HouseholdMember,
  HouseholdSummary,
  StoredAssessment,
} from '../../shared/households/household-file';
import type { AssessmentResult } from '../../shared/households/assessment';
import type * as q from './households.queries';

/** Rows → the API's view of a file. Sensitive values leave only masked. */

const iso = (d: Date | string | null): string | null =>
  d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString();

export function presentMember(m: q.MemberRow): HouseholdMember {
  return {
    id: m.id,
    ref: String(m.id),
    relation: m.relation as HouseholdMember['relation'],
    name: m.name,
    idNumberMasked: m.id_number_masked,
    birthDate: m.birth_date,
    sex: m.sex as HouseholdMember['sex'],
    isAbleToWork: m.is_able_to_work,
    workStatus: m.work_status as HouseholdMember['workStatus'],
    isInFullTimeStudy: m.is_in_full_time_study,
    studyLevel: m.study_level as HouseholdMember['studyLevel'],
    school: m.school,
    livingWithHouseholdSince: m.living_with_household_since,
    isDependant: m.is_dependant,
    isDisabledOrSeriouslyIll: m.is_disabled_or_seriously_ill,
    healthStatus: m.health_status,
    hasDiagnosis: m.diagnosis_enc !== null,
    disabilityType: m.disability_type,
    disabilityGrade: m.disability_grade,
  };
}

export function presentAssessment(
  a: NonNullable<Awaited<ReturnType<typeof q.selectAssessment>>>,
): StoredAssessment {
  return {
    id: a.id,
    assessedAt: iso(a.assessed_at)!,
    assessedBy: a.assessed_by_name,
    reason: a.reason as StoredAssessment['reason'],
    policyVersionId: a.policy_version_id,
    asOf: a.as_of,
    category: a.category as StoredAssessment['category'],
    eligible: a.eligible,
    provisional: a.provisional,
    perCapitaMonthlyFen: a.per_capita_fen,
    result: a.result as AssessmentResult,
  };
}

type Item = {
  id: number;
  member_id: number | null;
  type: string;
  amount_fen: number;
  note: string | null;
};

export function presentFile(parts: {
  row: q.HouseholdRow;
  members: q.MemberRow[];
  incomes: Item[];
  expenditures: Item[];
  exclusions: Awaited<ReturnType<typeof q.selectExclusions>>;
  assessment: StoredAssessment | null;
}): HouseholdFile {
  const { row } = parts;
  const item = (i: Item) => ({
    memberRef: i.member_id === null ? null : String(i.member_id),
    type: i.type,
    amountFen: Number(i.amount_fen),
    ...(i.note ? { note: i.note } : {}),
  });
  const exclusions: HouseholdFile['exclusions'] = {};
  for (const e of parts.exclusions)
    if ((exclusionIds as readonly string[]).includes(e.exclusion_id))
      exclusions[e.exclusion_id as ExclusionId] = {
        answer: e.answer,
        ...(e.evidence ? { evidence: e.evidence } : {}),
      };
  return {
    id: row.id,
    version: row.version,
    status: row.status as HouseholdFile['status'],
    caseStatus: row.case_status as HouseholdFile['caseStatus'],
    caseStep: row.case_step as HouseholdFile['caseStep'],
    fileNo: row.file_no,
    fileKind: row.file_kind as HouseholdFile['fileKind'],
    temporaryReason: row.temporary_reason,
    temporaryUntil: row.temporary_until,
    nodeId: row.node_id,
    nodeName: row.node_name,
    regionCode: row.region_code,
    regionName: findRegion(row.region_code)?.fullName ?? null,
    standardLevel: row.standard_level as HouseholdFile['standardLevel'],
    headName: row.head_name,
    phoneMasked: row.phone_masked,
    address: row.address,
    employerName: row.employer_name,
    employerType: row.employer_type,
    industry: row.industry,
    isUnionMember: row.is_union_member,
    politicalStatus: row.political_status,
    maritalStatus: row.marital_status,
    hukouType: row.hukou_type,
    modelWorkerType: row.model_worker_type,
    housingType: row.housing_type,
    housingAreaBand: row.housing_area_band,
    isSingleParent: row.is_single_parent,
    isZeroEmployment: row.is_zero_employment,
    mainCause: row.main_cause as HouseholdFile['mainCause'],
    secondaryCauses: row.secondary_causes as HouseholdFile['secondaryCauses'],
    situation: row.situation,
    bankName: row.bank_name,
    bankAccountMasked: row.bank_account_masked,
    members: parts.members.map(presentMember),
    incomes: parts.incomes.map(item) as HouseholdFile['incomes'],
    rigidExpenditures: parts.expenditures.map(item) as HouseholdFile['rigidExpenditures'],
    exclusions,
    accident: (row.accident ?? null) as HouseholdFile['accident'],
    monthlyIncomes: (row.monthly_incomes ?? []) as HouseholdFile['monthlyIncomes'],
    migrantWorker: (row.migrant_worker ?? null) as HouseholdFile['migrantWorker'],
    category: row.category as HouseholdFile['category'],
    eligible: row.eligible,
    provisional: row.provisional,
    perCapitaMonthlyFen: row.per_capita_fen,
    assessedAt: iso(row.assessed_at),
    lastAidedAt: iso(row.last_aided_at),
    assessment: parts.assessment,
    createdAt: iso(row.created_at)!,
    createdBy: row.created_by_name,
    updatedAt: iso(row.updated_at)!,
    updatedBy: row.updated_by_name,
  };
}

export function presentSummary(r: q.PageRow): HouseholdSummary {
  return {
    id: r.id,
    version: r.version,
    status: r.status as HouseholdSummary['status'],
    caseStatus: r.case_status as HouseholdSummary['caseStatus'],
    caseStep: r.case_step as HouseholdSummary['caseStep'],
    fileNo: r.file_no,
    fileKind: r.file_kind as HouseholdSummary['fileKind'],
    temporaryUntil: r.temporary_until,
    nodeId: r.node_id,
    nodeName: r.node_name,
    regionCode: r.region_code,
    headName: r.head_name,
    headIdNumberMasked: r.head_id_number_masked ?? '',
    phoneMasked: r.phone_masked,
    memberCount: r.member_count,
    standardLevel: r.standard_level as HouseholdSummary['standardLevel'],
    mainCause: r.main_cause as HouseholdSummary['mainCause'],
    headWorkStatus: r.head_work_status as HouseholdSummary['headWorkStatus'],
    isSingleParent: r.is_single_parent,
    isZeroEmployment: r.is_zero_employment,
    category: r.category as HouseholdSummary['category'],
    eligible: r.eligible,
    perCapitaMonthlyFen: r.per_capita_fen,
    assessedAt: iso(r.assessed_at),
    updatedAt: iso(r.updated_at)!,
  };
}

/**
 * The audit snapshot of a file, flat so that the history shows one line per
 * changed field: `phone`, `member:12:name`, `income:0`, `exclusion:vehicle`.
 * Sensitive values appear masked only.
 */
export function snapshotFile(file: HouseholdFile): Record<string, unknown> {
  const s: Record<string, unknown> = {
    version: file.version,
    nodeId: file.nodeId,
    regionCode: file.regionCode,
    standardLevel: file.standardLevel,
    status: file.status,
    phone: file.phoneMasked,
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
    mainCause: file.mainCause,
    secondaryCauses: file.secondaryCauses.join(','),
    situation: file.situation,
    bankName: file.bankName,
    bankAccount: file.bankAccountMasked,
    accident: file.accident ? JSON.stringify(file.accident) : null,
    monthlyIncomes: file.monthlyIncomes.length ? JSON.stringify(file.monthlyIncomes) : null,
    migrantWorker: file.migrantWorker ? JSON.stringify(file.migrantWorker) : null,
  };
  for (const m of file.members) {
    const { id, ref: _ref, hasDiagnosis, idNumberMasked, ...rest } = m;
    s[`member:${id}:idNumber`] = idNumberMasked;
    s[`member:${id}:diagnosis`] = hasDiagnosis ? '***' : null;
    for (const [k, v] of Object.entries(rest)) s[`member:${id}:${k}`] = v;
  }
  const line = (i: { memberRef: string | null; type: string; amountFen: number; note?: string }) =>
    `${i.type} ${i.memberRef ?? 'household'} ${i.amountFen}${i.note ? ` ${i.note}` : ''}`;
  file.incomes.forEach((i, n) => (s[`income:${n}`] = line(i)));
  file.rigidExpenditures.forEach((i, n) => (s[`expenditure:${n}`] = line(i)));
  for (const [id, a] of Object.entries(file.exclusions))
    if (a)
      s[`exclusion:${id}`] =
        `${a.answer === null ? 'unchecked' : a.answer ? 'bars' : 'clear'}${a.evidence ? ` ${a.evidence}` : ''}`;
  return s;
}
