import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNode, buildUser, createTestApp, type TestApp, type TestNode } from '../test/test-app';
import { signIn, type Client } from '../test/clients';
import { householdInput } from '../test/household-fixtures';
import { xlsxText } from '../test/route-fixtures';
import { runJobs, startJobRunner } from '../jobs/job-runner';

/**
 * Households of two in 玄武区 (320102) around the city's 低保 line of 1,180
 * yuan (relative hardship up to 2×): per-capita 625 (deep), 1,500 and 2,000
 * (relative), 2,500 (not eligible); one in 秦淮区 (320104), whose county has
 * its own line.
 */
let t: TestApp;
let countyA: TestNode;
let unionA: TestNode;
let unionB: TestNode;
let cityAdmin: Client;
let adminA: Client;
let adminB: Client;
const ids: Record<string, number> = {};
let seq = 0;

async function addHousehold(session: Client, nodeId: number, head: string, perCapitaYuan: number) {
  seq += 1;
  const input = householdInput(nodeId, { headSeq: 100 + seq * 2 + 1, childSeq: 100 + seq * 2 });
  input.members[0]!.name = head;
  input.incomes = [{ memberRef: 'head', type: 'transfers', amountFen: perCapitaYuan * 100 * 24 }];
  input.rigidExpenditures = [];
  if (nodeId === unionB.id) input.regionCode = '320104';
  const res = await session.post('/api/households', input);
  if (res.status !== 201) throw new Error(`${res.status} ${res.text}`);
  ids[head] = res.body.id;
}

async function counts() {
  const row = await t.db
    .selectNoFrom((eb) => [
      eb.selectFrom('policy_rates').select(eb.fn.countAll<number>().as('c')).as('rates'),
      eb
        .selectFrom('household_assessments')
        .select(eb.fn.countAll<number>().as('c'))
        .as('assessments'),
      eb.selectFrom('audit_log').select(eb.fn.countAll<number>().as('c')).as('audit'),
      eb.selectFrom('jobs').select(eb.fn.countAll<number>().as('c')).as('jobs'),
    ])
    .executeTakeFirstOrThrow();
  return row;
}

beforeAll(async () => {
  t = await createTestApp();
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city' });
  countyA = await buildNode(t.db, city, { type: 'county', regionCode: '320102' });
  unionA = await buildNode(t.db, countyA);
  const countyB = await buildNode(t.db, city, { type: 'county', regionCode: '320104' });
  unionB = await buildNode(t.db, countyB);
  await t.db
    .insertInto('policy_rates')
    .values(
      [
        ['dibao', '320100', 118_000],
        ['minimum_wage', '320100', 249_000],
        ['dibao', '320104', 120_000],
      ].map(([kind, region, fen]) => ({
        kind: kind as string,
        region_code: region as string,
        monthly_fen: fen as number,
        effective_from: '2024-01-01',
        effective_to: null,
        note: null,
      })),
    )
    .execute();
  const users = await Promise.all([
    buildUser(t.db, city, { roles: ['federation_admin'] }),
    buildUser(t.db, countyA, { roles: ['federation_admin'] }),
    buildUser(t.db, countyB, { roles: ['federation_admin'] }),
  ]);
  const clients = await Promise.all(users.map((u) => signIn(t, u.username)));
  [cityAdmin, adminA, adminB] = clients as [Client, Client, Client];
  await addHousehold(adminA, unionA.id, '王深度', 625);
  await addHousehold(adminA, unionA.id, '李相对', 1500);
  await addHousehold(adminA, unionA.id, '赵相对', 2000);
  await addHousehold(adminA, unionA.id, '钱不符', 2500);
  await addHousehold(adminB, unionB.id, '孙秦淮', 1500);
}, 120_000);

afterAll(() => t.close());

/** County A's own line lowered to 600 yuan: deep → relative, relative above 1,200 → out. */
const lowerA = {
  kind: 'dibao',
  regionCode: '320102',
  monthlyFen: 60_000,
  effectiveFrom: '2025-01-01',
};

describe('previewImpact', () => {
  it('counts and lists the files a lower line would move, and writes nothing', async () => {
    const before = await counts();
    const res = await adminA.post('/api/policy/impact', lowerA);
    expect(res.status, res.text).toBe(200);
    const a = res.body;
    expect(a.regionCodes).toEqual(['320102']);
    expect(a.filesChecked).toBe(4);
    expect(a.categoryChanged).toBe(1);
    expect(a.loseEligibility).toBe(2);
    expect(a.becomeEligible).toBe(0);
    expect(a.unchanged).toBe(1);
    expect(a.itemsTotal).toBe(3);
    const byHead = Object.fromEntries(a.items.map((i: any) => [i.headName, i]));
    expect(byHead['王深度']).toMatchObject({
      change: 'category_changed',
      categoryBefore: 'deep',
      categoryAfter: 'relative',
      perCapitaBeforeFen: 62_500,
      rateBeforeFen: 118_000,
      rateAfterFen: 60_000,
    });
    expect(byHead['李相对']).toMatchObject({
      change: 'lose_eligibility',
      categoryBefore: 'relative',
      categoryAfter: null,
      eligibleAfter: false,
    });
    expect(byHead['钱不符']).toBeUndefined();
    expect(await counts()).toEqual(before);
  });

  it('counts files that become eligible under a higher line', async () => {
    const res = await adminA.post('/api/policy/impact', { ...lowerA, monthlyFen: 130_000 });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      filesChecked: 4,
      becomeEligible: 1,
      loseEligibility: 0,
      categoryChanged: 0,
      unchanged: 3,
    });
    expect(res.body.items[0].headName).toBe('钱不符');
  });

  it('assesses a future line as of its first day', async () => {
    const res = await adminA.post('/api/policy/impact', { ...lowerA, effectiveFrom: '2099-01-01' });
    expect(res.status, res.text).toBe(200);
    expect(res.body.asOf).toBe('2099-01-01');
  });

  it('assesses with another policy version when one is named', async () => {
    const res = await adminA.post('/api/policy/impact', { ...lowerA, policyId: 'national-2014' });
    expect(res.status, res.text).toBe(200);
    // Under the 2014 rules 625 yuan is above a 600 line and no 低保 months are recorded.
    const deep = res.body.items.find((i: any) => i.headName === '王深度');
    expect(deep).toMatchObject({ change: 'lose_eligibility', categoryBefore: 'deep' });
    for (const i of res.body.items)
      expect([null, 'dibao', 'dibao_edge', 'accident_legacy']).toContain(i.categoryAfter);
    const unknown = await adminA.post('/api/policy/impact', { ...lowerA, policyId: 'no-such' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues[0].path).toBe('policyId');
  });

  it('leaves out a county whose own line would still win', async () => {
    const res = await cityAdmin.post('/api/policy/impact', {
      ...lowerA,
      regionCode: '320100',
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.regionCodes).toEqual(['320102']);
    expect(res.body.filesChecked).toBe(4);
    expect(res.body.items.map((i: any) => i.headName)).not.toContain('孙秦淮');
  });

  it('refuses a region outside one’s own, and sees no file outside one’s scope', async () => {
    const res = await adminB.post('/api/policy/impact', lowerA);
    expect(res.status).toBe(403);
    expect(res.text).not.toContain('王深度');
    const city = await adminB.post('/api/policy/impact', { ...lowerA, regionCode: '320104' });
    expect(city.status, city.text).toBe(200);
    expect(city.body.filesChecked).toBe(1);
  });

  it('exports the same content as a workbook', async () => {
    const res = await adminA.get('/api/policy/impact/export', lowerA);
    expect(res.status, res.text).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    const text = await xlsxText(res);
    expect(text).toContain('王深度');
    expect(text).toContain('李相对');
    expect(text).toContain('不再符合条件');
    expect(text).not.toContain('钱不符');
  });
});

async function policyChangeAssessments(jobId: number) {
  const rows = await t.db
    .selectFrom('audit_log')
    .select(['entity_id'])
    .where('action', '=', 'household.assessed')
    .where((eb) => eb(eb.ref('details', '->>').key('jobId' as never), '=', String(jobId)))
    .execute();
  return rows.map((r) => r.entity_id).sort();
}

const countyAIds = () => ['王深度', '李相对', '赵相对', '钱不符'].map((h) => ids[h]).sort();

describe('applyImpact and the re-assessment job', () => {
  let jobId: number;

  it('adds the rate and queues a job for every governed file', async () => {
    const res = await adminA.post('/api/policy/impact/apply', lowerA);
    expect(res.status, res.text).toBe(202);
    jobId = res.body.job.id;
    expect(res.body.job).toMatchObject({
      kind: 'reassess',
      status: 'queued',
      progressDone: 0,
      progressTotal: 4,
      params: { regionCode: '320102', effectiveFrom: '2025-01-01', regionCodes: ['320102'] },
    });
    const rate = await t.db
      .selectFrom('policy_rates')
      .selectAll()
      .where('id', '=', res.body.rateId)
      .executeTakeFirstOrThrow();
    expect(rate).toMatchObject({ region_code: '320102', monthly_fen: 60_000 });
    const actions = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('request_id', '=', String(res.headers['x-request-id']))
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['policy.rate_created', 'job.started']);
  });

  it('re-assesses every governed file once, reason policy_change, and reports', async () => {
    await runJobs(t.db, { batchSize: 3 });
    const job = await adminA.get(`/api/jobs/${jobId}`);
    expect(job.body).toMatchObject({ status: 'done', progressDone: 4, progressTotal: 4 });
    expect(job.body.result).toEqual({
      reassessed: 4,
      problems: 0,
      categoryChanged: 1,
      becomeEligible: 0,
      loseEligibility: 2,
    });
    expect(await policyChangeAssessments(jobId)).toEqual(countyAIds());
    const rows = await t.db
      .selectFrom('household_assessments')
      .select(['household_id'])
      .where('reason', '=', 'policy_change')
      .execute();
    expect(rows.map((r) => r.household_id).sort()).toEqual(countyAIds());
    const deep = await adminA.get(`/api/households/${ids['王深度']}`);
    expect(deep.body.category).toBe('relative');
    expect((await adminA.get(`/api/households/${ids['孙秦淮']}`)).status).toBe(404);
  });

  it('ends the line it replaces the day before the new one', async () => {
    const res = await adminA.post('/api/policy/impact/apply', {
      ...lowerA,
      monthlyFen: 65_000,
      effectiveFrom: '2026-01-01',
    });
    expect(res.status, res.text).toBe(202);
    const previous = await t.db
      .selectFrom('policy_rates')
      .select((eb) => eb.cast<string>('effective_to', 'text').as('to'))
      .where('region_code', '=', '320102')
      .where('effective_from', '=', '2025-01-01')
      .executeTakeFirstOrThrow();
    expect(previous.to).toBe('2025-12-31');
    await runJobs(t.db);
  });

  it('resumes after a crash exactly after the last committed batch', async () => {
    const res = await adminA.post('/api/policy/impact/apply', {
      ...lowerA,
      monthlyFen: 70_000,
      effectiveFrom: '2026-02-01',
    });
    const id = res.body.job.id;
    // One batch, then the process "dies": the job stays running with its cursor.
    expect(await runJobs(t.db, { batchSize: 3, maxBatches: 1 })).toBe(1);
    let job = (await adminA.get(`/api/jobs/${id}`)).body;
    expect(job).toMatchObject({ status: 'running', progressDone: 3 });
    // A live heartbeat is not taken over…
    expect(await runJobs(t.db, { batchSize: 3 })).toBe(0);
    // …a stale one is.
    await t.db
      .updateTable('jobs')
      .set({ heartbeat_at: new Date(Date.now() - 5 * 60_000) })
      .where('id', '=', id)
      .execute();
    await runJobs(t.db, { batchSize: 3 });
    job = (await adminA.get(`/api/jobs/${id}`)).body;
    expect(job).toMatchObject({ status: 'done', progressDone: 4 });
    expect(await policyChangeAssessments(id)).toEqual(countyAIds());
  });

  it('cancels at the next batch boundary', async () => {
    const res = await adminA.post('/api/policy/impact/apply', {
      ...lowerA,
      monthlyFen: 75_000,
      effectiveFrom: '2026-03-01',
    });
    const id = res.body.job.id;
    await runJobs(t.db, { batchSize: 1, maxBatches: 1 });
    const cancelled = await adminA.post(`/api/jobs/${id}/cancel`);
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', progressDone: 1 });
    expect(await runJobs(t.db, { batchSize: 1 })).toBe(0);
    expect((await adminA.get(`/api/jobs/${id}`)).body.progressDone).toBe(1);
    expect(await policyChangeAssessments(id)).toHaveLength(1);
    expect((await adminA.post(`/api/jobs/${id}/cancel`)).status).toBe(422);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'job')
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['job.started', 'job.cancelled']);
  });

  it('runs queued jobs in the background until stopped', async () => {
    const runner = startJobRunner(t.db, { pollMs: 20, batchSize: 2 });
    const res = await adminA.post('/api/policy/impact/apply', {
      ...lowerA,
      monthlyFen: 80_000,
      effectiveFrom: '2026-04-01',
    });
    const id = res.body.job.id;
    let job = (await adminA.get(`/api/jobs/${id}`)).body;
    for (let i = 0; i < 200 && job.status !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await adminA.get(`/api/jobs/${id}`)).body;
    }
    await runner.stop();
    expect(job).toMatchObject({ status: 'done', progressDone: 4, progressTotal: 4 });
    expect(await policyChangeAssessments(id)).toEqual(countyAIds());
  });

  it('shows jobs only within the caller’s scope', async () => {
    expect((await adminB.get(`/api/jobs/${jobId}`)).status).toBe(404);
    expect((await adminB.post(`/api/jobs/${jobId}/cancel`)).status).toBe(404);
    expect((await adminB.get('/api/jobs')).body).toEqual([]);
    const mine = await adminA.get('/api/jobs');
    expect(mine.body.map((j: any) => j.id)).toContain(jobId);
    expect((await cityAdmin.get(`/api/jobs/${jobId}`)).status).toBe(200);
  });
});
