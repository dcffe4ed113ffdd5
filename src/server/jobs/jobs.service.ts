import { inTransaction, type Conn, type Db } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import type { Job, JobListQuery, JobStatus } from '../../shared/policy/policy-impact';
import { auditSourceOf, recordAudit, type AuditSource } from '../audit/audit.service';
import * as q from './jobs.queries';

/**
 * Background jobs (后台任务): a row in `jobs` that a runner (job-runner.ts)
 * works through in batches, each batch committing its work together with the
 * job's cursor, so a crash resumes after the last committed batch.
 */

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

export function presentJob(row: NonNullable<Awaited<ReturnType<typeof q.selectJob>>>): Job {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status as JobStatus,
    nodeId: row.node_id,
    nodeName: row.node_name,
    params: (row.params ?? {}) as Record<string, unknown>,
    progressDone: row.progress_done,
    progressTotal: row.progress_total,
    result: (row.result ?? null) as Record<string, unknown> | null,
    error: row.error,
    createdBy: row.created_by_name ?? row.created_by_username,
    createdAt: iso(row.created_at)!,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
  };
}

/**
 * Queues a job owned by the caller's node (its scope decides who sees it) and
 * records job.started, in the caller's transaction.
 */
export async function queueJob(
  trx: Conn,
  ctx: RequestContext,
  job: { kind: string; params: Record<string, unknown>; total: number },
): Promise<Job> {
  const id = await q.insertJob(trx, {
    kind: job.kind,
    node_id: ctx.actor.nodeId,
    node_path: ctx.actor.scopePath,
    params: job.params,
    progress_total: job.total,
    created_by: ctx.actor.userId,
  });
  await recordAudit(trx, auditSourceOf(ctx), {
    action: 'job.started',
    details: { kind: job.kind, jobId: id },
    entityType: 'job',
    entityId: id,
    nodeId: ctx.actor.nodeId,
    after: { kind: job.kind, params: job.params, progressTotal: job.total },
  });
  return presentJob((await q.selectJob(trx, id))!);
}

/** One job in the caller's scope, or NOT_FOUND. */
export async function getJob(db: Db, ctx: RequestContext, id: number): Promise<Job> {
  const row = await q.selectJobInScope(db, ctx.actor.scopePath, id);
  if (!row) throw new AppError('NOT_FOUND', `job ${id} not found`);
  return presentJob(row);
}

/** Recent jobs in the caller's scope, newest first. */
export async function findJobs(db: Db, ctx: RequestContext, query: JobListQuery): Promise<Job[]> {
  const rows = await q.selectJobsInScope(db, ctx.actor.scopePath, query);
  return rows.map(presentJob);
}

/**
 * Cancels a queued or running job; a running one stops at its next batch
 * boundary (the batch in progress holds the job's row, so this waits for it).
 */
export async function cancelJob(db: Db, ctx: RequestContext, id: number): Promise<Job> {
  return inTransaction(db, async (trx) => {
    const before = await q.selectJobInScope(trx, ctx.actor.scopePath, id);
    if (!before) throw new AppError('NOT_FOUND', `job ${id} not found`);
    if (!(await q.cancelJobInScope(trx, ctx.actor.scopePath, id)))
      throw new AppError('INVALID_STATE', `job ${id} is ${before.status}, not queued or running`, {
        userMessage: '该任务已结束，无法取消',
        details: { status: before.status },
      });
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'job.cancelled',
      details: { kind: before.kind, jobId: id },
      entityType: 'job',
      entityId: id,
      nodeId: before.node_id,
      before: { status: before.status, progressDone: before.progress_done },
      after: { status: 'cancelled' },
    });
    return presentJob((await q.selectJob(trx, id))!);
  });
}

/** The audit source a job acts as: the user who started it. */
export async function jobAuditSource(conn: Conn, createdBy: number | null): Promise<AuditSource> {
  const actor = createdBy === null ? undefined : await q.selectJobActor(conn, createdBy);
  return { actor: actor ?? null, requestId: null, ip: null };
}
