import { inTransaction, type Conn, type Db } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError, type FieldIssue } from '../../shared/errors';
import { maskIdNumber } from '../../shared/households/id-number';
import {
  toAssessmentInput,
  type AssessmentReason,
  type HouseholdFile,
  type HouseholdFileInput,
  type HouseholdMemberInput,
} from '../../shared/households/household-file';
import { assessmentInputSchema, runAssessmentRequest } from '../../shared/households/assessment';
import type { DictionaryCode } from '../../shared/households/dictionaries';
import { diffSnapshots, type FieldChange } from '../../shared/audit/audit-event';
import { auditSourceOf, recordAudit, type AuditSource } from '../audit/audit.service';
import { hasItem, loadDictionaries } from '../dictionaries/dictionaries.service';
import { loadAssessmentTables, todayInShanghai } from '../policy/policy.service';
import type { FieldCipher } from '../privacy/field-cipher';
import { namePinyin } from './name-pinyin';
import { presentAssessment, presentFile, snapshotFile } from './households.present';
import * as q from './households.queries';

/** What the household services need besides the request: the database and the field cipher. */
export type HouseholdDeps = { db: Db; cipher: FieldCipher };

export function maskPhone(phone: string): string {
  return phone.length >= 7
    ? `${phone.slice(0, 3)}****${phone.slice(-4)}`
    : '*'.repeat(phone.length);
}

export function maskBankAccount(account: string): string {
  return `${account.slice(0, 4)} **** **** ${account.slice(-4)}`;
}

/** The file in the caller's scope, or NOT_FOUND (same answer for "elsewhere" and "absent"). */
export async function loadFile(conn: Conn, scopePath: string, id: number): Promise<HouseholdFile> {
  const row = await q.selectHouseholdInScope(conn, scopePath, id);
  if (!row) throw new AppError('NOT_FOUND', `household ${id} not found`);
  const [members, incomes, expenditures, exclusions, assessment] = [
    await q.selectMembers(conn, id),
    await q.selectItems(conn, 'household_incomes', id),
    await q.selectItems(conn, 'household_expenditures', id),
    await q.selectExclusions(conn, id),
    row.last_assessment_id ? await q.selectAssessment(conn, row.last_assessment_id) : undefined,
  ];
  return presentFile({
    row,
    members,
    incomes,
    expenditures,
    exclusions,
    assessment: assessment ? presentAssessment(assessment) : null,
  });
}

export async function getHousehold(db: Db, ctx: RequestContext, id: number) {
  return loadFile(db, ctx.actor.scopePath, id);
}

const householdDictionaryFields = {
  employerType: 'employer_type',
  industry: 'industry',
  politicalStatus: 'political_status',
  maritalStatus: 'marital_status',
  hukouType: 'hukou_type',
  modelWorkerType: 'model_worker_type',
  housingType: 'housing_type',
  housingAreaBand: 'housing_area_band',
} as const satisfies Partial<Record<keyof HouseholdFileInput, DictionaryCode>>;

const memberDictionaryFields = {
  healthStatus: 'health_status',
  disabilityType: 'disability_type',
  disabilityGrade: 'disability_grade',
} as const satisfies Partial<Record<keyof HouseholdMemberInput, DictionaryCode>>;

/** Dictionary-coded fields must name an active item, or keep the value already stored. */
async function checkDictionaryCodes(
  conn: Conn,
  input: HouseholdFileInput,
  before: HouseholdFile | null,
): Promise<void> {
  assertDictionaryCodes(await loadDictionaries(conn), input, before);
}

/** `checkDictionaryCodes` with the dictionaries already loaded (a batch loads them once). */
export function assertDictionaryCodes(
  dictionaries: Awaited<ReturnType<typeof loadDictionaries>>,
  input: HouseholdFileInput,
  before: HouseholdFile | null,
): void {
  const issues: FieldIssue[] = [];
  for (const [field, dict] of Object.entries(householdDictionaryFields)) {
    const value = input[field as keyof typeof householdDictionaryFields];
    const kept = before?.[field as keyof typeof householdDictionaryFields] === value;
    if (value !== null && !hasItem(dictionaries, dict, value, kept))
      issues.push({ path: field, message: `not an item of the dictionary ${dict}` });
  }
  input.members.forEach((m, i) => {
    const old = before?.members.find((b) => b.id === m.id);
    for (const [field, dict] of Object.entries(memberDictionaryFields)) {
      const value = m[field as keyof typeof memberDictionaryFields];
      const kept = old?.[field as keyof typeof memberDictionaryFields] === value;
      if (value !== null && !hasItem(dictionaries, dict, value, kept))
        issues.push({
          path: `members.${i}.${field}`,
          message: `not an item of the dictionary ${dict}`,
        });
    }
  });
  if (issues.length)
    throw new AppError('VALIDATION', issues.map((i) => `${i.path}: ${i.message}`).join('; '), {
      issues,
    });
}

async function nodeForFile(conn: Conn, ctx: RequestContext, nodeId: number) {
  return assertNodeForFile(await q.selectNodeInScope(conn, ctx.actor.scopePath, nodeId), nodeId);
}

/** The node a file goes to, as read in the caller's scope: absent → NOT_FOUND, deactivated → VALIDATION. */
export function assertNodeForFile<T extends { name: string; is_active: boolean }>(
  node: T | undefined,
  nodeId: number,
): T {
  if (!node)
    throw new AppError('NOT_FOUND', `nodeId: org node ${nodeId} not found`, {
      issues: [{ path: 'nodeId', message: 'not found' }],
    });
  if (!node.is_active)
    throw new AppError('VALIDATION', `nodeId: ${node.name} is deactivated`, {
      issues: [{ path: 'nodeId', message: 'deactivated' }],
    });
  return node;
}

export type MemberPlan = {
  input: HouseholdMemberInput;
  index: number;
  existing: q.MemberRow | undefined;
  /** Hash of the ID number the member will have after the save (null: none). */
  idHash: string | null;
};

/**
 * Pairs input members with stored ones and works out their ID-number hashes;
 * refuses ids of members that are not in this file and two members with one number.
 */
export function planMembers(
  cipher: FieldCipher,
  input: HouseholdFileInput,
  stored: q.MemberRow[],
): MemberPlan[] {
  const plans = input.members.map((m, index): MemberPlan => {
    const existing = m.id === undefined ? undefined : stored.find((s) => s.id === m.id);
    if (m.id !== undefined && !existing)
      throw new AppError('VALIDATION', `members.${index}.id: member ${m.id} is not in this file`, {
        issues: [{ path: `members.${index}.id`, message: 'not a member of this file' }],
      });
    const idHash =
      m.idNumber === undefined
        ? (existing?.id_number_hash ?? null)
        : m.idNumber === null
          ? null
          : cipher.hash('id_number', m.idNumber);
    return { input: m, index, existing, idHash };
  });
  const seen = new Map<string, number>();
  for (const p of plans) {
    if (!p.idHash) continue;
    if (seen.has(p.idHash))
      throw new AppError(
        'VALIDATION',
        `members.${p.index}.idNumber: two members with one ID number`,
        {
          issues: [
            { path: `members.${p.index}.idNumber`, message: 'two members with one ID number' },
          ],
        },
      );
    seen.set(p.idHash, p.index);
  }
  const head = plans.find((p) => p.input.relation === 'head')!;
  if (!head.idHash)
    throw new AppError(
      'VALIDATION',
      `members.${head.index}.idNumber: the head worker’s ID number is required`,
      {
        issues: [{ path: `members.${head.index}.idNumber`, message: 'required' }],
      },
    );
  return plans;
}

/**
 * One person, one active file: refuses a member whose number is current in
 * another active file, naming only the node that keeps it (and its phone) to
 * whoever may not see that file.
 */
async function assertPeopleFree(
  conn: Conn,
  ctx: RequestContext,
  plans: MemberPlan[],
  householdId: number | null,
): Promise<void> {
  const hashes = plans.map((p) => p.idHash).filter((h): h is string => h !== null);
  const conflict = personInActiveFile(
    ctx,
    plans,
    await q.selectActiveHolders(conn, hashes, householdId),
  );
  if (conflict) throw conflict;
}

/** The CONFLICT of `assertPeopleFree` for the holders found of the plans' numbers (null: none). */
export function personInActiveFile(
  ctx: RequestContext,
  plans: MemberPlan[],
  holders: Awaited<ReturnType<typeof q.selectActiveHolders>>,
): AppError | null {
  if (!holders.length) return null;
  const holder = holders[0]!;
  const plan = plans.find((p) => p.idHash === holder.hash)!;
  const visible = holder.node_path.startsWith(ctx.actor.scopePath);
  const contact = `${holder.node_name}${holder.node_phone ? `（电话 ${holder.node_phone}）` : ''}`;
  return new AppError(
    'CONFLICT',
    `members.${plan.index}.idNumber: ${plan.input.name} already belongs to an active household file kept by ${contact}; one person may be in one active file only`,
    {
      userMessage: `${plan.input.name}的身份证号已在另一份在档困难职工档案中，一人只能在一户在档档案中。请联系建档单位：${contact}`,
      issues: [
        { path: `members.${plan.index}.idNumber`, message: 'already in another active file' },
      ],
      details: {
        reason: 'person_in_active_file',
        memberIndex: plan.index,
        nodeName: holder.node_name,
        nodePhone: holder.node_phone,
        ...(visible ? { householdId: holder.household_id } : {}),
      },
    },
  );
}

export function memberColumns(
  cipher: FieldCipher,
  plan: MemberPlan,
  sort: number,
  isActiveFile: boolean,
) {
  const m = plan.input;
  const py = namePinyin(m.name);
  const idColumns =
    m.idNumber === undefined
      ? {}
      : m.idNumber === null
        ? { id_number_enc: null, id_number_hash: null, id_number_masked: null }
        : {
            id_number_enc: cipher.encrypt(m.idNumber),
            id_number_hash: plan.idHash,
            id_number_masked: maskIdNumber(m.idNumber),
          };
  const diagnosis =
    m.diagnosis === undefined
      ? {}
      : { diagnosis_enc: m.diagnosis ? cipher.encrypt(m.diagnosis) : null };
  return {
    sort,
    relation: m.relation,
    name: m.name,
    name_pinyin: py.full,
    name_initials: py.initials,
    ...idColumns,
    active_id_number_hash: isActiveFile ? plan.idHash : null,
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
    ...diagnosis,
    disability_type: m.disabilityType,
    disability_grade: m.disabilityGrade,
  };
}

export function householdColumns(
  cipher: FieldCipher,
  input: HouseholdFileInput,
  node: { id: number; path: string },
) {
  const head = input.members.find((m) => m.relation === 'head')!;
  const py = namePinyin(head.name);
  const phone =
    input.phone === undefined
      ? {}
      : input.phone === null
        ? { phone_enc: null, phone_hash: null, phone_masked: null }
        : {
            phone_enc: cipher.encrypt(input.phone),
            phone_hash: cipher.hash('phone', input.phone),
            phone_masked: maskPhone(input.phone),
          };
  const bank =
    input.bankAccount === undefined
      ? {}
      : input.bankAccount === null
        ? { bank_account_enc: null, bank_account_hash: null, bank_account_masked: null }
        : {
            bank_account_enc: cipher.encrypt(input.bankAccount),
            bank_account_hash: cipher.hash('bank_account', input.bankAccount),
            bank_account_masked: maskBankAccount(input.bankAccount),
          };
  return {
    node_id: node.id,
    node_path: node.path,
    region_code: input.regionCode,
    standard_level: input.standardLevel,
    head_name: head.name,
    head_name_pinyin: py.full,
    head_name_initials: py.initials,
    head_work_status: head.workStatus,
    member_count: input.members.length,
    ...phone,
    address: input.address,
    employer_name: input.employerName,
    employer_type: input.employerType,
    industry: input.industry,
    is_union_member: input.isUnionMember,
    political_status: input.politicalStatus,
    marital_status: input.maritalStatus,
    hukou_type: input.hukouType,
    model_worker_type: input.modelWorkerType,
    housing_type: input.housingType,
    housing_area_band: input.housingAreaBand,
    is_single_parent: input.isSingleParent,
    is_zero_employment: input.isZeroEmployment,
    main_cause: input.mainCause,
    secondary_causes: input.secondaryCauses,
    situation: input.situation,
    bank_name: input.bankName,
    ...bank,
    accident: input.accident ? JSON.stringify(input.accident) : null,
    monthly_incomes: JSON.stringify(input.monthlyIncomes),
    migrant_worker: input.migrantWorker ? JSON.stringify(input.migrantWorker) : null,
  };
}

/** The row of a new member from its `memberColumns`. */
export function newMemberRow(householdId: number, columns: ReturnType<typeof memberColumns>) {
  return {
    household_id: householdId,
    ...columns,
    // A new member always writes these (undefined would mean "keep").
    id_number_enc: columns.id_number_enc ?? null,
    id_number_hash: columns.id_number_hash ?? null,
    id_number_masked: columns.id_number_masked ?? null,
    diagnosis_enc: columns.diagnosis_enc ?? null,
  };
}

/** The row of a new file (an application, `status` and case columns by default). */
export function newHouseholdRow(
  cipher: FieldCipher,
  input: HouseholdFileInput,
  node: { id: number; path: string },
  plans: MemberPlan[],
  userId: number,
) {
  const head = plans.find((p) => p.input.relation === 'head')!;
  const base = householdColumns(cipher, input, node);
  return {
    ...base,
    phone_enc: base.phone_enc ?? null,
    phone_hash: base.phone_hash ?? null,
    phone_masked: base.phone_masked ?? null,
    bank_account_enc: base.bank_account_enc ?? null,
    bank_account_hash: base.bank_account_hash ?? null,
    bank_account_masked: base.bank_account_masked ?? null,
    head_id_number_hash: head.idHash,
    head_id_number_masked: head.input.idNumber ? maskIdNumber(head.input.idNumber) : null,
    created_by: userId,
    updated_by: userId,
  };
}

/** The income and expenditure items and the exclusion answers of a file, as rows. */
export function itemRows(input: HouseholdFileInput, idOfRef: (ref: string) => number) {
  const items = (list: HouseholdFileInput['incomes'] | HouseholdFileInput['rigidExpenditures']) =>
    list.map((i) => ({
      member_id: i.memberRef === null ? null : idOfRef(i.memberRef),
      type: i.type,
      amount_fen: i.amountFen,
      note: i.note ?? null,
    }));
  return {
    incomes: items(input.incomes),
    expenditures: items(input.rigidExpenditures),
    exclusions: Object.entries(input.exclusions)
      .filter(([, a]) => a !== undefined)
      .map(([id, a]) => ({ exclusion_id: id, answer: a!.answer, evidence: a!.evidence ?? null })),
  };
}

/** Writes members (insert, update, remove), items and exclusions of a file. */
async function writeParts(
  trx: Conn,
  cipher: FieldCipher,
  householdId: number,
  input: HouseholdFileInput,
  plans: MemberPlan[],
  stored: q.MemberRow[],
  isActiveFile: boolean,
): Promise<void> {
  const kept = new Set(plans.filter((p) => p.existing).map((p) => p.existing!.id));
  await q.removeMembers(
    trx,
    stored.filter((s) => !kept.has(s.id)).map((s) => s.id),
  );
  // Clear the uniqueness key of kept members first, so two members may swap numbers.
  for (const p of plans)
    if (p.existing) await q.updateMember(trx, p.existing.id, { active_id_number_hash: null });
  const idOfRef = new Map<string, number>();
  for (const [sort, p] of plans.entries()) {
    const columns = memberColumns(cipher, p, sort, isActiveFile);
    if (p.existing) {
      await q.updateMember(trx, p.existing.id, columns);
      idOfRef.set(p.input.ref, p.existing.id);
    } else idOfRef.set(p.input.ref, await q.insertMember(trx, newMemberRow(householdId, columns)));
  }
  const rows = itemRows(input, (ref) => idOfRef.get(ref)!);
  await q.replaceItems(trx, 'household_incomes', householdId, rows.incomes);
  await q.replaceItems(trx, 'household_expenditures', householdId, rows.expenditures);
  await q.replaceExclusions(trx, householdId, rows.exclusions);
}

export type AssessOutcome = { assessmentId: number | null; problem: string | null };

/**
 * Assesses the stored file against the policy in force today and the lines of
 * its region, stores the result and puts the figures on the file. A region
 * without a 低保 line leaves the file unassessed and says so.
 */
export async function assessStoredFile(
  trx: Conn,
  source: AuditSource,
  householdId: number,
  reason: AssessmentReason,
  options: { today?: string; jobId?: number; policyId?: string; file?: HouseholdFile } = {},
): Promise<AssessOutcome> {
  // The caller may pass the file it has just loaded in this transaction.
  const file = options.file ?? (await loadFile(trx, '/', householdId));
  const today = options.today ?? todayInShanghai();
  const household = assessmentInputSchema.parse(toAssessmentInput(file));
  const tables = await loadAssessmentTables(trx, file.regionCode);
  let result;
  try {
    result = runAssessmentRequest(
      { household, asOf: today, ...(options.policyId ? { policyId: options.policyId } : {}) },
      tables,
      today,
    );
  } catch (error) {
    if (error instanceof AppError && error.code !== 'INTERNAL')
      return { assessmentId: null, problem: error.userMessage ?? error.message };
    throw error;
  }
  const id = await q.insertAssessment(trx, {
    household_id: householdId,
    assessed_by: source.actor?.userId ?? null,
    reason,
    policy_version_id: result.policyVersionId,
    as_of: result.asOf,
    category: result.category,
    eligible: result.eligible,
    provisional: result.provisional,
    per_capita_fen: result.perCapitaMonthlyFen,
    result: JSON.stringify(result),
  });
  await q.setLatestAssessment(trx, householdId, {
    id,
    category: result.category,
    eligible: result.eligible,
    provisional: result.provisional,
    perCapitaFen: result.perCapitaMonthlyFen,
  });
  await recordAudit(trx, source, {
    action: 'household.assessed',
    details: {
      reason,
      policyVersionId: result.policyVersionId,
      category: result.category,
      ...(options.jobId ? { jobId: options.jobId } : {}),
    },
    entityType: 'household',
    entityId: householdId,
    nodeId: file.nodeId,
    before: file.assessment
      ? { category: file.category, perCapitaMonthlyFen: file.perCapitaMonthlyFen }
      : null,
    after: { category: result.category, perCapitaMonthlyFen: result.perCapitaMonthlyFen },
  });
  return { assessmentId: id, problem: null };
}

export type SavedFile = HouseholdFile & { assessmentProblem: string | null };

/** How a file is created: a regular application (default) or a temporary-relief file. */
export type CreateOptions = {
  /** 临时救助档案: file_kind 'temporary' with its reason and end date. */
  temporary?: { reason: string; until: string };
  /** Runs in the creating transaction once the file and its audit record are written. */
  afterInsert?: (trx: Conn, householdId: number, source: AuditSource) => Promise<void>;
};

/** Creates a file, checks one-person-one-file, assesses it; audited in the same transaction. */
export async function createHousehold(
  deps: HouseholdDeps,
  ctx: RequestContext,
  input: HouseholdFileInput,
  options: CreateOptions = {},
): Promise<SavedFile> {
  return inTransaction(deps.db, async (trx) => {
    const node = await nodeForFile(trx, ctx, input.nodeId);
    await checkDictionaryCodes(trx, input, null);
    const plans = planMembers(deps.cipher, input, []);
    await assertPeopleFree(trx, ctx, plans, null);
    const id = await q.insertHousehold(trx, {
      ...newHouseholdRow(deps.cipher, input, node, plans, ctx.actor.userId),
      ...(options.temporary
        ? {
            file_kind: 'temporary',
            temporary_reason: options.temporary.reason,
            temporary_until: options.temporary.until,
          }
        : {}),
    });
    await writeParts(trx, deps.cipher, id, input, plans, [], true);
    const source = auditSourceOf(ctx);
    const created = await loadFile(trx, '/', id);
    await recordAudit(trx, source, {
      action: 'household.created',
      details: {},
      entityType: 'household',
      entityId: id,
      nodeId: node.id,
      after: snapshotFile(created),
    });
    if (options.afterInsert) await options.afterInsert(trx, id, source);
    const outcome = await assessStoredFile(trx, source, id, 'created', { file: created });
    return { ...(await loadFile(trx, '/', id)), assessmentProblem: outcome.problem };
  });
}

/**
 * Saves an edited file if nobody saved it since `version`; otherwise CONFLICT
 * with the fields changed since, who changed them and when.
 */
export async function updateHousehold(
  deps: HouseholdDeps,
  ctx: RequestContext,
  id: number,
  version: number,
  input: HouseholdFileInput,
): Promise<SavedFile> {
  return inTransaction(deps.db, async (trx) => {
    const before = await loadFile(trx, ctx.actor.scopePath, id);
    const locked = (await q.lockHousehold(trx, id))!;
    if (locked.version !== version) throw await staleFile(trx, id, locked.version, version);
    const node = await nodeForFile(trx, ctx, input.nodeId);
    await checkDictionaryCodes(trx, input, before);
    const stored = await q.selectMembers(trx, id);
    const plans = planMembers(deps.cipher, input, stored);
    const isActive = locked.status === 'active';
    if (isActive) await assertPeopleFree(trx, ctx, plans, id);
    const head = plans.find((p) => p.input.relation === 'head')!;
    const headMasked =
      head.input.idNumber !== undefined
        ? head.input.idNumber && maskIdNumber(head.input.idNumber)
        : head.existing?.id_number_masked;
    if (
      !(await q.updateHousehold(trx, id, version, {
        ...householdColumns(deps.cipher, input, node),
        head_id_number_hash: head.idHash,
        head_id_number_masked: headMasked ?? null,
        updated_by: ctx.actor.userId,
      }))
    )
      throw await staleFile(trx, id, locked.version, version);
    await writeParts(trx, deps.cipher, id, input, plans, stored, isActive);
    const after = await loadFile(trx, '/', id);
    const source = auditSourceOf(ctx);
    await recordAudit(trx, source, {
      action: 'household.updated',
      details: {},
      entityType: 'household',
      entityId: id,
      nodeId: node.id,
      before: snapshotFile(before),
      after: snapshotFile(after),
    });
    const outcome = await assessStoredFile(trx, source, id, 'updated', { file: after });
    return { ...(await loadFile(trx, '/', id)), assessmentProblem: outcome.problem };
  });
}

async function staleFile(
  conn: Conn,
  id: number,
  current: number,
  given: number,
): Promise<AppError> {
  const saves = await q.selectChangesSince(conn, id, given);
  const changes: (FieldChange & { by: string | null; at: string })[] = [];
  for (const s of saves)
    for (const c of diffSnapshots(s.before, s.after))
      if (c.field !== 'version')
        changes.push({ ...c, by: s.actor_username, at: new Date(s.at).toISOString() });
  const last = saves.at(-1);
  return new AppError(
    'CONFLICT',
    `household ${id} was changed by someone else (version ${given} is stale, current is ${current}); reload and try again`,
    {
      userMessage: `该档案已被${last?.actor_username ?? '其他用户'}修改，请查看变更后重新编辑`,
      details: {
        currentVersion: current,
        givenVersion: given,
        changedBy: last?.actor_username ?? null,
        changedAt: last ? new Date(last.at).toISOString() : null,
        changes,
      },
    },
  );
}

/** Re-assesses one file now (the "重新认定" button). */
export async function reassessHousehold(
  deps: HouseholdDeps,
  ctx: RequestContext,
  id: number,
): Promise<SavedFile> {
  return inTransaction(deps.db, async (trx) => {
    await loadFile(trx, ctx.actor.scopePath, id);
    const outcome = await assessStoredFile(trx, auditSourceOf(ctx), id, 'reassessed');
    return { ...(await loadFile(trx, '/', id)), assessmentProblem: outcome.problem };
  });
}

/** Every assessment of a file, newest first (each with its policy version and line). */
export async function getAssessmentHistory(db: Db, ctx: RequestContext, id: number) {
  await loadFile(db, ctx.actor.scopePath, id);
  const rows = await q.selectAssessmentHistory(db, id);
  return rows.map((a) => ({
    id: a.id,
    assessedAt: new Date(a.assessed_at).toISOString(),
    assessedBy: a.assessed_by_name,
    reason: a.reason,
    policyVersionId: a.policy_version_id,
    asOf: a.as_of,
    category: a.category,
    eligible: a.eligible,
    provisional: a.provisional,
    perCapitaMonthlyFen: a.per_capita_fen,
  }));
}

/** One stored assessment with its full trace. */
export async function getAssessment(db: Db, ctx: RequestContext, id: number, assessmentId: number) {
  await loadFile(db, ctx.actor.scopePath, id);
  const a = await q.selectAssessment(db, assessmentId);
  if (!a || (await q.assessmentHousehold(db, assessmentId)) !== id)
    throw new AppError('NOT_FOUND', `assessment ${assessmentId} not found`);
  return presentAssessment(a);
}

/** Field history of a file: each save with its changed fields, and each assessment. */
export async function getHistory(db: Db, ctx: RequestContext, id: number, before: number | null) {
  await loadFile(db, ctx.actor.scopePath, id);
  const rows = await q.selectHistory(db, id, before);
  const page = rows.slice(0, 50);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      action: r.action,
      actor: r.actor_name ?? r.actor_username,
      details: r.details,
      changes:
        r.action === 'household.created'
          ? []
          : diffSnapshots(r.before, r.after).filter((c) => c.field !== 'version'),
    })),
    nextBefore: rows.length > 50 ? page.at(-1)!.id : null,
  };
}
