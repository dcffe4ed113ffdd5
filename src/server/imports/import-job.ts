import { sql } from 'kysely';
import type { Tx } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import { householdFileInputSchema } from '../../shared/households/household-file';
import type { CheckedImportFile } from '../../shared/imports/household-import';
import { recordAudit } from '../audit/audit.service';
import { registerDirectly } from '../cases/cases.service';
import { createHouseholds } from '../households/bulk-create';
import { createHousehold, loadFile, updateHousehold } from '../households/households.service';
import type { FieldCipher } from '../privacy/field-cipher';
import type { BatchOutcome, JobHandler, LockedJob } from '../jobs/job-runner';
import { digestOf, importJobKind } from './imports.service';
import * as q from './imports.queries';
import { mergeImportIntoStored } from './import-merge';

/**
 * The commit of a checked import, as a background job (kind household_import).
 * Each batch is the runner's one transaction: it writes the next households
 * after the cursor through the households service — the new ones together
 * (createHouseholds, a fixed number of statements per batch), the changed ones
 * file by file (updateHousehold); the same rules, encryption, assessment and
 * audit records as the form: household.created or household.updated and
 * household.assessed per file — records what it wrote
 * (`household_import_digests`, so the same file again changes nothing), writes
 * one import.batch_committed audit record naming the files of the batch, and
 * advances the cursor — all in that transaction.
 * A crash resumes after the last committed batch; nothing is written twice.
 *
 * A household that fails at commit (someone filed one of its people since the
 * check) is rolled back to its savepoint and reported; the batch goes on.
 */

export type ImportJobResult = { created: number; updated: number; failed: number };

type Cursor = { seq: number } | null;

async function jobContext(trx: Tx, job: LockedJob, importPath: string): Promise<RequestContext> {
  const user = job.created_by === null ? undefined : await q.selectUserActor(trx, job.created_by);
  if (!user) throw new Error(`import job ${job.id}: its user is gone`);
  return {
    actor: {
      userId: user.id,
      username: user.username,
      displayName: user.display_name,
      nodeId: user.node_id,
      // The job acts on the import's target subtree only.
      scopePath: importPath,
      roles: [],
      permissions: new Set(),
      mustChangePassword: false,
      sessionId: '',
      csrfToken: '',
    },
    requestId: `job-${job.id}`,
    ip: '',
  };
}

type CommitRow = Awaited<ReturnType<typeof q.selectCommitBatch>>[number];

/** Marks a row that could not be written as failed, with the reason on its head's sheet row. */
async function recordFailure(
  trx: Tx,
  importId: number,
  row: CommitRow,
  error: AppError,
): Promise<void> {
  await q.markCommitted(trx, importId, row.seq, 'failed', row.household_id);
  const head = await q.selectHeadRow(trx, importId, row.head_hash);
  await q.insertErrors(trx, [
    {
      import_id: importId,
      sheet: head?.sheet ?? '',
      row_no: head?.row_no ?? 0,
      column_key: null,
      column_label: null,
      message: `导入时未能写入：${error.userMessage ?? error.message}`,
    },
  ]);
}

/**
 * Writes the batch's new files together (`createHouseholds`: a fixed number of
 * statements whatever their number), registers them when the import migrates
 * registered files, and records their digests and rows with one statement
 * each; a file refused at commit is reported like any failed row. Answers the
 * seqs it handled. Should a registration be refused, nothing of this stays and
 * the new files go back to the file-by-file loop.
 */
async function commitNewFiles(
  trx: Tx,
  cipher: FieldCipher,
  ctx: RequestContext,
  imp: { id: number; mode: string },
  rows: CommitRow[],
  tally: ImportJobResult,
  written: number[],
): Promise<Set<number>> {
  const fresh = rows.filter((r) => r.outcome === 'new');
  if (!fresh.length) return new Set();
  const inputs = fresh.map((r) =>
    householdFileInputSchema.parse(JSON.parse(cipher.decrypt(r.input_enc!))),
  );
  await sql`savepoint import_new_files`.execute(trx);
  let outcomes;
  try {
    outcomes = await createHouseholds({ db: trx, cipher }, ctx, inputs);
    if (imp.mode === 'registered')
      for (const o of outcomes)
        if (o.isCreated)
          await registerDirectly(
            trx,
            { actor: ctx.actor, requestId: ctx.requestId, ip: null },
            o.id,
            '批量导入：迁移的已建档档案',
          );
  } catch (error) {
    if (!(error instanceof AppError) || error.code === 'INTERNAL') throw error;
    await sql`rollback to savepoint import_new_files`.execute(trx);
    return new Set();
  }
  await sql`release savepoint import_new_files`.execute(trx);
  const created = fresh.flatMap((row, i) => {
    const o = outcomes[i]!;
    return o.isCreated ? [{ row, input: inputs[i]!, id: o.id }] : [];
  });
  const versions = await q.selectHouseholdVersions(
    trx,
    created.map((c) => c.id),
  );
  await q.upsertDigests(
    trx,
    created.map((c) => ({
      household_id: c.id,
      digest: digestOf(cipher, c.input),
      version: versions.get(c.id)!,
      import_id: imp.id,
    })),
  );
  await q.markCommittedMany(
    trx,
    imp.id,
    created.map((c) => ({ seq: c.row.seq, committed: 'created', household_id: c.id })),
  );
  for (const [i, row] of fresh.entries()) {
    const o = outcomes[i]!;
    if (o.isCreated) {
      written.push(o.id);
      tally.created += 1;
    } else {
      tally.failed += 1;
      await recordFailure(trx, imp.id, row, o.error);
    }
  }
  return new Set(fresh.map((r) => r.seq));
}

/** The handler of household_import jobs; it needs the field cipher to write files. */
export function importJobHandler(cipher: FieldCipher): JobHandler {
  return async (trx, job, batchSize): Promise<BatchOutcome> => {
    const importId = Number((job.params as { importId: number }).importId);
    const tally = (job.result ?? { created: 0, updated: 0, failed: 0 }) as ImportJobResult;
    const after = (job.cursor as Cursor)?.seq ?? 0;
    const imp = await q.selectImport(trx, importId);
    if (!imp || imp.status !== 'committing')
      return { cursor: job.cursor, done: 0, result: tally, isFinished: true };
    const ctx = await jobContext(trx, job, imp.node_path);
    const deps = { db: trx, cipher };
    const rows = await q.selectCommitBatch(trx, importId, after, batchSize);
    const written: number[] = [];
    const committed = await commitNewFiles(trx, cipher, ctx, imp, rows, tally, written);
    for (const row of rows.filter((r) => !committed.has(r.seq))) {
      const checked = JSON.parse(cipher.decrypt(row.input_enc!)) as CheckedImportFile;
      const input = householdFileInputSchema.parse(checked);
      await sql`savepoint import_household`.execute(trx);
      try {
        let id: number;
        if (row.outcome === 'new') {
          id = (await createHousehold(deps, ctx, input)).id;
          if (imp.mode === 'registered')
            await registerDirectly(
              trx,
              { actor: ctx.actor, requestId: ctx.requestId, ip: null },
              id,
              '批量导入：迁移的已建档档案',
            );
        } else {
          // The sheet's fields over the stored file: what the template has no column for is kept.
          const stored = await loadFile(trx, '/', row.household_id!);
          const members = await q.selectMemberIdHashes(trx, row.household_id!);
          const merged = mergeImportIntoStored(
            stored,
            new Map(members.flatMap((m) => (m.id_number_hash ? [[m.id_number_hash, m.id]] : []))),
            input,
            (idNumber) => cipher.hash('id_number', idNumber),
            checked.blankFields,
          );
          id = (await updateHousehold(deps, ctx, row.household_id!, stored.version, merged)).id;
        }
        const version = (await q.selectHouseholdVersion(trx, id))!;
        await q.upsertDigest(trx, {
          household_id: id,
          digest: digestOf(cipher, input),
          version,
          import_id: importId,
        });
        await sql`release savepoint import_household`.execute(trx);
        await q.markCommitted(
          trx,
          importId,
          row.seq,
          row.outcome === 'new' ? 'created' : 'updated',
          id,
        );
        written.push(id);
        if (row.outcome === 'new') tally.created += 1;
        else tally.updated += 1;
      } catch (error) {
        if (!(error instanceof AppError) || error.code === 'INTERNAL') throw error;
        await sql`rollback to savepoint import_household`.execute(trx);
        tally.failed += 1;
        await recordFailure(trx, importId, row, error);
      }
    }
    if (rows.length)
      await recordAudit(
        trx,
        { actor: ctx.actor, requestId: ctx.requestId, ip: null },
        {
          action: 'import.batch_committed',
          details: {
            importId,
            jobId: job.id,
            householdIds: written,
            failed: rows.length - written.length,
          },
          entityType: 'import',
          entityId: importId,
          nodeId: imp.node_id,
        },
      );
    const isFinished = rows.length < batchSize;
    if (isFinished) await q.updateImport(trx, importId, { status: 'committed' }, 'committing');
    return {
      cursor: rows.length ? { seq: rows.at(-1)!.seq } : job.cursor,
      done: rows.length,
      result: tally,
      isFinished,
    };
  };
}

/** The job kinds of imports, to merge into the runner's handlers. */
export function importJobHandlers(cipher: FieldCipher): Record<string, JobHandler> {
  return { [importJobKind]: importJobHandler(cipher) };
}
