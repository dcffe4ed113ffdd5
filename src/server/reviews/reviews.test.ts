import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../db/database';
import { registerDirectly } from '../cases/cases.service';
import { findPendingReviewTasks } from './reviews.service';
import {
  buildNode,
  buildUser,
  createTestApp,
  type Session,
  type TestApp,
  type TestNode,
} from '../test/test-app';
import { addNanjingLines, householdInput } from '../test/household-fixtures';
import type { Role } from '../../shared/permissions';
import { drawSample, sampleRank, sampleSize } from '../../shared/reviews/review-round';

let t: TestApp;
let county: TestNode;
let street: TestNode;
let unionA: TestNode;
let unionB: TestNode;
let otherCounty: TestNode;
let countyAdmin: Session;
let streetAdmin: Session;
let otherAdmin: Session;
let workerA: Session;
let reviewerA: Session;
let helperA: Session;
let workerB: Session;
let seq = 700;

/** A registered file of `node` (created by its worker, entered as registered). */
async function registeredFile(
  node: TestNode,
  session: Session,
  overrides: Parameters<typeof householdInput>[1] = {},
): Promise<number> {
  seq += 2;
  const res = await session.post(
    '/api/households',
    householdInput(node.id, { headSeq: seq + 1, childSeq: seq, ...overrides }),
  );
  expect(res.status, res.text).toBe(201);
  const id = res.body.id as number;
  await inTransaction(t.db, (trx) => registerDirectly(trx, { actor: null }, id, '测试建档'));
  return id;
}

/**
 * `n` registered copies of file `from` under `node` without members: enough for
 * drawing samples and counting (they are never kept).
 */
async function cloneFiles(from: number, node: TestNode, n: number): Promise<void> {
  await sql`
    insert into households (node_id, node_path, region_code, standard_level, head_name,
      head_name_pinyin, head_name_initials, member_count, main_cause, secondary_causes,
      monthly_incomes, status, case_status, case_step, registered_at)
    select ${node.id}, ${node.path}, region_code, standard_level, head_name || g::text,
      head_name_pinyin, head_name_initials, member_count, main_cause, secondary_causes,
      monthly_incomes, 'active', 'registered', 'approval', now()
    from households, generate_series(1, ${n}) g where id = ${from}`.execute(t.db);
}

async function openRound(session: Session, node: TestNode, extra: Record<string, unknown> = {}) {
  return session.post('/api/review-rounds', {
    nodeId: node.id,
    name: '2026年度复核',
    periodStart: '2026-01-01',
    periodEnd: '2026-12-31',
    ...extra,
  });
}

async function tasksOf(roundId: number) {
  return t.db
    .selectFrom('review_tasks')
    .selectAll()
    .where('round_id', '=', roundId)
    .orderBy('household_id')
    .execute();
}

async function taskOf(roundId: number, householdId: number) {
  return t.db
    .selectFrom('review_tasks')
    .selectAll()
    .where('round_id', '=', roundId)
    .where('household_id', '=', householdId)
    .executeTakeFirstOrThrow();
}

async function closeForced(session: Session, roundId: number) {
  const res = await session.post(`/api/review-rounds/${roundId}/close`, {
    force: true,
    reason: '测试结束本轮',
  });
  expect(res.status, res.text).toBe(200);
}

beforeAll(async () => {
  t = await createTestApp();
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city' });
  county = await buildNode(t.db, city, { type: 'county', regionCode: '320102' });
  street = await buildNode(t.db, county, { type: 'town', name: '玄武门街道总工会' });
  unionA = await buildNode(t.db, street, { name: '玄武机械厂工会', code: 'XW-A' });
  unionB = await buildNode(t.db, county, { name: '玄武纺织厂工会', code: 'XW-B' });
  otherCounty = await buildNode(t.db, city, { type: 'county', regionCode: '320104' });
  await addNanjingLines(t.db);
  const login = async (node: TestNode, roles: Role[]) =>
    t.login((await buildUser(t.db, node, { roles })).username);
  countyAdmin = await login(county, ['federation_admin']);
  streetAdmin = await login(street, ['federation_admin']);
  otherAdmin = await login(otherCounty, ['federation_admin', 'case_worker', 'reviewer']);
  workerA = await login(unionA, ['case_worker']);
  reviewerA = await login(unionA, ['reviewer']);
  helperA = await login(unionA, ['helper']);
  workerB = await login(unionB, ['case_worker']);
}, 60_000);

afterAll(() => t.close());

describe('opening a round', () => {
  it('gives every registered, active, regular file of the subtree a task, and no other', async () => {
    const a1 = await registeredFile(unionA, workerA);
    const b1 = await registeredFile(unionB, workerB);
    seq += 2;
    const draft = await workerA.post(
      '/api/households',
      householdInput(unionA.id, { headSeq: seq + 1, childSeq: seq }),
    );
    const temporary = await registeredFile(unionA, workerA);
    await t.db
      .updateTable('households')
      .set({ file_kind: 'temporary' })
      .where('id', '=', temporary)
      .execute();
    const exited = await registeredFile(unionB, workerB);
    await t.db
      .updateTable('households')
      .set({ status: 'exited' })
      .where('id', '=', exited)
      .execute();
    const otherFile = await registeredFile(otherCounty, otherAdmin, { regionCode: '320104' });

    const res = await openRound(countyAdmin, county);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      nodeId: county.id,
      status: 'open',
      taskCount: 2,
      sampleShare: 0.3,
      sampleCount: 1,
      skipped: 0,
      canClose: true,
    });
    expect(res.body.sampleSeed).toMatch(/^[0-9a-f]{32}$/);
    const tasks = await tasksOf(res.body.id);
    expect(tasks.map((x) => x.household_id)).toEqual([a1, b1]);
    expect(tasks.map((x) => x.household_id)).not.toContain(draft.body.id);
    expect(tasks.map((x) => x.household_id)).not.toContain(otherFile);

    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type', 'details'])
      .where('action', '=', 'review.round_opened')
      .where('entity_id', '=', res.body.id)
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ taskCount: 2, sampleCount: 1, skipped: 0 });
    await closeForced(countyAdmin, res.body.id);
  });

  it('refuses a second open round over the same files, and counts those a lower round holds', async () => {
    const street1 = await openRound(streetAdmin, street);
    expect(street1.status, street1.text).toBe(201);
    // The same round twice (a double click): refused, not doubled.
    const again = await openRound(streetAdmin, street);
    expect(again.status).toBe(409);
    expect(again.body.error.details).toMatchObject({
      reason: 'round_overlap',
      roundId: street1.body.id,
    });
    // Below an open round: refused too.
    expect((await openRound(streetAdmin, unionA)).status).toBe(409);
    // Above it: the street's files are skipped, the rest taken.
    const countyRound = await openRound(countyAdmin, county);
    expect(countyRound.status, countyRound.text).toBe(201);
    expect(countyRound.body.skipped).toBe(street1.body.taskCount);
    const streetIds = (await tasksOf(street1.body.id)).map((x) => x.household_id);
    const countyIds = (await tasksOf(countyRound.body.id)).map((x) => x.household_id);
    expect(countyIds.filter((id) => streetIds.includes(id))).toEqual([]);
    expect(countyIds.length).toBe(countyRound.body.taskCount);
    await closeForced(streetAdmin, street1.body.id);
    await closeForced(countyAdmin, countyRound.body.id);
  });

  it('keeps to the caller’s subtree and to administrators', async () => {
    expect((await openRound(otherAdmin, county)).status).toBe(404);
    expect((await openRound(streetAdmin, county)).status).toBe(404);
    expect((await openRound(workerA, unionA)).status).toBe(403);
  });

  it('refuses a round with no file to review', async () => {
    const empty = await buildNode(t.db, county, { name: '空工会' });
    const res = await openRound(countyAdmin, empty);
    expect(res.status, res.text).toBe(422);
    expect(res.body.error.details.reason).toBe('no_files');
    expect(
      await t.db.selectFrom('review_rounds').select('id').where('node_id', '=', empty.id).execute(),
    ).toEqual([]);
  });

  it('takes the region’s sample share and re-application months from its workflow', async () => {
    await t.db
      .insertInto('workflow_configs')
      .values({
        region_code: '320102',
        config: JSON.stringify({
          middleSteps: ['review_notice', 'higher_check', 'financial_check'],
          homeVisitDays: 5,
          noticeWorkingDays: 5,
          reviewSampleShare: 0.5,
          reapplyAfterMonths: 3,
        }),
      })
      .execute();
    try {
      const res = await openRound(countyAdmin, county);
      expect(res.status, res.text).toBe(201);
      expect(res.body.sampleShare).toBe(0.5);
      expect(res.body.sampleCount).toBe(sampleSize(res.body.taskCount, 0.5));
      await closeForced(countyAdmin, res.body.id);
    } finally {
      await t.db.deleteFrom('workflow_configs').where('region_code', '=', '320102').execute();
    }
  });
});

describe('the re-check sample', () => {
  let bulk: TestNode;
  beforeAll(async () => {
    bulk = await buildNode(t.db, county, { name: '抽样工会' });
    const seedFile = await registeredFile(unionB, workerB);
    await cloneFiles(seedFile, bulk, 101);
  });

  it('is the ceil(n × share) lowest SHA-256 ranks, as the pure function draws it', async () => {
    const res = await openRound(countyAdmin, bulk, { sampleShare: 0.3 });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ taskCount: 101, sampleCount: 31 });
    const tasks = await tasksOf(res.body.id);
    const ids = tasks.map((x) => x.household_id);
    for (const task of tasks)
      expect(task.sample_rank).toBe(sampleRank(res.body.sampleSeed, task.household_id));
    const drawn = drawSample(res.body.sampleSeed, ids, 0.3).sample;
    expect(
      tasks
        .filter((x) => x.in_sample)
        .map((x) => x.household_id)
        .sort(),
    ).toEqual([...drawn].sort());
    // The same seed draws the same sample whatever the order the files come in.
    expect(drawSample(res.body.sampleSeed, [...ids].reverse(), 0.3).sample).toEqual(drawn);
    await closeForced(countyAdmin, res.body.id);

    // Another round over the same files: another seed, another sample of the same size.
    const next = await openRound(countyAdmin, bulk, { sampleShare: 0.3 });
    expect(next.body.sampleSeed).not.toBe(res.body.sampleSeed);
    const nextSample = (await tasksOf(next.body.id)).filter((x) => x.in_sample);
    expect(nextSample).toHaveLength(31);
    expect(nextSample.map((x) => x.household_id).sort()).toEqual(
      [...drawSample(next.body.sampleSeed, ids, 0.3).sample].sort(),
    );
    await closeForced(countyAdmin, next.body.id);
  });

  it('rounds the share up to whole files', async () => {
    for (const [share, size] of [
      [0.01, 2],
      [0, 0],
      [1, 101],
    ] as const) {
      const res = await openRound(countyAdmin, bulk, { sampleShare: share });
      expect(res.body.sampleCount, `share ${share}`).toBe(size);
      await closeForced(countyAdmin, res.body.id);
    }
  });
});

describe('re-application', () => {
  it('is needed for files registered, or last re-applied, more than the months before the period', async () => {
    const node = await buildNode(t.db, unionB, { name: '再申请工会' });
    const old = await registeredFile(node, workerB);
    const recent = await registeredFile(node, workerB);
    const reapplied = await registeredFile(node, workerB);
    const set = (id: number, at: string) =>
      t.db
        .updateTable('households')
        .set({ registered_at: new Date(at) })
        .where('id', '=', id)
        .execute();
    await set(old, '2024-12-31T08:00:00+08:00');
    await set(recent, '2025-01-01T08:00:00+08:00');
    await set(reapplied, '2023-03-01T08:00:00+08:00');
    // Re-applied for at last year's review (a kept task that needed it).
    const earlier = await openRound(countyAdmin, node, {
      periodStart: '2025-01-01',
      periodEnd: '2025-12-31',
    });
    await t.db
      .updateTable('review_tasks')
      .set({ status: 'kept', done_at: new Date('2025-03-10T10:00:00+08:00') })
      .where('round_id', '=', earlier.body.id)
      .where('household_id', '=', reapplied)
      .execute();
    expect((await taskOf(earlier.body.id, reapplied)).needs_reapplication).toBe(true);
    await closeForced(countyAdmin, earlier.body.id);

    const res = await openRound(countyAdmin, node);
    expect(res.status, res.text).toBe(201);
    expect((await taskOf(res.body.id, old)).needs_reapplication).toBe(true);
    expect((await taskOf(res.body.id, recent)).needs_reapplication).toBe(false);
    expect((await taskOf(res.body.id, reapplied)).needs_reapplication).toBe(false);

    // The task shows which evidence is kept and which must be renewed.
    const task = await workerB.get(`/api/review-tasks/${(await taskOf(res.body.id, old)).id}`);
    expect(task.status, task.text).toBe(200);
    expect(task.body).toMatchObject({
      needsReapplication: true,
      reapplyAfterMonths: 12,
      actions: ['keep', 'exit'],
    });
    const evidence = Object.fromEntries(
      task.body.evidence.map((e: { docType: string; handling: string }) => [e.docType, e.handling]),
    );
    expect(evidence).toMatchObject({
      id_card: 'kept',
      hukou_book: 'kept',
      income_certificate: 'renew',
      medical_receipts: 'renew',
    });
    const plain = await workerB.get(`/api/review-tasks/${(await taskOf(res.body.id, recent)).id}`);
    expect(plain.body.evidence).toEqual([]);

    // Keeping a file that needs re-application asks for the confirmation.
    const oldTask = (await taskOf(res.body.id, old)).id;
    const unconfirmed = await workerB.post(`/api/review-tasks/${oldTask}/keep`, {});
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.error.issues[0].path).toBe('confirmReapplication');
    const confirmed = await workerB.post(`/api/review-tasks/${oldTask}/keep`, {
      confirmReapplication: true,
    });
    expect(confirmed.status, confirmed.text).toBe(200);
    await closeForced(countyAdmin, res.body.id);
  });
});

describe('ending a task', () => {
  let node: TestNode;
  let roundId: number;
  let eligible: number;
  let second: number;
  let rich: number;
  let leaving: number;
  beforeAll(async () => {
    node = await buildNode(t.db, unionA, { type: 'service_station', name: '复核服务站' });
    eligible = await registeredFile(node, workerA);
    second = await registeredFile(node, workerA);
    rich = await registeredFile(node, workerA, {
      incomes: [{ memberRef: 'head', type: 'wages', amountFen: 20_000_000 }],
    });
    leaving = await registeredFile(node, workerA);
    const res = await openRound(streetAdmin, node, { sampleShare: 1 });
    expect(res.status, res.text).toBe(201);
    roundId = res.body.id;
  });

  it('keeps a file with a fresh assessment under the current policy', async () => {
    const task = await taskOf(roundId, eligible);
    const before = await t.db
      .selectFrom('household_assessments')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('household_id', '=', eligible)
      .executeTakeFirstOrThrow();
    const res = await reviewerA.post(`/api/review-tasks/${task.id}/keep`, { note: '情况未变' });
    expect(res.status, res.text).toBe(200);
    const after = await taskOf(roundId, eligible);
    expect(after).toMatchObject({ status: 'kept', note: '情况未变' });
    const file = await t.db
      .selectFrom('households')
      .select('last_assessment_id')
      .where('id', '=', eligible)
      .executeTakeFirstOrThrow();
    expect(after.assessment_id).toBe(file.last_assessment_id);
    expect(res.body.assessmentId).toBe(file.last_assessment_id);
    const count = await t.db
      .selectFrom('household_assessments')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('household_id', '=', eligible)
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(before.n + 1);
    const actions = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', eligible)
      .where('action', 'in', ['household.assessed', 'review.task_kept'])
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['review.task_kept', 'household.assessed']);
    // Done is done: a second keep is a conflict.
    const again = await workerA.post(`/api/review-tasks/${task.id}/keep`, {});
    expect(again.status).toBe(409);
  });

  it('refuses to keep a household the re-assessment no longer finds in hardship', async () => {
    const task = await taskOf(roundId, rich);
    const res = await workerA.post(`/api/review-tasks/${task.id}/keep`, {});
    expect(res.status).toBe(422);
    expect(res.body.error.details).toMatchObject({ reason: 'not_eligible', allowed: ['exit'] });
    expect(res.body.error.userMessage).toContain('退出');
    expect((await taskOf(roundId, rich)).status).toBe('pending');
  });

  it('lets one of two people ending a task at once win', async () => {
    const task = await taskOf(roundId, second);
    const results = await Promise.all([
      workerA.post(`/api/review-tasks/${task.id}/keep`, {}),
      reviewerA.post(`/api/review-tasks/${task.id}/keep`, {}),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const kept = await t.db
      .selectFrom('audit_log')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('action', '=', 'review.task_kept')
      .where('entity_id', '=', second)
      .executeTakeFirstOrThrow();
    expect(kept.n).toBe(1);
  });

  it('is for case workers and reviewers in scope', async () => {
    const task = await taskOf(roundId, rich);
    expect((await helperA.post(`/api/review-tasks/${task.id}/keep`, {})).status).toBe(403);
    expect((await helperA.get(`/api/review-tasks/${task.id}`)).body.actions).toEqual([]);
    expect((await otherAdmin.post(`/api/review-tasks/${task.id}/keep`, {})).status).toBe(404);
    expect((await otherAdmin.get(`/api/review-tasks/${task.id}`)).status).toBe(404);
    expect((await workerB.get(`/api/review-tasks/${task.id}`)).status).toBe(404);
  });

  it('ends a task in an exit proposed through the exits module', async () => {
    const task = await taskOf(roundId, leaving);
    const exit = { kind: 'cancelled', reasonCode: 'moved_away', reason: '户主随子女迁居外省' };
    // Exits are proposed by case workers; a reviewer keeps but does not propose.
    expect((await reviewerA.get(`/api/review-tasks/${task.id}`)).body.actions).toEqual(['keep']);
    expect((await reviewerA.post(`/api/review-tasks/${task.id}/exit`, exit)).status).toBe(403);
    expect((await workerA.get(`/api/review-tasks/${task.id}`)).body.actions).toEqual([
      'keep',
      'exit',
    ]);
    const bad = await workerA.post(`/api/review-tasks/${task.id}/exit`, {
      ...exit,
      reasonCode: 'nonsense',
    });
    expect(bad.status).toBe(400);
    const res = await workerA.post(`/api/review-tasks/${task.id}/exit`, exit);
    expect(res.status, res.text).toBe(200);
    const after = await taskOf(roundId, leaving);
    expect(after).toMatchObject({ status: 'exit_proposed', exit_id: res.body.exitId });
    const proposal = await t.db
      .selectFrom('household_exits')
      .selectAll()
      .where('id', '=', res.body.exitId)
      .executeTakeFirstOrThrow();
    expect(proposal).toMatchObject({
      household_id: leaving,
      kind: 'cancelled',
      source: 'review',
      review_task_id: task.id,
      status: 'proposed',
    });
    const actions = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', leaving)
      .where('action', 'in', ['exit.proposed', 'review.task_exit_proposed'])
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['exit.proposed', 'review.task_exit_proposed']);
    // Ended: neither keep nor a second exit.
    expect((await workerA.post(`/api/review-tasks/${task.id}/keep`, {})).status).toBe(409);
    expect((await workerA.post(`/api/review-tasks/${task.id}/exit`, exit)).status).toBe(409);
    expect((await otherAdmin.post(`/api/review-tasks/${task.id}/exit`, exit)).status).toBe(404);

    // The exit withdrawn, the review is not done: the task waits again.
    const withdrawn = await workerA.post(`/api/households/${leaving}/exits/actions`, {
      action: 'withdraw',
      expectedVersion: proposal.version,
    });
    expect(withdrawn.status, withdrawn.text).toBe(200);
    expect(await taskOf(roundId, leaving)).toMatchObject({ status: 'pending', done_at: null });
    const reopened = await t.db
      .selectFrom('audit_log')
      .select(['details', 'node_id'])
      .where('entity_id', '=', leaving)
      .where('action', '=', 'review.task_reopened')
      .executeTakeFirstOrThrow();
    expect(reopened.details).toMatchObject({ taskId: task.id, exitStatus: 'withdrawn' });
    const again = await workerA.post(`/api/review-tasks/${task.id}/exit`, exit);
    expect(again.status, again.text).toBe(200);
    expect(await taskOf(roundId, leaving)).toMatchObject({
      status: 'exit_proposed',
      exit_id: again.body.exitId,
    });
  });

  it('closes only when the sample is done, or forced with a reason', async () => {
    expect((await workerA.post(`/api/review-rounds/${roundId}/close`, {})).status).toBe(403);
    expect((await countyAdmin.get(`/api/review-rounds/${roundId}`)).body.canClose).toBe(true);
    const early = await streetAdmin.post(`/api/review-rounds/${roundId}/close`, {});
    expect(early.status).toBe(422);
    expect(early.body.error.details).toMatchObject({ reason: 'sample_pending', pendingSample: 1 });
    const unexplained = await streetAdmin.post(`/api/review-rounds/${roundId}/close`, {
      force: true,
    });
    expect(unexplained.status).toBe(400);
    const closed = await streetAdmin.post(`/api/review-rounds/${roundId}/close`, {
      force: true,
      reason: '该户转入下一轮复核',
    });
    expect(closed.status, closed.text).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', canClose: false });
    const audit = await t.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'review.round_closed')
      .where('entity_id', '=', roundId)
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({
      forced: true,
      pendingSample: 1,
      reason: '该户转入下一轮复核',
    });
    // A closed round ends no more tasks and closes no second time.
    const task = await taskOf(roundId, rich);
    expect((await workerA.post(`/api/review-tasks/${task.id}/keep`, {})).status).toBe(422);
    expect((await streetAdmin.post(`/api/review-rounds/${roundId}/close`, {})).status).toBe(422);
  });

  it('closes without force once the sample is done', async () => {
    const res = await openRound(streetAdmin, node, { sampleShare: 0 });
    expect(res.status, res.text).toBe(201);
    const closed = await streetAdmin.post(`/api/review-rounds/${res.body.id}/close`, {});
    expect(closed.status, closed.text).toBe(200);
  });
});

describe('progress and lists', () => {
  let roundId: number;
  let a: number[];
  let b: number[];
  let all: number[];
  beforeAll(async () => {
    // Every file of county: those of union A (under the street) and union B (directly under the county).
    const res = await openRound(countyAdmin, county, { sampleShare: 0.5 });
    expect(res.status, res.text).toBe(201);
    roundId = res.body.id;
    const rows = await t.db
      .selectFrom('review_tasks as t')
      .innerJoin('households as h', 'h.id', 't.household_id')
      .select(['t.household_id', 'h.node_path'])
      .where('t.round_id', '=', roundId)
      .execute();
    all = rows.map((r) => r.household_id);
    a = rows.filter((r) => r.node_path.startsWith(unionA.path)).map((r) => r.household_id);
    b = rows.filter((r) => r.node_path.startsWith(unionB.path)).map((r) => r.household_id);
    // One of union A's files is kept.
    const task = await taskOf(
      roundId,
      a.find((id) => id)!,
    );
    const kept = await workerA.post(`/api/review-tasks/${task.id}/keep`, {
      confirmReapplication: true,
    });
    expect(kept.status, kept.text).toBe(200);
  });

  async function expected(ids: number[]) {
    const tasks = (await tasksOf(roundId)).filter((x) => ids.includes(x.household_id));
    return {
      tasks: tasks.length,
      done: tasks.filter((x) => x.status !== 'pending').length,
      kept: tasks.filter((x) => x.status === 'kept').length,
      exitProposed: tasks.filter((x) => x.status === 'exit_proposed').length,
      sample: tasks.filter((x) => x.in_sample).length,
      sampleDone: tasks.filter((x) => x.in_sample && x.status !== 'pending').length,
    };
  }

  it('counts per child node of the round’s node, and drills down', async () => {
    const res = await countyAdmin.get(`/api/review-rounds/${roundId}/progress`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.node.id).toBe(county.id);
    expect(res.body.isTop).toBe(true);
    const byNode = Object.fromEntries(res.body.rows.map((r: any) => [r.nodeId, r]));
    expect(byNode[street.id]).toMatchObject({ ...(await expected(a)), hasChildren: true });
    expect(byNode[unionB.id]).toMatchObject(await expected(b));
    expect(res.body.total).toEqual(await expected(all));
    expect(res.body.total.kept).toBe(1);

    const down = await countyAdmin.get(
      `/api/review-rounds/${roundId}/progress?nodeId=${street.id}`,
    );
    expect(down.body.isTop).toBe(false);
    expect(down.body.node.parentId).toBe(county.id);
    const union = down.body.rows.find((r: any) => r.nodeId === unionA.id);
    expect(union).toMatchObject(await expected(a));
  });

  it('shows a caller below the round only their own subtree', async () => {
    const res = await workerA.get(`/api/review-rounds/${roundId}/progress`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.node.id).toBe(unionA.id);
    expect(res.body.isTop).toBe(true);
    expect(res.body.total).toEqual(await expected(a));
    expect(
      (await workerA.get(`/api/review-rounds/${roundId}/progress?nodeId=${county.id}`)).status,
    ).toBe(404);
    const round = await workerA.get(`/api/review-rounds/${roundId}`);
    expect(round.body.counts).toEqual(await expected(a));
    expect(round.body.taskCount).toBe(all.length);
    expect(round.body.canClose).toBe(false);
    const list = await workerA.get('/api/review-rounds');
    expect(list.body.map((r: any) => r.id)).toContain(roundId);
    const tasks = await workerA.get(`/api/review-rounds/${roundId}/tasks?limit=200`);
    expect(tasks.body.total).toBe(a.length);
    expect(tasks.body.items.every((x: any) => a.includes(x.householdId))).toBe(true);
  });

  it('filters tasks by status, sample and re-application', async () => {
    const counts = await expected(all);
    const pending = await countyAdmin.get(
      `/api/review-rounds/${roundId}/tasks?status=pending&limit=200`,
    );
    expect(pending.body.total).toBe(counts.tasks - counts.done);
    const sample = await countyAdmin.get(
      `/api/review-rounds/${roundId}/tasks?inSample=true&limit=200`,
    );
    expect(sample.body.total).toBe(counts.sample);
    expect(sample.body.items.every((x: any) => x.inSample)).toBe(true);
    const reapply = await countyAdmin.get(
      `/api/review-rounds/${roundId}/tasks?needsReapplication=false`,
    );
    expect(reapply.body.items.every((x: any) => !x.needsReapplication)).toBe(true);
    const underStreet = await countyAdmin.get(
      `/api/review-rounds/${roundId}/tasks?nodeId=${street.id}&limit=200`,
    );
    expect(underStreet.body.total).toBe(a.length);
  });

  it('lists a file’s review tasks on its page, in scope only', async () => {
    const id = a[0]!;
    const res = await workerA.get(`/api/households/${id}/reviews`);
    expect(res.status, res.text).toBe(200);
    expect(res.body[0]).toMatchObject({ householdId: id, round: { id: roundId, status: 'open' } });
    expect(res.body.length).toBe(
      (await t.db.selectFrom('review_tasks').select('id').where('household_id', '=', id).execute())
        .length,
    );
    expect((await otherAdmin.get(`/api/households/${id}/reviews`)).status).toBe(404);
    expect((await workerB.get(`/api/households/${id}/reviews`)).status).toBe(404);
  });

  it('hides rounds of other counties', async () => {
    expect((await otherAdmin.get(`/api/review-rounds/${roundId}`)).status).toBe(404);
    expect((await otherAdmin.get(`/api/review-rounds/${roundId}/progress`)).status).toBe(404);
    expect((await otherAdmin.get(`/api/review-rounds/${roundId}/tasks`)).status).toBe(404);
    expect((await otherAdmin.post(`/api/review-rounds/${roundId}/close`, {})).status).toBe(404);
    const list = await otherAdmin.get('/api/review-rounds');
    expect(list.body.map((r: any) => r.id)).not.toContain(roundId);
  });
});

describe('the inbox (待办)', () => {
  let node: TestNode;
  let worker: Session;
  let reviewer: Session;
  let helper: Session;
  let roundId: number;
  let files: number[];
  const reviewItems = async (s: Session) => {
    const res = await s.get('/api/inbox');
    expect(res.status, res.text).toBe(200);
    return (res.body.items as any[]).filter((i) => i.kind === 'review' && i.round.id === roundId);
  };
  beforeAll(async () => {
    node = await buildNode(t.db, otherCounty, { name: '秦淮仪表厂工会', code: 'QH-I' });
    const login = async (roles: Role[]) =>
      t.login((await buildUser(t.db, node, { roles })).username);
    worker = await login(['case_worker']);
    reviewer = await login(['reviewer']);
    helper = await login(['helper']);
    files = [
      await registeredFile(node, worker, { regionCode: '320104' }),
      await registeredFile(node, worker, { regionCode: '320104' }),
    ];
    const res = await openRound(otherAdmin, node, { sampleShare: 0.5 });
    expect(res.status, res.text).toBe(201);
    roundId = res.body.id;
  });

  it('lists the pending tasks a worker in scope may end, the sample first, due at the period end', async () => {
    const items = await reviewItems(worker);
    expect(items.map((i) => i.householdId).sort()).toEqual([...files].sort());
    expect(items.map((i) => i.inSample)).toEqual([true, false]);
    const task = await taskOf(roundId, items[0].householdId);
    expect(items[0]).toMatchObject({
      kind: 'review',
      taskId: task.id,
      nodeName: '秦淮仪表厂工会',
      round: {
        id: roundId,
        name: '2026年度复核',
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
      },
      dueOn: '2026-12-31',
      actions: ['keep', 'exit'],
    });
    // The same actions as the task's own.
    expect((await worker.get(`/api/review-tasks/${task.id}`)).body.actions).toEqual(
      items[0].actions,
    );
    expect((await reviewItems(reviewer)).map((i) => i.actions)).toEqual([['keep'], ['keep']]);
    expect((await reviewItems(otherAdmin)).length).toBe(2);
  });

  it('leaves them out for other counties and for those who do not end tasks', async () => {
    expect(await reviewItems(workerA)).toEqual([]);
    expect(await reviewItems(workerB)).toEqual([]);
    expect(await reviewItems(helper)).toEqual([]);
    expect(await reviewItems(countyAdmin)).toEqual([]);
  });

  it('lists at most the limit and counts the rest (the inbox says how many it left out)', async () => {
    const user = await t.db
      .selectFrom('users')
      .select(['id', 'username', 'display_name'])
      .where('node_id', '=', node.id)
      .where('roles', '@>', sql<string[]>`array['case_worker']`)
      .executeTakeFirstOrThrow();
    const ctx = {
      actor: {
        userId: user.id,
        username: user.username,
        displayName: user.display_name,
        nodeId: node.id,
        scopePath: node.path,
        roles: ['case_worker' as const],
        permissions: new Set<never>(),
        mustChangePassword: false,
        sessionId: '',
        csrfToken: '',
      },
      requestId: 'inbox-limit-test',
      ip: '',
    };
    const cut = await findPendingReviewTasks(t.db, ctx, 1);
    expect(cut.total).toBe(2);
    expect(cut.items.map((i) => i.inSample)).toEqual([true]);
    const whole = await findPendingReviewTasks(t.db, ctx, 500);
    expect(whole.total).toBe(2);
    expect(whole.items.length).toBe(2);
    const inbox = await worker.get('/api/inbox');
    expect(inbox.body).toMatchObject({ reviewTasksTotal: 2, casesCut: false });
  });

  it('offers nothing on a file that left the register after the round opened', async () => {
    const second = files[1]!;
    const task = await taskOf(roundId, second);
    await t.db
      .updateTable('households')
      .set({ status: 'exited' })
      .where('id', '=', second)
      .execute();
    try {
      expect((await reviewItems(worker)).map((i) => i.householdId)).not.toContain(second);
      const view = await worker.get(`/api/review-tasks/${task.id}`);
      expect(view.status, view.text).toBe(200);
      expect(view.body).toMatchObject({ status: 'pending', fileActive: false, actions: [] });
      const kept = await worker.post(`/api/review-tasks/${task.id}/keep`, {
        confirmReapplication: true,
      });
      expect(kept.status, kept.text).toBe(422);
      expect(kept.body.error.details).toMatchObject({ reason: 'file_not_active' });
    } finally {
      await t.db
        .updateTable('households')
        .set({ status: 'active' })
        .where('id', '=', second)
        .execute();
    }
    expect((await worker.get(`/api/review-tasks/${task.id}`)).body).toMatchObject({
      fileActive: true,
      actions: ['keep', 'exit'],
    });
  });

  it('drops a task once it is kept, and the rest when the round closes', async () => {
    const [first] = await reviewItems(worker);
    const kept = await worker.post(`/api/review-tasks/${first.taskId}/keep`, {
      confirmReapplication: true,
    });
    expect(kept.status, kept.text).toBe(200);
    const left = await reviewItems(worker);
    expect(left.map((i) => i.taskId)).not.toContain(first.taskId);
    expect(left.length).toBe(1);
    await closeForced(otherAdmin, roundId);
    expect(await reviewItems(worker)).toEqual([]);
  });
});
