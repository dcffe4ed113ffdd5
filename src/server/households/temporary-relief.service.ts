import { inTransaction, type Conn } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import { todayInShanghai } from '../../shared/households/id-number';
import {
  temporaryFileNo,
  type TemporaryClose,
  type TemporaryFileInput,
  type TemporaryRelief,
} from '../../shared/households/temporary-relief';
import { auditSourceOf, recordAudit, type AuditSource } from '../audit/audit.service';
import { recordCaseEvent } from '../cases/cases.service';
import {
  createHousehold,
  loadFile,
  type HouseholdDeps,
  type SavedFile,
} from './households.service';
import * as q from './temporary-relief.queries';

/**
 * 临时救助档案: short-term help without the registration workflow. Created
 * through the same file service (`createHousehold` with the `temporary`
 * option), entered at once with an L-number, converted into a regular
 * application or closed. Each step is audited and written on the timeline.
 */

/** Creates a temporary-relief file: the file is saved, assessed and entered in one transaction. */
export async function createTemporaryHousehold(
  deps: HouseholdDeps,
  ctx: RequestContext,
  input: TemporaryFileInput,
): Promise<SavedFile> {
  if (input.temporary.until < todayInShanghai())
    throw new AppError('VALIDATION', 'temporary.until: the end date has passed', {
      userMessage: '临时救助截止日期不能早于今天',
      issues: [{ path: 'temporary.until', message: 'in the past' }],
    });
  return createHousehold(deps, ctx, input.file, {
    temporary: input.temporary,
    afterInsert: (trx, id, source) => enterTemporary(trx, source, id, input.temporary),
  });
}

async function enterTemporary(
  trx: Conn,
  source: AuditSource,
  id: number,
  temporary: TemporaryRelief,
): Promise<void> {
  const file = await loadFile(trx, '/', id);
  const fileNo = temporaryFileNo(
    await q.selectNodeCode(trx, file.nodeId),
    Number(todayInShanghai().slice(0, 4)),
    id,
  );
  if (!(await q.enterTemporary(trx, id, fileNo)))
    throw new AppError('INTERNAL', `household ${id}: a new temporary file is not a draft`);
  await recordCaseEvent(trx, source, id, 'enter_temporary', {
    step: 'application',
    fromStatus: 'draft',
    toStatus: 'registered',
    toStep: 'approval',
    opinion: temporary.reason,
    record: { until: temporary.until },
  });
  await recordAudit(trx, source, {
    action: 'household.temporary_entered',
    details: { reason: temporary.reason, until: temporary.until, fileNo },
    entityType: 'household',
    entityId: id,
    nodeId: file.nodeId,
    after: { fileKind: 'temporary', fileNo, temporaryUntil: temporary.until },
  });
}

async function lockTemporary(trx: Conn, ctx: RequestContext, id: number, version: number) {
  const row = await q.lockFileInScope(trx, ctx.actor.scopePath, id);
  if (!row) throw new AppError('NOT_FOUND', `household ${id} not found`);
  if (row.file_kind !== 'temporary' || row.status !== 'active')
    throw new AppError(
      'INVALID_STATE',
      `household ${id} is not an active temporary file (it is ${row.file_kind}, ${row.status}); allowed: none`,
      {
        userMessage: '只有在档的临时救助档案可以转为常规档案或结束',
        details: { fileKind: row.file_kind, status: row.status, allowed: [] },
      },
    );
  if (row.version !== version)
    throw new AppError(
      'CONFLICT',
      `household ${id} was changed by someone else (version ${version} is stale, current is ${row.version}); reload and try again`,
      {
        userMessage: '该档案已被他人修改，请刷新后再办理',
        details: { currentVersion: row.version, givenVersion: version },
      },
    );
  return row;
}

/**
 * Converts a temporary file into a regular one: the case goes back to draft at
 * the application step and the whole workflow runs (same household, same history).
 */
export async function convertTemporary(
  deps: HouseholdDeps,
  ctx: RequestContext,
  id: number,
  version: number,
): Promise<SavedFile> {
  return inTransaction(deps.db, async (trx) => {
    const row = await lockTemporary(trx, ctx, id, version);
    if (!(await q.convertToRegular(trx, id, version, ctx.actor.userId)))
      throw new AppError('CONFLICT', `household ${id} changed meanwhile; reload and try again`);
    const source = auditSourceOf(ctx);
    await recordCaseEvent(trx, source, id, 'convert_temporary', {
      step: row.case_step as 'approval',
      fromStatus: row.case_status as 'registered',
      toStatus: 'draft',
      toStep: 'application',
      opinion: null,
    });
    await recordAudit(trx, source, {
      action: 'household.temporary_converted',
      details: { fileNo: row.file_no },
      entityType: 'household',
      entityId: id,
      nodeId: row.node_id,
      before: { fileKind: 'temporary', caseStatus: row.case_status, fileNo: row.file_no },
      after: { fileKind: 'regular', caseStatus: 'draft', fileNo: null },
    });
    return { ...(await loadFile(trx, '/', id)), assessmentProblem: null };
  });
}

/** Closes a temporary file with a reason: its people are free for another file. */
export async function closeTemporaryFile(
  deps: HouseholdDeps,
  ctx: RequestContext,
  id: number,
  input: TemporaryClose,
): Promise<SavedFile> {
  return inTransaction(deps.db, async (trx) => {
    const row = await lockTemporary(trx, ctx, id, input.version);
    if (!(await q.closeTemporary(trx, id, input.version, ctx.actor.userId)))
      throw new AppError('CONFLICT', `household ${id} changed meanwhile; reload and try again`);
    await q.releasePeople(trx, id);
    const source = auditSourceOf(ctx);
    await recordCaseEvent(trx, source, id, 'close_temporary', {
      step: row.case_step as 'approval',
      fromStatus: row.case_status as 'registered',
      toStatus: row.case_status as 'registered',
      toStep: row.case_step as 'approval',
      opinion: input.reason,
    });
    await recordAudit(trx, source, {
      action: 'household.temporary_closed',
      details: { reason: input.reason, fileNo: row.file_no },
      entityType: 'household',
      entityId: id,
      nodeId: row.node_id,
      before: { status: 'active' },
      after: { status: 'closed' },
    });
    return { ...(await loadFile(trx, '/', id)), assessmentProblem: null };
  });
}
