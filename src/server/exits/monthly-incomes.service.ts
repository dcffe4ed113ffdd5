import { inTransaction, type Conn, type Db } from '../db/database';
import type { RequestContext } from '../http/context';
import { findRegionalRate } from '../../shared/households/policy';
import {
  checkOutOfHardship,
  incomeSignals,
  monthResult,
  type MonthlyIncome,
  type MonthlyIncomesRequest,
  type MonthlyIncomesView,
} from '../../shared/exits/income-rule';
import { todayInShanghai } from '../../shared/households/id-number';
import { auditSourceOf, recordAudit } from '../audit/audit.service';
import { loadAssessmentTables } from '../policy/policy.service';
import { workflowFor } from '../cases/cases.service';
import { loadHousehold } from './exits.service';
import { raiseFlag } from './follow-ups.service';
import * as q from './exits.queries';

/**
 * Monthly income records (月收入记录) of a household: the total income of the
 * month, the member count and the 低保 line that applied that month, stored
 * together so the 6-month 脱困 rule and the relapse watch read them as they were.
 */

function toIncome(r: {
  month: string;
  income_fen: number;
  member_count: number;
  line_fen: number | null;
}): MonthlyIncome {
  return {
    month: r.month,
    incomeFen: r.income_fen,
    memberCount: r.member_count,
    lineFen: r.line_fen,
  };
}

/** A file's monthly incomes with per-capita income, above/below the line, and the 脱困 check. */
export async function getMonthlyIncomes(
  conn: Conn,
  ctx: RequestContext,
  householdId: number,
): Promise<MonthlyIncomesView> {
  const household = await loadHousehold(conn, ctx, householdId);
  const config = await workflowFor(conn, household.region_code);
  const rows = await q.selectMonthlyIncomes(conn, householdId);
  return {
    householdId,
    records: rows
      .map((r) => ({
        ...monthResult(toIncome(r)),
        incomeFen: r.income_fen,
        memberCount: r.member_count,
        note: r.note,
        recordedAt: new Date(r.recorded_at).toISOString(),
        recordedByName: r.recorded_by_name,
      }))
      .reverse(),
    check: checkOutOfHardship(rows.map(toIncome), config.exitIncomeMonths),
  };
}

/**
 * Records (or corrects) months of a file's income in one go. Each month gets
 * the 低保 line in force on its first day for the file's region. For an exited
 * file, a month below the line or falling by the region's relapse share
 * against the month before raises a relapse flag (返困) in the same transaction.
 */
export async function recordMonthlyIncomes(
  db: Db,
  ctx: RequestContext,
  householdId: number,
  request: MonthlyIncomesRequest,
): Promise<MonthlyIncomesView> {
  return inTransaction(db, async (trx) => {
    await recordMonths(trx, ctx, householdId, request, null);
    return getMonthlyIncomes(trx, ctx, householdId);
  });
}

/** The work of recordMonthlyIncomes inside a transaction (a follow-up records its month too). */
export async function recordMonths(
  trx: Conn,
  ctx: RequestContext,
  householdId: number,
  request: MonthlyIncomesRequest,
  followUpId: number | null,
): Promise<void> {
  const household = await loadHousehold(trx, ctx, householdId, true);
  const { dibaoLines } = await loadAssessmentTables(trx, household.region_code);
  const before = await q.selectMonthlyIncomes(trx, householdId);
  const records = [...request.records].sort((a, b) => a.month.localeCompare(b.month));
  for (const r of records) {
    const line = findRegionalRate(dibaoLines, household.region_code, `${r.month}-01`);
    await q.upsertMonthlyIncome(trx, {
      household_id: householdId,
      month: r.month,
      income_fen: r.incomeFen,
      member_count: r.memberCount,
      line_fen: line?.monthlyFen ?? null,
      note: r.note ?? null,
      recorded_by: ctx.actor.userId,
    });
  }
  const after = (await q.selectMonthlyIncomes(trx, householdId)).map(toIncome);
  await recordAudit(trx, auditSourceOf(ctx), {
    action: 'income.recorded',
    details: { months: records.map((r) => r.month) },
    entityType: 'household',
    entityId: householdId,
    nodeId: household.node_id,
    before: Object.fromEntries(
      before
        .filter((b) => records.some((r) => r.month === b.month))
        .map((b) => [b.month, { incomeFen: b.income_fen, memberCount: b.member_count }]),
    ),
    after: Object.fromEntries(
      after
        .filter((a) => records.some((r) => r.month === a.month))
        .map((a) => [
          a.month,
          { incomeFen: a.incomeFen, memberCount: a.memberCount, lineFen: a.lineFen },
        ]),
    ),
  });
  if (household.status !== 'exited') return;
  const config = await workflowFor(trx, household.region_code);
  const today = todayInShanghai();
  for (const r of records) {
    const at = after.findIndex((a) => a.month === r.month);
    const signals = incomeSignals(
      after[at]!,
      at > 0 ? after[at - 1]! : null,
      config.relapseIncomeDropShare,
    );
    for (const s of signals)
      await raiseFlag(trx, ctx, household, {
        signal: s.signal,
        detail: s.detail.zh,
        detectedOn: today,
        followUpId,
      });
  }
}
