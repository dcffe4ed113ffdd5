import { inTransaction, type Db } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import {
  findPolicyVersion,
  policyVersionSchema,
  type PolicyScheme,
  type PolicyVersion,
} from '../../shared/households/policy';
import type {
  CreatePolicyVersionInput,
  PolicyVersionRow,
  UpdatePolicyVersionInput,
} from '../../shared/policy/policy-version-edit';
import { auditSourceOf, recordAudit } from '../audit/audit.service';
import * as q from './policy.queries';

type Conn = Parameters<typeof q.selectPolicyVersions>[0];

/**
 * The stored policy versions (识别标准版本), latest first, each with how many
 * stored assessments used it, whether it may still change, and whether it is
 * the version of its scheme in force on `today`.
 */
export async function findPolicyVersionRows(
  conn: Conn,
  today: string,
): Promise<PolicyVersionRow[]> {
  const [rows, usage] = await Promise.all([
    q.selectPolicyVersions(conn),
    q.selectPolicyVersionUsage(conn),
  ]);
  const used = new Map(usage.map((u) => [u.policy_version_id, Number(u.count)]));
  const definitions = rows.map((r) => policyVersionSchema.parse(r.definition));
  return rows.map((r, i) => {
    const definition = definitions[i]!;
    const assessmentCount = used.get(r.id) ?? 0;
    return {
      id: r.id,
      scheme: r.scheme as PolicyScheme,
      effectiveFrom: r.effective_from,
      definition,
      version: r.version,
      assessmentCount,
      isEditable: assessmentCount === 0 && r.effective_from > today,
      isInForce: findPolicyVersion(definitions, today, definition.scheme)?.id === r.id,
    };
  });
}

/** Policy versions are national: only a user of the root node creates or changes them. */
function assertNationalUser(ctx: RequestContext) {
  if (!/^\/\d+\/$/.test(ctx.actor.scopePath))
    throw new AppError(
      'FORBIDDEN',
      'policy versions are national: only a root-node user creates or changes them',
      {
        userMessage: '识别标准版本全国统一，只有全国总工会(根节点)的用户可以新建或修改',
        details: { reason: 'national' },
      },
    );
}

function assertPeriod(p: PolicyVersion) {
  if (p.effectiveTo !== null && p.effectiveTo < p.effectiveFrom)
    throw new AppError('VALIDATION', `effectiveTo: before effectiveFrom ${p.effectiveFrom}`, {
      issues: [{ path: 'effectiveTo', message: 'before effectiveFrom' }],
    });
}

async function assertNoClash(trx: Conn, p: PolicyVersion, exceptId?: string) {
  const clash = await q.selectClashingPolicyVersion(trx, {
    id: p.id,
    scheme: p.scheme,
    effectiveFrom: p.effectiveFrom,
    ...(exceptId !== undefined ? { exceptId } : {}),
  });
  if (!clash) return;
  if (clash.id === p.id)
    throw new AppError('CONFLICT', `id: a policy version ${p.id} exists already`, {
      userMessage: `版本编号 ${p.id} 已存在，请换一个编号`,
      issues: [{ path: 'id', message: 'exists already' }],
    });
  throw new AppError(
    'CONFLICT',
    `effectiveFrom: version ${clash.id} of the same scheme starts on ${p.effectiveFrom} too`,
    {
      userMessage: `同一认定方案的版本 ${clash.id} 也从 ${p.effectiveFrom} 起施行，请换一个施行日期`,
      issues: [{ path: 'effectiveFrom', message: `same day as ${clash.id}` }],
    },
  );
}

function staleDefinition(id: string, current: number, given: number) {
  return new AppError(
    'CONFLICT',
    `policy version ${id} was changed by someone else (version ${given} is stale, current is ${current}); reload and try again`,
    {
      userMessage: '该版本已被他人修改，请刷新后重试',
      details: { currentVersion: current, givenVersion: given },
    },
  );
}

async function findRow(trx: Conn, id: string, today: string) {
  return (await findPolicyVersionRows(trx, today)).find((r) => r.id === id)!;
}

/**
 * Adds a policy version — usually a copy of another with a later effectiveFrom
 * and changed parameters. From its effectiveFrom on, assessments of its scheme
 * use it. Audited as policy.version_saved.
 */
export async function createPolicyVersion(
  db: Db,
  ctx: RequestContext,
  input: CreatePolicyVersionInput,
  today: string,
): Promise<PolicyVersionRow> {
  assertNationalUser(ctx);
  assertPeriod(input);
  return inTransaction(db, async (trx) => {
    await q.lockPolicyVersionsForWrite(trx);
    await assertNoClash(trx, input);
    await q.insertPolicyVersion(trx, {
      id: input.id,
      scheme: input.scheme,
      effective_from: input.effectiveFrom,
      definition: JSON.stringify(input),
    });
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'policy.version_saved',
      details: { policyVersionId: input.id },
      entityType: 'policy_version',
      entityId: null,
      nodeId: ctx.actor.nodeId,
      after: input,
    });
    return findRow(trx, input.id, today);
  });
}

/**
 * Changes a version that no stored assessment used and that is not yet in
 * force; any other version answers INVALID_STATE: past assessments must stay
 * reproducible, so a change of rules is a new version. Stale `version` → CONFLICT.
 */
export async function updatePolicyVersion(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: UpdatePolicyVersionInput,
  today: string,
): Promise<PolicyVersionRow> {
  assertNationalUser(ctx);
  const next = input.definition;
  if (next.id !== id)
    throw new AppError('VALIDATION', `definition.id: must stay ${id}`, {
      issues: [{ path: 'definition.id', message: `must stay ${id}` }],
    });
  assertPeriod(next);
  return inTransaction(db, async (trx) => {
    await q.lockPolicyVersionsForWrite(trx);
    const stored = await q.lockPolicyVersion(trx, id);
    if (!stored) throw new AppError('NOT_FOUND', `policy version ${id} not found`);
    const row = await findRow(trx, id, today);
    if (!row.isEditable)
      throw new AppError(
        'INVALID_STATE',
        row.assessmentCount > 0
          ? `policy version ${id} was used by ${row.assessmentCount} stored assessments; create a new version instead`
          : `policy version ${id} is in force since ${row.effectiveFrom}; create a new version instead`,
        {
          userMessage:
            row.assessmentCount > 0
              ? `该版本已用于 ${row.assessmentCount} 次认定，不能再修改(以往的认定必须可以复现)，请新建版本`
              : `该版本已于 ${row.effectiveFrom} 起施行，不能再修改(以往的认定必须可以复现)，请新建版本`,
          details: { assessmentCount: row.assessmentCount, effectiveFrom: row.effectiveFrom },
        },
      );
    if (stored.version !== input.version) throw staleDefinition(id, stored.version, input.version);
    await assertNoClash(trx, next, id);
    if (
      !(await q.updatePolicyVersionRow(trx, id, input.version, {
        scheme: next.scheme,
        effective_from: next.effectiveFrom,
        definition: JSON.stringify(next),
      }))
    )
      throw staleDefinition(id, stored.version, input.version);
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'policy.version_saved',
      details: { policyVersionId: id },
      entityType: 'policy_version',
      entityId: null,
      nodeId: ctx.actor.nodeId,
      before: row.definition,
      after: next,
    });
    return findRow(trx, id, today);
  });
}
