import ExcelJS from 'exceljs';
import { inTransaction, type Conn, type Db, type Tx } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import {
  assessmentInputSchema,
  runAssessmentRequest,
  type AssessmentInput,
  type AssessmentResult,
} from '../../shared/households/assessment';
import {
  findRegionalRate,
  hardshipCategoryLabels,
  type RegionalRate,
} from '../../shared/households/policy';
import { toAssessmentInput } from '../../shared/households/household-file';
import { findRegion } from '../../shared/regions/region-code';
import type {
  ImpactAnswer,
  ImpactApplyAnswer,
  ImpactChange,
  ImpactItem,
  ImpactProposal,
  ReassessJobParams,
  ReassessJobResult,
} from '../../shared/policy/policy-impact';
import { getGoverningRegionCode } from '../orgs/orgs.service';
import { assessStoredFiles, loadFilesByIds } from '../households/bulk-assess';
import { jobAuditSource, queueJob } from '../jobs/jobs.service';
import { createRate, loadAssessmentTables, todayInShanghai, updateRate } from './policy.service';
import { isRegionCovered, regionLabel, regionPrefixOf } from './policy.policy';
import * as iq from './policy-impact.queries';
import { addGuardedRow } from '../../shared/imports/spreadsheet-safety';

/**
 * Impact preview (影响测算) and its application. The preview assesses every
 * active file in scope that the proposed rate would govern twice — today with
 * the rates in force, and on the effective date (or today, if later) with the
 * proposal added — and counts the changes. Nothing is written.
 *
 * Applying adds the rate (ending the rate it replaces the day before) and
 * queues a 'reassess' job. The job assesses each governed file with
 * asOf = max(today, effectiveFrom): a line that takes effect later is applied
 * to the files now, as of its first day, so the register shows the coming
 * categories; a file edited before that day is assessed as of its edit date.
 */

/** The changed files the preview lists (the export has them all). */
export const impactItemsLimit = 200;
const exportLimit = 20_000;
const pageSize = 200;

type Tables = Awaited<ReturnType<typeof loadAssessmentTables>>;

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function afterDate(proposal: { effectiveFrom: string }, today: string): string {
  return proposal.effectiveFrom > today ? proposal.effectiveFrom : today;
}

const tableKey = { dibao: 'dibaoLines', minimum_wage: 'minimumWages' } as const;

/** The tables as they would be: the rate running into the proposal ends the day before it. */
function withProposal(tables: Tables, p: ImpactProposal): Tables {
  const key = tableKey[p.kind];
  const proposed: RegionalRate = {
    regionCode: p.regionCode,
    monthlyFen: p.monthlyFen,
    effectiveFrom: p.effectiveFrom,
    effectiveTo: null,
  };
  const rates = tables[key].map((r) =>
    r.regionCode === p.regionCode &&
    r.effectiveFrom < p.effectiveFrom &&
    (r.effectiveTo === null || r.effectiveTo >= p.effectiveFrom)
      ? { ...r, effectiveTo: dayBefore(p.effectiveFrom) }
      : r,
  );
  return { ...tables, [key]: [...rates, proposed] };
}

function isProposal(rate: RegionalRate | undefined, p: ImpactProposal): boolean {
  return rate?.regionCode === p.regionCode && rate.effectiveFrom === p.effectiveFrom;
}

/** FORBIDDEN unless the caller may see files, and governs the proposal's region. */
async function assertMayPropose(conn: Conn, ctx: RequestContext, p: ImpactProposal) {
  if (!ctx.actor.permissions.has('household.read'))
    throw new AppError('FORBIDDEN', 'the impact preview lists household files: household.read', {
      userMessage: '影响测算会列出困难职工档案，需要查看档案的权限',
      details: { reason: 'permission', permission: 'household.read' },
    });
  const governing = await getGoverningRegionCode(conn, ctx.actor.scopePath);
  if (!isRegionCovered(governing, p.regionCode))
    throw new AppError(
      'FORBIDDEN',
      `regionCode: ${regionLabel(p.regionCode)} lies outside your region ${regionLabel(governing!)}`,
      {
        userMessage: `只能测算本级所辖地区(${regionLabel(governing!)})的政策标准`,
        details: { reason: 'region', regionCode: p.regionCode, governingRegionCode: governing },
        issues: [{ path: 'regionCode', message: 'outside your region' }],
      },
    );
}

/** The counties (with their file counts) whose files the proposal would govern on `asOf`. */
async function governedRegions(
  conn: Conn,
  scopePath: string,
  p: ImpactProposal,
  asOf: string,
): Promise<{ regionCode: string; files: number; now: Tables; proposed: Tables }[]> {
  const counts = await iq.selectRegionCounts(conn, scopePath, regionPrefixOf(p.regionCode));
  const governed = [];
  for (const c of counts) {
    const now = await loadAssessmentTables(conn, c.region_code);
    const proposed = withProposal(now, p);
    if (isProposal(findRegionalRate(proposed[tableKey[p.kind]], c.region_code, asOf), p))
      governed.push({ regionCode: c.region_code, files: Number(c.files), now, proposed });
  }
  return governed;
}

function tryAssess(
  household: AssessmentInput,
  tables: Tables,
  asOf: string,
  policyId: string | undefined,
): AssessmentResult | null {
  try {
    return runAssessmentRequest(
      { household, asOf, ...(policyId ? { policyId } : {}) },
      tables,
      asOf,
    );
  } catch (error) {
    if (error instanceof AppError && error.code === 'INVALID_STATE') return null;
    throw error;
  }
}

function changeOf(
  before: AssessmentResult | null,
  after: AssessmentResult | null,
): ImpactChange | null {
  const wasEligible = before?.eligible ?? false;
  const isEligible = after?.eligible ?? false;
  if (!wasEligible && isEligible) return 'become_eligible';
  if (wasEligible && !isEligible) return 'lose_eligibility';
  if (wasEligible && isEligible && before!.category !== after!.category) return 'category_changed';
  return null;
}

function rateOf(result: AssessmentResult | null, p: ImpactProposal): number | null {
  if (!result) return null;
  return p.kind === 'dibao' ? result.lines.dibaoMonthlyFen : result.lines.minimumWageMonthlyFen;
}

async function assertPolicyKnown(conn: Conn, p: ImpactProposal) {
  if (!p.policyId) return;
  const { policyVersions } = await loadAssessmentTables(conn, undefined);
  if (!policyVersions.some((v) => v.id === p.policyId))
    throw new AppError('VALIDATION', `policyId: no policy version ${p.policyId}`, {
      issues: [{ path: 'policyId', message: 'unknown policy version' }],
    });
}

/** A rate of the same kind and region starting on or after the proposal would overlap it. */
async function assertNoLaterRate(conn: Conn, p: ImpactProposal) {
  const later = await iq.selectRateStartingFrom(conn, p.kind, p.regionCode, p.effectiveFrom);
  if (later)
    throw new AppError(
      'CONFLICT',
      `effectiveFrom: a rate for ${regionLabel(p.regionCode)} already starts on ${later.effective_from}`,
      {
        userMessage: `该地区已有自 ${later.effective_from} 起的标准，请选择更晚的生效日期或修改原标准`,
        details: { overlapsId: later.id },
        issues: [{ path: 'effectiveFrom', message: `overlaps rate ${later.id}` }],
      },
    );
}

/** Walks every governed file and yields its before/after results (the preview's core). */
async function measure(
  conn: Conn,
  ctx: RequestContext,
  p: ImpactProposal,
  today: string,
  onChanged: (item: ImpactItem) => void,
): Promise<Omit<ImpactAnswer, 'items' | 'itemsLimit'>> {
  await assertMayPropose(conn, ctx, p);
  await assertNoLaterRate(conn, p);
  await assertPolicyKnown(conn, p);
  const asOf = afterDate(p, today);
  const regions = await governedRegions(conn, ctx.actor.scopePath, p, asOf);
  const tally = {
    filesChecked: 0,
    unchanged: 0,
    categoryChanged: 0,
    becomeEligible: 0,
    loseEligibility: 0,
    unassessable: 0,
  };
  let itemsTotal = 0;
  const byRegion = new Map(regions.map((r) => [r.regionCode, r]));
  const codes = regions.map((r) => r.regionCode);
  let afterId = 0;
  for (;;) {
    const ids = await iq.selectFileIds(conn, ctx.actor.scopePath, codes, afterId, pageSize);
    if (!ids.length) break;
    afterId = ids.at(-1)!;
    // The ids come from the scoped query above: one bulk read per page.
    for (const { file } of await loadFilesByIds(conn, ids)) {
      const region = byRegion.get(file.regionCode)!;
      const household = assessmentInputSchema.parse(toAssessmentInput(file));
      const before = tryAssess(household, region.now, today, undefined);
      const after = tryAssess(household, region.proposed, asOf, p.policyId);
      tally.filesChecked += 1;
      if (!after) tally.unassessable += 1;
      const change = changeOf(before, after);
      if (!change) {
        tally.unchanged += 1;
        continue;
      }
      if (change === 'category_changed') tally.categoryChanged += 1;
      if (change === 'become_eligible') tally.becomeEligible += 1;
      if (change === 'lose_eligibility') tally.loseEligibility += 1;
      itemsTotal += 1;
      onChanged({
        householdId: file.id,
        headName: file.headName,
        nodeName: file.nodeName,
        regionCode: file.regionCode,
        change,
        categoryBefore: before?.eligible ? before.category : null,
        categoryAfter: after?.eligible ? after.category : null,
        eligibleBefore: before?.eligible ?? false,
        eligibleAfter: after?.eligible ?? false,
        perCapitaBeforeFen: before?.perCapitaMonthlyFen ?? null,
        perCapitaAfterFen: after?.perCapitaMonthlyFen ?? null,
        rateBeforeFen: rateOf(before, p),
        rateAfterFen: rateOf(after, p),
      });
    }
  }
  return { proposal: p, today, asOf, regionCodes: codes, ...tally, itemsTotal };
}

/** How many files in scope a proposed rate would move, and which; writes nothing. */
export async function previewImpact(
  db: Db,
  ctx: RequestContext,
  proposal: ImpactProposal,
  today: string = todayInShanghai(),
): Promise<ImpactAnswer> {
  const items: ImpactItem[] = [];
  const answer = await measure(db, ctx, proposal, today, (item) => {
    if (items.length < impactItemsLimit) items.push(item);
  });
  return { ...answer, items, itemsLimit: impactItemsLimit };
}

const changeLabels = {
  category_changed: '类别变化',
  become_eligible: '新增符合条件',
  lose_eligibility: '不再符合条件',
} as const satisfies Record<ImpactChange, string>;

const kindLabels = { dibao: '低保标准', minimum_wage: '最低工资标准' } as const;

function yuan(fen: number | null): number | null {
  return fen === null ? null : fen / 100;
}

function categoryLabel(item: ImpactItem, which: 'Before' | 'After'): string {
  const category = item[`category${which}`];
  return category ? hardshipCategoryLabels[category].zh : '不符合条件';
}

/** The preview as a workbook: a summary sheet and every changed file. */
export async function exportImpact(
  db: Db,
  ctx: RequestContext,
  proposal: ImpactProposal,
  today: string = todayInShanghai(),
): Promise<Buffer> {
  const items: ImpactItem[] = [];
  const answer = await measure(db, ctx, proposal, today, (item) => {
    if (items.length < exportLimit) items.push(item);
  });
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Bangfu';
  const summary = wb.addWorksheet('测算汇总');
  summary.columns = [
    { header: '项目', key: 'k', width: 24 },
    { header: '内容', key: 'v', width: 40 },
  ];
  summary.getRow(1).font = { bold: true };
  const region = findRegion(proposal.regionCode)?.fullName ?? proposal.regionCode;
  for (const [k, v] of [
    ['标准类型', kindLabels[proposal.kind]],
    ['地区', `${proposal.regionCode} ${region}`],
    ['新标准(元/月)', yuan(proposal.monthlyFen)],
    ['生效日期', proposal.effectiveFrom],
    ['测算日期', `${answer.today} → ${answer.asOf}`],
    ['测算档案数', answer.filesChecked],
    ['无变化', answer.unchanged],
    ['类别变化', answer.categoryChanged],
    ['新增符合条件', answer.becomeEligible],
    ['不再符合条件', answer.loseEligibility],
    ['无法认定', answer.unassessable],
  ] as const)
    summary.addRow({ k, v });
  const ws = wb.addWorksheet('变化档案');
  ws.columns = [
    { header: '档案ID', key: 'id', width: 10 },
    { header: '户主姓名', key: 'head', width: 12 },
    { header: '建档单位', key: 'node', width: 28 },
    { header: '所在地区', key: 'region', width: 24 },
    { header: '变化', key: 'change', width: 14 },
    { header: '原类别', key: 'before', width: 12 },
    { header: '新类别', key: 'after', width: 12 },
    { header: '原月人均(元)', key: 'pcBefore', width: 14 },
    { header: '新月人均(元)', key: 'pcAfter', width: 14 },
    { header: `原${kindLabels[proposal.kind]}(元)`, key: 'rBefore', width: 16 },
    { header: `新${kindLabels[proposal.kind]}(元)`, key: 'rAfter', width: 16 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const item of items)
    addGuardedRow(ws, {
      id: item.householdId,
      head: item.headName,
      node: item.nodeName,
      region: findRegion(item.regionCode)?.fullName ?? item.regionCode,
      change: changeLabels[item.change],
      before: categoryLabel(item, 'Before'),
      after: categoryLabel(item, 'After'),
      pcBefore: yuan(item.perCapitaBeforeFen),
      pcAfter: yuan(item.perCapitaAfterFen),
      rBefore: yuan(item.rateBeforeFen),
      rAfter: yuan(item.rateAfterFen),
    });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Puts the proposal in force: ends the rate it replaces the day before, adds
 * it (both through the rate service, audited), and queues the job that
 * re-assesses every governed file — all in one transaction.
 */
export async function applyImpact(
  db: Db,
  ctx: RequestContext,
  proposal: ImpactProposal,
  today: string = todayInShanghai(),
): Promise<ImpactApplyAnswer> {
  return inTransaction(db, async (trx) => {
    await assertMayPropose(trx, ctx, proposal);
    await assertNoLaterRate(trx, proposal);
    await assertPolicyKnown(trx, proposal);
    const regions = await governedRegions(
      trx,
      ctx.actor.scopePath,
      proposal,
      afterDate(proposal, today),
    );
    const running = await iq.selectRateRunningInto(
      trx,
      proposal.kind,
      proposal.regionCode,
      proposal.effectiveFrom,
    );
    if (running)
      await updateRate(trx, ctx, running.id, {
        effectiveTo: dayBefore(proposal.effectiveFrom),
        version: running.version,
      });
    const rate = await createRate(trx, ctx, {
      kind: proposal.kind,
      regionCode: proposal.regionCode,
      monthlyFen: proposal.monthlyFen,
      effectiveFrom: proposal.effectiveFrom,
      effectiveTo: null,
      note: proposal.note || null,
    });
    const params: ReassessJobParams = {
      kind: proposal.kind,
      regionCode: proposal.regionCode,
      effectiveFrom: proposal.effectiveFrom,
      rateId: rate.id,
      regionCodes: regions.map((r) => r.regionCode),
      ...(proposal.policyId ? { policyId: proposal.policyId } : {}),
    };
    const job = await queueJob(trx, ctx, {
      kind: 'reassess',
      params,
      total: regions.reduce((n, r) => n + r.files, 0),
    });
    return { rateId: rate.id, job };
  });
}

const emptyTally: ReassessJobResult = {
  reassessed: 0,
  problems: 0,
  categoryChanged: 0,
  becomeEligible: 0,
  loseEligibility: 0,
};

/**
 * One batch of a 'reassess' job, inside the runner's transaction: the next
 * files after the cursor, each assessed and stored (reason policy_change,
 * audited with the job id), and the new cursor and tally.
 */
export async function reassessBatch(
  trx: Tx,
  job: {
    id: number;
    node_path: string | null;
    params: unknown;
    cursor: unknown;
    result: unknown;
    created_by: number | null;
  },
  batchSize: number,
) {
  const params = job.params as ReassessJobParams;
  const cursor = (job.cursor as { lastHouseholdId: number } | null) ?? { lastHouseholdId: 0 };
  const tally = { ...emptyTally, ...(job.result as Partial<ReassessJobResult> | null) };
  const ids = await iq.selectFileIds(
    trx,
    job.node_path ?? '/',
    params.regionCodes,
    cursor.lastHouseholdId,
    batchSize,
  );
  if (!ids.length) return { cursor, done: 0, result: tally, isFinished: true };
  const before = new Map((await iq.selectStoredResults(trx, ids)).map((r) => [r.id, r]));
  const source = await jobAuditSource(trx, job.created_by);
  const asOf = afterDate(params, todayInShanghai());
  const outcomes = await assessStoredFiles(trx, source, ids, 'policy_change', {
    jobId: job.id,
    today: asOf,
    ...(params.policyId ? { policyId: params.policyId } : {}),
  });
  for (const outcome of outcomes.values()) {
    if (outcome.problem) tally.problems += 1;
    else tally.reassessed += 1;
  }
  for (const now of await iq.selectStoredResults(trx, ids)) {
    const was = before.get(now.id)!;
    const wasEligible = was.eligible ?? false;
    const isEligible = now.eligible ?? false;
    if (!wasEligible && isEligible) tally.becomeEligible += 1;
    else if (wasEligible && !isEligible) tally.loseEligibility += 1;
    else if (wasEligible && isEligible && was.category !== now.category) tally.categoryChanged += 1;
  }
  return {
    cursor: { lastHouseholdId: ids.at(-1)! },
    done: ids.length,
    result: tally,
    isFinished: ids.length < batchSize,
  };
}
