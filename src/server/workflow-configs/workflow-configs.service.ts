import { inTransaction, type Conn, type Db } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import { findRegion } from '../../shared/regions/region-code';
import {
  defaultWorkflowConfig,
  workflowConfigSchema,
  type WorkflowConfig,
} from '../../shared/cases/registration';
import {
  inheritanceChain,
  resolveWorkflowConfig,
  type SaveWorkflowConfigInput,
  type WorkflowConfigView,
} from '../../shared/workflow-configs/workflow-config';
import { auditSourceOf, recordAudit } from '../audit/audit.service';
import { getGoverningRegionCode } from '../orgs/orgs.service';
import { isRegionCovered, regionLabel } from '../policy/policy.policy';
import * as q from './workflow-configs.queries';

/**
 * A region's registration workflow (建档流程配置): the order and presence of the
 * middle steps, the time limits and the dynamic-management settings, stored
 * per county, city or province and inherited downwards; the national default
 * (registration.ts) is read-only. Anyone may read it (policy data); only a
 * policy manager whose node governs the region may change it.
 */

function regionName(code: string | null): string | null {
  return code ? (findRegion(code)?.fullName ?? null) : null;
}

function assertKnownRegion(regionCode: string): void {
  if (!findRegion(regionCode))
    throw new AppError('NOT_FOUND', `region ${regionCode} not found`, {
      userMessage: `行政区划代码 ${regionCode} 不存在`,
    });
}

async function mayEdit(conn: Conn, ctx: RequestContext, regionCode: string): Promise<boolean> {
  if (!ctx.actor.permissions.has('policy.manage')) return false;
  return isRegionCovered(await getGoverningRegionCode(conn, ctx.actor.scopePath), regionCode);
}

async function assertMayEdit(conn: Conn, ctx: RequestContext, regionCode: string) {
  const governing = await getGoverningRegionCode(conn, ctx.actor.scopePath);
  if (!isRegionCovered(governing, regionCode))
    throw new AppError(
      'FORBIDDEN',
      `regionCode: ${regionLabel(regionCode)} lies outside your region ${regionLabel(governing!)}`,
      {
        userMessage: `只能设置本级所辖地区(${regionLabel(governing!)})的建档流程`,
        details: { reason: 'region', regionCode, governingRegionCode: governing },
      },
    );
}

/** The workflow in force for a region and where it comes from. */
export async function getWorkflowConfig(
  db: Db,
  ctx: RequestContext,
  regionCode: string,
): Promise<WorkflowConfigView> {
  assertKnownRegion(regionCode);
  const rows = await q.selectConfigs(
    db,
    inheritanceChain(regionCode).map((l) => l.code),
  );
  const resolved = resolveWorkflowConfig(
    regionCode,
    rows.map((r) => ({ regionCode: r.region_code, config: workflowConfigSchema.parse(r.config) })),
    defaultWorkflowConfig,
  );
  const own = rows.find((r) => r.region_code === regionCode);
  return {
    regionCode,
    regionName: regionName(regionCode),
    config: resolved.config,
    source: resolved.source,
    sourceRegionCode: resolved.sourceRegionCode,
    sourceRegionName: regionName(resolved.sourceRegionCode),
    version: own?.version ?? null,
    updatedAt: own ? new Date(own.updated_at).toISOString() : null,
    canEdit: await mayEdit(db, ctx, regionCode),
  };
}

function versionConflict(regionCode: string): AppError {
  return new AppError(
    'CONFLICT',
    `the workflow of ${regionCode} was changed meanwhile; reload and try again`,
    {
      userMessage: '该地区的建档流程已被他人修改，请刷新后再保存',
      details: { reason: 'version' },
    },
  );
}

/** Stores a region's own workflow (first time with version null, then over the version seen). */
export async function saveWorkflowConfig(
  db: Db,
  ctx: RequestContext,
  regionCode: string,
  input: SaveWorkflowConfigInput,
): Promise<WorkflowConfigView> {
  assertKnownRegion(regionCode);
  await inTransaction(db, async (trx) => {
    await assertMayEdit(trx, ctx, regionCode);
    const [before] = await q.selectConfigs(trx, [regionCode]);
    const config = JSON.stringify(input.config satisfies WorkflowConfig);
    const saved =
      input.version === null
        ? await q.insertConfig(trx, {
            region_code: regionCode,
            config,
            updated_by: ctx.actor.userId,
          })
        : await q.updateConfig(trx, regionCode, input.version, {
            config,
            updated_by: ctx.actor.userId,
          });
    if (!saved) throw versionConflict(regionCode);
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'workflow_config.saved',
      details: { regionCode },
      entityType: 'workflow_config',
      entityId: Number(regionCode),
      nodeId: ctx.actor.nodeId,
      before: before ? (before.config as Record<string, unknown>) : null,
      after: input.config,
    });
  });
  return getWorkflowConfig(db, ctx, regionCode);
}

/** Removes a region's own workflow: it inherits again from its city, province or the nation. */
export async function deleteWorkflowConfig(
  db: Db,
  ctx: RequestContext,
  regionCode: string,
  version: number,
): Promise<WorkflowConfigView> {
  assertKnownRegion(regionCode);
  await inTransaction(db, async (trx) => {
    await assertMayEdit(trx, ctx, regionCode);
    const [before] = await q.selectConfigs(trx, [regionCode]);
    if (!before)
      throw new AppError('INVALID_STATE', `${regionCode} has no workflow of its own`, {
        userMessage: '该地区没有单独设置的建档流程，已在继承上级设置',
      });
    if (!(await q.deleteConfig(trx, regionCode, version))) throw versionConflict(regionCode);
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'workflow_config.removed',
      details: { regionCode },
      entityType: 'workflow_config',
      entityId: Number(regionCode),
      nodeId: ctx.actor.nodeId,
      before: before.config as Record<string, unknown>,
      after: null,
    });
  });
  return getWorkflowConfig(db, ctx, regionCode);
}
