import { setTimeout as sleep } from 'node:timers/promises';
import { inTransaction, type Db, type Tx } from '../db/database';
import { reassessBatch } from '../policy/policy-impact.service';
import * as q from './jobs.queries';

/**
 * Runs background jobs. A job is claimed with one atomic UPDATE (queued, or
 * running with a heartbeat older than `staleSeconds`: its process died), then
 * processed batch by batch. Each batch is ONE transaction that locks the job
 * row, reads the cursor from it, does the work and advances cursor, progress
 * and heartbeat — so a crash resumes exactly after the last committed batch,
 * and a cancel (which waits for the row) stops the job at a batch boundary.
 */

export type LockedJob = NonNullable<Awaited<ReturnType<typeof q.lockJob>>>;

/** What one batch did: the new cursor, how many items it finished, the tally so far. */
export type BatchOutcome = { cursor: unknown; done: number; result: unknown; isFinished: boolean };

export type JobHandler = (trx: Tx, job: LockedJob, batchSize: number) => Promise<BatchOutcome>;

/** The kinds of job this server runs. */
export const jobHandlers: Record<string, JobHandler> = { reassess: reassessBatch };

export type JobRunnerOptions = {
  handlers?: Record<string, JobHandler>;
  /** Items per batch; the embedded database runs one statement at a time, so keep it short. */
  batchSize?: number;
  /** A running job whose heartbeat is older than this was left by a dead process. */
  staleSeconds?: number;
  /** Stop after this many batches, leaving the job running (tests simulate a crash with it). */
  maxBatches?: number;
  onError?: (error: unknown, jobId: number) => void;
};

/** Processes one claimed job until it is done, cancelled, failed or `maxBatches` ran out. */
async function processJob(
  db: Db,
  jobId: number,
  handlers: Record<string, JobHandler>,
  options: {
    batchSize: number;
    budget: { batches: number; ran: number };
    shouldStop: () => boolean;
  },
  onError: JobRunnerOptions['onError'],
): Promise<void> {
  while (options.budget.batches > 0 && !options.shouldStop()) {
    options.budget.batches -= 1;
    options.budget.ran += 1;
    let isOver = true;
    try {
      isOver = await inTransaction(db, async (trx) => {
        const job = await q.lockJob(trx, jobId);
        if (!job || job.status !== 'running') return true;
        const handler = handlers[job.kind];
        if (!handler) throw new Error(`no handler for jobs of kind ${job.kind}`);
        const outcome = await handler(trx, job, options.batchSize);
        await q.advanceJob(trx, jobId, outcome);
        return outcome.isFinished;
      });
    } catch (error) {
      onError?.(error, jobId);
      await q.failJob(db, jobId, error instanceof Error ? error.message : String(error));
    }
    if (isOver) return;
    // Let the HTTP server's queries in between batches.
    await sleep(0);
  }
}

/**
 * Claims and runs jobs until none is left to claim (or the batch budget is
 * spent). Returns how many batches ran.
 */
export async function runJobs(
  db: Db,
  options: JobRunnerOptions & { shouldStop?: () => boolean } = {},
): Promise<number> {
  const handlers = options.handlers ?? jobHandlers;
  const budget = { batches: options.maxBatches ?? Number.POSITIVE_INFINITY, ran: 0 };
  const shouldStop = options.shouldStop ?? (() => false);
  while (budget.batches > 0 && !shouldStop()) {
    const id = await q.claimJob(db, Object.keys(handlers), options.staleSeconds ?? 60);
    if (id === undefined) break;
    await processJob(
      db,
      id,
      handlers,
      { batchSize: options.batchSize ?? 25, budget, shouldStop },
      options.onError,
    );
  }
  return budget.ran;
}

export type JobRunner = { stop(): Promise<void> };

/** Polls for jobs every `pollMs` until stopped; stop waits for the batch in progress. */
export function startJobRunner(
  db: Db,
  options: JobRunnerOptions & { pollMs?: number } = {},
): JobRunner {
  let isStopping = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!isStopping) {
      try {
        await runJobs(db, { ...options, shouldStop: () => isStopping });
      } catch (error) {
        options.onError?.(error, 0);
      }
      if (isStopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollMs ?? 1000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();
  return {
    async stop() {
      isStopping = true;
      wake?.();
      await loop;
    },
  };
}
