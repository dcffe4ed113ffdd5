import { inTransaction, type Db } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import { findRegion } from '../../shared/regions/region-code';
import {
  policyVersionSchema,
  type PolicyScheme,
  type PolicyVersion,
  type RegionalRate,
} from '../../shared/households/policy';
import {
  runAssessmentRequest,
  type AssessmentRequest,
  type AssessmentResult,
} from '../../shared/households/assessment';
import type {
  CreateRateInput,
  PolicyRate,
  RateKind,
  RateQuery,
  UpdateRateInput,
} from '../../shared/policy/policy-rate';
import { auditSourceOf, recordAudit } from '../audit/audit.service';
import { getGoverningRegionCode, staleVersion } from '../orgs/orgs.service';
import { isRegionCovered, regionLabel } from './policy.policy';
import * as q from './policy.queries';

type Conn = Parameters<typeof q.selectRate>[0];

export function presentRate(row: q.RateRow): PolicyRate {
  return {
    id: row.id,
    kind: row.kind as RateKind,
    regionCode: row.region_code,
    regionName: findRegion(row.region_code)?.fullName ?? null,
    monthlyFen: row.monthly_fen,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    note: row.note,
    version: row.version,
  };
}

function snapshot(row: q.RateRow) {
  return {
    kind: row.kind,
    regionCode: row.region_code,
    monthlyFen: row.monthly_fen,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    note: row.note,
  };
}

function toRegionalRate(row: q.RateRow): RegionalRate {
  return {
    regionCode: row.region_code,
    monthlyFen: row.monthly_fen,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    ...(row.note ? { note: row.note } : {}),
  };
}

const kindLabels = { dibao: '低保标准', minimum_wage: '最低工资标准' } as const satisfies Record<
  RateKind,
  string
>;

/** Rates of every region: policy data is read by everyone, whatever their node. */
export async function findRates(db: Db, query: RateQuery): Promise<PolicyRate[]> {
  const rows = await q.selectRates(db, { kind: query.kind, regionPrefix: query.regionCode });
  return rows.map(presentRate);
}

/** FORBIDDEN unless the region lies inside the region the caller's node governs. */
async function assertRegionInScope(db: Conn, ctx: RequestContext, regionCode: string) {
  const governing = await getGoverningRegionCode(db, ctx.actor.scopePath);
  if (!isRegionCovered(governing, regionCode))
    throw new AppError(
      'FORBIDDEN',
      `regionCode: ${regionLabel(regionCode)} lies outside your region ${regionLabel(governing!)}`,
      {
        userMessage: `只能维护本级所辖地区(${regionLabel(governing!)})的政策标准`,
        details: { reason: 'region', regionCode, governingRegionCode: governing },
      },
    );
}

async function assertNoOverlap(
  trx: Conn,
  rate: { kind: RateKind; regionCode: string; from: string; to: string | null; exceptId?: number },
) {
  const other = await q.selectOverlappingRate(trx, rate);
  if (other)
    throw new AppError(
      'CONFLICT',
      `effectiveFrom: the period overlaps ${kindLabels[rate.kind]} #${other.id} for ${regionLabel(rate.regionCode)} (${other.effective_from} – ${other.effective_to ?? 'open'}); end that one first`,
      {
        userMessage: `该期间与已有的${kindLabels[rate.kind]}(${other.effective_from} 至 ${other.effective_to ?? '今'})重叠，请先结束原标准`,
        details: { overlapsId: other.id },
        issues: [{ path: 'effectiveFrom', message: `overlaps rate ${other.id}` }],
      },
    );
}

/** Adds a dated rate for a region the caller governs; audited. */
export async function createRate(
  db: Db,
  ctx: RequestContext,
  input: CreateRateInput,
): Promise<PolicyRate> {
  await assertRegionInScope(db, ctx, input.regionCode);
  return inTransaction(db, async (trx) => {
    await q.lockRatesForWrite(trx);
    await assertNoOverlap(trx, {
      kind: input.kind,
      regionCode: input.regionCode,
      from: input.effectiveFrom,
      to: input.effectiveTo,
    });
    const id = await q.insertRate(trx, {
      kind: input.kind,
      region_code: input.regionCode,
      monthly_fen: input.monthlyFen,
      effective_from: input.effectiveFrom,
      effective_to: input.effectiveTo,
      note: input.note,
    });
    const row = (await q.selectRate(trx, id))!;
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'policy.rate_created',
      details: {},
      entityType: 'policy_rate',
      entityId: id,
      nodeId: ctx.actor.nodeId,
      after: snapshot(row),
    });
    return presentRate(row);
  });
}

/** Changes a rate's amount, end date or note; refuses a stale version with CONFLICT. */
export async function updateRate(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: UpdateRateInput,
): Promise<PolicyRate> {
  return inTransaction(db, async (trx) => {
    await q.lockRatesForWrite(trx);
    const before = await q.selectRate(trx, id);
    if (!before) throw new AppError('NOT_FOUND', `policy rate ${id} not found`);
    await assertRegionInScope(trx, ctx, before.region_code);
    if (before.version !== input.version)
      throw staleVersion('policy rate', id, before.version, input.version);
    const effectiveTo = input.effectiveTo !== undefined ? input.effectiveTo : before.effective_to;
    if (effectiveTo !== null && effectiveTo < before.effective_from)
      throw new AppError(
        'VALIDATION',
        `effectiveTo: before effectiveFrom ${before.effective_from}`,
        {
          issues: [{ path: 'effectiveTo', message: 'before effectiveFrom' }],
        },
      );
    await assertNoOverlap(trx, {
      kind: before.kind as RateKind,
      regionCode: before.region_code,
      from: before.effective_from,
      to: effectiveTo,
      exceptId: id,
    });
    const fields = {
      ...(input.monthlyFen !== undefined ? { monthly_fen: input.monthlyFen } : {}),
      ...(input.effectiveTo !== undefined ? { effective_to: input.effectiveTo } : {}),
      ...(input.note !== undefined ? { note: input.note || null } : {}),
    };
    if (!(await q.updateRateFields(trx, id, input.version, fields)))
      throw staleVersion('policy rate', id, before.version, input.version);
    const after = (await q.selectRate(trx, id))!;
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'policy.rate_updated',
      details: {},
      entityType: 'policy_rate',
      entityId: id,
      nodeId: ctx.actor.nodeId,
      before: snapshot(before),
      after: snapshot(after),
    });
    return presentRate(after);
  });
}

export type PolicyVersionRow = {
  id: string;
  scheme: PolicyScheme;
  effectiveFrom: string;
  definition: PolicyVersion;
  version: number;
};

/** The stored policy versions, latest first, each definition checked by its schema. */
export async function findPolicyVersions(db: Conn): Promise<PolicyVersionRow[]> {
  const rows = await q.selectPolicyVersions(db);
  return rows.map((r) => ({
    id: r.id,
    scheme: r.scheme as PolicyScheme,
    effectiveFrom: r.effective_from,
    definition: policyVersionSchema.parse(r.definition),
    version: r.version,
  }));
}

/**
 * Assesses a household without storing anything. The lines come from the
 * request when it carries them, else from the rate tables for
 * household.regionCode (county, then city, then province) on asOf.
 */
export async function previewAssessment(
  db: Conn,
  request: AssessmentRequest,
  today: string,
): Promise<AssessmentResult> {
  const regionCode = request.household.regionCode;
  const tables = await loadAssessmentTables(db, request.lines ? undefined : regionCode);
  return runAssessmentRequest(request, tables, today);
}

/**
 * What an assessment needs from the policy tables: every policy version, and
 * the 低保 lines and minimum wages that can apply to the region (its own, its
 * city's, its province's); none when no region is given.
 */
export async function loadAssessmentTables(db: Conn, regionCode: string | undefined) {
  const policyVersions = (await findPolicyVersions(db)).map((v) => v.definition);
  const [dibao, wages] = regionCode
    ? [
        await q.selectRatesForRegion(db, 'dibao', regionCode),
        await q.selectRatesForRegion(db, 'minimum_wage', regionCode),
      ]
    : [[], []];
  return {
    policyVersions,
    dibaoLines: dibao.map(toRegionalRate),
    minimumWages: wages.map(toRegionalRate),
  };
}

/** Today in Asia/Shanghai, YYYY-MM-DD: the default date of an assessment. */
export function todayInShanghai(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
}
