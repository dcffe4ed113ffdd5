import type { Conn } from '../db/database';
import { AppError } from '../../shared/errors';
import { toAssessmentInput, type AssessmentReason } from '../../shared/households/household-file';
import { assessmentInputSchema, runAssessmentRequest } from '../../shared/households/assessment';
import { recordAudits, type AuditRecord, type AuditSource } from '../audit/audit.service';
import { loadAssessmentTables, todayInShanghai } from '../policy/policy.service';
import { presentFile } from './households.present';
import type { AssessOutcome } from './households.service';
import * as q from './households.queries';

/**
 * Many files by id, in id order, each as `loadFile` presents it but without its
 * stored assessment (and with its row): five queries whatever the number.
 * No scope: the caller's ids come from a scoped query.
 */
export async function loadFilesByIds(conn: Conn, ids: readonly number[]) {
  const [rows, members, incomes, expenditures, exclusions] = [
    await q.selectHouseholdsByIds(conn, ids),
    await q.selectMembersOf(conn, ids),
    await q.selectItemsOf(conn, 'household_incomes', ids),
    await q.selectItemsOf(conn, 'household_expenditures', ids),
    await q.selectExclusionsOf(conn, ids),
  ];
  const byHousehold = <T extends { household_id: number }>(list: T[]) => {
    const map = new Map<number, T[]>();
    for (const item of list) {
      const bucket = map.get(item.household_id);
      if (bucket) bucket.push(item);
      else map.set(item.household_id, [item]);
    }
    return map;
  };
  const membersOf = byHousehold(members);
  const incomesOf = byHousehold(incomes);
  const expendituresOf = byHousehold(expenditures);
  const exclusionsOf = byHousehold(exclusions);
  return rows
    .sort((a, b) => a.id - b.id)
    .map((row) => ({
      row,
      file: presentFile({
        row,
        members: membersOf.get(row.id) ?? [],
        incomes: incomesOf.get(row.id) ?? [],
        expenditures: expendituresOf.get(row.id) ?? [],
        exclusions: exclusionsOf.get(row.id) ?? [],
        assessment: null,
      }),
    }));
}

/**
 * Re-assesses many stored files in one transaction with a fixed number of
 * statements, whatever the batch size: the files, members, incomes,
 * expenditures and exclusions are read with one query each, the policy tables
 * once per region, the assessments inserted in one statement, the files
 * pointed at them in one, the audit records written in one. Same results and
 * records as `assessStoredFile` file by file (tested against it); ~14 round
 * trips per file became ~8 per batch (bench/reassess.ts).
 */
export async function assessStoredFiles(
  trx: Conn,
  source: AuditSource,
  ids: readonly number[],
  reason: AssessmentReason,
  options: { today?: string; jobId?: number; policyId?: string } = {},
): Promise<Map<number, AssessOutcome>> {
  const outcomes = new Map<number, AssessOutcome>();
  if (!ids.length) return outcomes;
  const today = options.today ?? todayInShanghai();
  const files = await loadFilesByIds(trx, ids);
  const tablesOf = new Map<string, Awaited<ReturnType<typeof loadAssessmentTables>>>();

  type Done = {
    householdId: number;
    nodeId: number;
    before: { category: string | null; perCapitaFen: number | null; assessed: boolean };
    result: ReturnType<typeof runAssessmentRequest>;
  };
  const done: Done[] = [];
  for (const { file, row } of files) {
    let tables = tablesOf.get(file.regionCode);
    if (!tables) {
      tables = await loadAssessmentTables(trx, file.regionCode);
      tablesOf.set(file.regionCode, tables);
    }
    try {
      const household = assessmentInputSchema.parse(toAssessmentInput(file));
      const result = runAssessmentRequest(
        { household, asOf: today, ...(options.policyId ? { policyId: options.policyId } : {}) },
        tables,
        today,
      );
      done.push({
        householdId: row.id,
        nodeId: row.node_id,
        before: {
          category: row.category,
          perCapitaFen: row.per_capita_fen,
          assessed: row.last_assessment_id !== null,
        },
        result,
      });
    } catch (error) {
      if (error instanceof AppError && error.code !== 'INTERNAL')
        outcomes.set(row.id, { assessmentId: null, problem: error.userMessage ?? error.message });
      else throw error;
    }
  }

  const assessmentIds = await q.insertAssessments(
    trx,
    done.map(({ householdId, result }) => ({
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
    })),
  );
  await q.setLatestAssessments(
    trx,
    done.map(({ householdId, result }) => ({
      householdId,
      id: assessmentIds.get(householdId)!,
      category: result.category,
      eligible: result.eligible,
      provisional: result.provisional,
      perCapitaFen: result.perCapitaMonthlyFen,
    })),
  );
  const records: AuditRecord[] = done.map(({ householdId, nodeId, before, result }) => ({
    action: 'household.assessed',
    details: {
      reason,
      policyVersionId: result.policyVersionId,
      category: result.category,
      ...(options.jobId ? { jobId: options.jobId } : {}),
    },
    entityType: 'household',
    entityId: householdId,
    nodeId,
    before: before.assessed
      ? { category: before.category, perCapitaMonthlyFen: before.perCapitaFen }
      : null,
    after: { category: result.category, perCapitaMonthlyFen: result.perCapitaMonthlyFen },
  }));
  await recordAudits(trx, source, records);
  for (const { householdId } of done)
    outcomes.set(householdId, { assessmentId: assessmentIds.get(householdId)!, problem: null });
  return outcomes;
}
