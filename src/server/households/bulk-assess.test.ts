import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../db/database';
import { buildNode, buildUser, createTestApp, type TestApp, type TestNode } from '../test/test-app';
import { householdInput, addNanjingLines } from '../test/household-fixtures';
import { assessStoredFile } from './households.service';
import { assessStoredFiles } from './bulk-assess';

/**
 * The batch re-assessment (what the re-assessment job runs) must store exactly
 * what assessing the files one by one stores: the same results with their
 * traces, the same latest assessment on each file, the same audit records.
 */

let t: TestApp;
let union: TestNode;
const ids: number[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city' });
  const county = await buildNode(t.db, city, { type: 'county', regionCode: '320102' });
  union = await buildNode(t.db, county);
  await addNanjingLines(t.db);
  const worker = await t.login((await buildUser(t.db, union, { roles: ['case_worker'] })).username);
  const incomes = [1_800_000, 6_000_000, 12_000_000, 30_000_000];
  for (const [i, fen] of incomes.entries()) {
    const res = await worker.post(
      '/api/households',
      householdInput(union.id, {
        headSeq: 301 + i * 2,
        childSeq: 400 + i * 2,
        incomes: [{ memberRef: 'head', type: 'transfers', amountFen: fen }],
      }),
    );
    expect(res.status, res.text).toBe(201);
    ids.push(res.body.id);
  }
  // A file the assessment refuses (no line for its region): a problem, not a failure.
  const noLine = await worker.post(
    '/api/households',
    householdInput(union.id, { headSeq: 351, childSeq: 452, regionCode: '110101' }),
  );
  expect(noLine.status, noLine.text).toBe(201);
  ids.push(noLine.body.id);
}, 60_000);

afterAll(() => t.close());

async function latest(id: number) {
  const row = await t.db
    .selectFrom('households as h')
    .innerJoin('household_assessments as a', 'a.id', 'h.last_assessment_id')
    .select([
      'h.category',
      'h.eligible',
      'h.provisional',
      'h.per_capita_fen',
      'a.reason',
      'a.policy_version_id',
      sql<string>`a.as_of::text`.as('as_of'),
      'a.result',
    ])
    .where('h.id', '=', id)
    .executeTakeFirstOrThrow();
  return row;
}

async function auditOf(id: number) {
  return t.db
    .selectFrom('audit_log')
    .select(['action', 'details', 'before', 'after', 'node_id'])
    .where('entity_type', '=', 'household')
    .where('entity_id', '=', id)
    .where('action', '=', 'household.assessed')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
}

describe('assessStoredFiles', () => {
  it('stores what assessing file by file stores, in a fixed number of statements', async () => {
    const today = '2026-11-29';
    const one = new Map<number, Awaited<ReturnType<typeof latest>>>();
    const oneAudit = new Map<number, Awaited<ReturnType<typeof auditOf>>>();
    const problems = new Map<number, string | null>();
    await inTransaction(t.db, async (trx) => {
      for (const id of ids) {
        const outcome = await assessStoredFile(trx, { actor: null }, id, 'policy_change', {
          today,
          jobId: 7,
        });
        problems.set(id, outcome.problem);
      }
    });
    for (const id of ids.slice(0, 4)) {
      one.set(id, await latest(id));
      oneAudit.set(id, await auditOf(id));
    }

    const outcomes = await inTransaction(t.db, (trx) =>
      assessStoredFiles(trx, { actor: null }, ids, 'policy_change', { today, jobId: 7 }),
    );
    expect([...outcomes.keys()].sort()).toEqual([...ids].sort());
    for (const id of ids.slice(0, 4)) {
      expect(outcomes.get(id)!.problem).toBeNull();
      expect(await latest(id)).toEqual(one.get(id));
      expect(await auditOf(id)).toEqual(oneAudit.get(id));
    }
    // The categories differ across the four incomes: the comparison means something.
    const categories = new Set([...one.values()].map((r) => r.category));
    expect(categories.size).toBeGreaterThan(1);
    // The file without a line is reported as a problem by both paths, with the same words.
    const refused = ids[4]!;
    expect(problems.get(refused)).toBeTruthy();
    expect(outcomes.get(refused)).toEqual({ assessmentId: null, problem: problems.get(refused) });
  });

  it('does nothing for no files', async () => {
    const outcomes = await inTransaction(t.db, (trx) =>
      assessStoredFiles(trx, { actor: null }, [], 'policy_change'),
    );
    expect(outcomes.size).toBe(0);
  });
});
