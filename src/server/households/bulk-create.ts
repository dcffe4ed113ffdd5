import { sql } from 'kysely';
import { inTransaction, type Tx } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import type { HouseholdFileInput } from '../../shared/households/household-file';
import { auditSourceOf, recordAudits, type AuditSource } from '../audit/audit.service';
import { loadDictionaries } from '../dictionaries/dictionaries.service';
import type { FieldCipher } from '../privacy/field-cipher';
import { assessStoredFiles, loadFilesByIds } from './bulk-assess';
import { snapshotFile } from './households.present';
import {
  assertDictionaryCodes,
  assertNodeForFile,
  createHousehold,
  itemRows,
  memberColumns,
  newHouseholdRow,
  newMemberRow,
  personInActiveFile,
  planMembers,
  type HouseholdDeps,
  type MemberPlan,
} from './households.service';
import * as q from './households.queries';

/** What became of one file of `createHouseholds`: written (with its assessment's problem), or refused. */
export type CreateOutcome =
  | { isCreated: true; id: number; assessmentProblem: string | null }
  | { isCreated: false; error: AppError };

type Ready = {
  index: number;
  input: HouseholdFileInput;
  node: q.NodeRow;
  plans: MemberPlan[];
  headHash: string;
};

/**
 * Creates many new files in one transaction with a fixed number of statements
 * whatever their number: the checks of `createHousehold` (node in scope and
 * active, dictionary codes, members, one person one active file) read the
 * nodes, the dictionaries and the holders of all the files' ID numbers once;
 * the files, members, incomes, expenditures and exclusions are inserted with
 * one statement each; the household.created records are written in one and
 * the files assessed by `assessStoredFiles`. The rows and records are those
 * `createHousehold` writes file by file (bulk-create.test.ts compares them).
 *
 * A file that fails a check is answered with the error `createHousehold` would
 * throw, and the others are written. Two files of the batch that share a
 * person, and every file when an insert fails on a constraint (someone wrote
 * one of the people meanwhile), go through `createHousehold` one by one, each
 * under a savepoint: never worse than the file-by-file path.
 */
export async function createHouseholds(
  deps: HouseholdDeps,
  ctx: RequestContext,
  inputs: readonly HouseholdFileInput[],
): Promise<CreateOutcome[]> {
  return inTransaction(deps.db, async (trx) => {
    const outcomes = new Array<CreateOutcome>(inputs.length);
    const nodes = await q.selectNodesInScope(trx, ctx.actor.scopePath, [
      ...new Set(inputs.map((i) => i.nodeId)),
    ]);
    const dictionaries = inputs.length ? await loadDictionaries(trx) : [];
    const checked: Ready[] = [];
    for (const [index, input] of inputs.entries()) {
      const refused = refusal(() => {
        const node = assertNodeForFile(nodes.get(input.nodeId), input.nodeId);
        assertDictionaryCodes(dictionaries, input, null);
        const plans = planMembers(deps.cipher, input, []);
        const headHash = plans.find((p) => p.input.relation === 'head')!.idHash!;
        checked.push({ index, input, node, plans, headHash });
      });
      if (refused) outcomes[index] = refused;
    }

    const hashesOf = (r: Ready) => r.plans.flatMap((p) => (p.idHash ? [p.idHash] : []));
    const holders = await q.selectActiveHolders(trx, checked.flatMap(hashesOf), null);
    const ready: Ready[] = [];
    const oneByOne: Ready[] = [];
    const claimed = new Set<string>();
    for (const r of checked) {
      const hashes = new Set(hashesOf(r));
      const conflict = personInActiveFile(
        ctx,
        r.plans,
        holders.filter((h) => hashes.has(h.hash!)),
      );
      if (conflict) outcomes[r.index] = { isCreated: false, error: conflict };
      // A person in two files of the batch: the second is refused as createHousehold refuses it.
      else if ([...hashes].some((h) => claimed.has(h))) oneByOne.push(r);
      else {
        for (const h of hashes) claimed.add(h);
        ready.push(r);
      }
    }

    const source = auditSourceOf(ctx);
    await sql`savepoint create_households`.execute(trx);
    try {
      const written = await writeFiles(trx, deps.cipher, source, ctx.actor.userId, ready);
      await sql`release savepoint create_households`.execute(trx);
      for (const r of ready) outcomes[r.index] = written.get(r.index)!;
    } catch (error) {
      if (!isConstraintViolation(error)) throw error;
      await sql`rollback to savepoint create_households`.execute(trx);
      oneByOne.unshift(...ready);
    }
    for (const r of oneByOne.sort((a, b) => a.index - b.index))
      outcomes[r.index] = await createOne({ db: trx, cipher: deps.cipher }, ctx, r.input);
    return outcomes;
  });
}

/** Runs a check; a refusal (an AppError other than INTERNAL) is the file's outcome. */
function refusal(check: () => void): CreateOutcome | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof AppError && error.code !== 'INTERNAL') return { isCreated: false, error };
    throw error;
  }
}

/** A unique, foreign-key or check violation (SQLSTATE class 23), from PostgreSQL or PGlite. */
function isConstraintViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('23');
}

/** One file through `createHousehold`, under a savepoint so that a refusal leaves nothing. */
async function createOne(
  deps: { db: Tx; cipher: FieldCipher },
  ctx: RequestContext,
  input: HouseholdFileInput,
): Promise<CreateOutcome> {
  await sql`savepoint create_household`.execute(deps.db);
  try {
    const saved = await createHousehold(deps, ctx, input);
    await sql`release savepoint create_household`.execute(deps.db);
    return { isCreated: true, id: saved.id, assessmentProblem: saved.assessmentProblem };
  } catch (error) {
    if (!(error instanceof AppError) || error.code === 'INTERNAL') throw error;
    await sql`rollback to savepoint create_household`.execute(deps.db);
    return { isCreated: false, error };
  }
}

/** Writes checked files: one statement per table, then their audit records and assessments. */
async function writeFiles(
  trx: Tx,
  cipher: FieldCipher,
  source: AuditSource,
  userId: number,
  ready: Ready[],
): Promise<Map<number, CreateOutcome>> {
  const written = new Map<number, CreateOutcome>();
  if (!ready.length) return written;
  const idOfHead = await q.insertHouseholds(
    trx,
    ready.map((r) => ({
      ...newHouseholdRow(cipher, r.input, r.node, r.plans, userId),
      head_id_number_hash: r.headHash,
    })),
  );
  const files = ready.map((r) => ({ ...r, id: idOfHead.get(r.headHash)! }));
  const memberIds = await q.insertMembers(
    trx,
    files.flatMap((f) =>
      f.plans.map((p, sort) => newMemberRow(f.id, memberColumns(cipher, p, sort, true))),
    ),
  );
  const parts = files.map((f) => {
    const sortOf = new Map(f.input.members.map((m, sort) => [m.ref, sort]));
    return {
      id: f.id,
      ...itemRows(f.input, (ref) => memberIds.get(`${f.id}:${sortOf.get(ref)}`)!),
    };
  });
  const numbered = <T>(id: number, rows: T[]) =>
    rows.map((row, sort) => ({ ...row, household_id: id, sort }));
  await q.insertItems(
    trx,
    'household_incomes',
    parts.flatMap((p) => numbered(p.id, p.incomes)),
  );
  await q.insertItems(
    trx,
    'household_expenditures',
    parts.flatMap((p) => numbered(p.id, p.expenditures)),
  );
  await q.insertExclusions(
    trx,
    parts.flatMap((p) => p.exclusions.map((e) => ({ ...e, household_id: p.id }))),
  );
  const ids = files.map((f) => f.id);
  const created = await loadFilesByIds(trx, ids);
  await recordAudits(
    trx,
    source,
    created.map(({ row, file }) => ({
      action: 'household.created',
      details: {},
      entityType: 'household',
      entityId: row.id,
      nodeId: row.node_id,
      after: snapshotFile(file),
    })),
  );
  const assessed = await assessStoredFiles(trx, source, ids, 'created');
  for (const f of files)
    written.set(f.index, {
      isCreated: true,
      id: f.id,
      assessmentProblem: assessed.get(f.id)?.problem ?? null,
    });
  return written;
}
