import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { addMonthsToMonth } from '../../shared/exits/income-rule';
import { addMonthsToDate } from '../../shared/exits/follow-ups';
import { todayInShanghai } from '../../shared/households/id-number';

let t: TestApp;
let union: TestNode;
let proposer: Session;
let otherWorker: Session;
let unionReviewer: Session;
let countyReviewer: Session;
let countyAdmin: Session;
let otherAdmin: Session;
let seq = 300;
const line = 118_000;

/** A registered, active file of two under the union (its people new each time unless given). */
async function registeredFile(people?: { headSeq: number; childSeq: number }) {
  seq += 2;
  const res = await proposer.post(
    '/api/households',
    householdInput(union.id, people ?? { headSeq: seq + 1, childSeq: seq }),
  );
  expect(res.status, res.text).toBe(201);
  await t.db
    .updateTable('households')
    .set({ case_status: 'registered', case_step: 'approval', file_no: `F-${seq}` })
    .where('id', '=', res.body.id)
    .execute();
  return res.body.id as number;
}

/** `count` months ending with `last`, household of 2, per-capita income `perCapita`. */
function monthsOf(last: string, count: number, perCapita: number) {
  return Array.from({ length: count }, (_, i) => ({
    month: addMonthsToMonth(last, i - count + 1),
    incomeFen: perCapita * 2,
    memberCount: 2,
  }));
}

async function ok(res: Awaited<ReturnType<Session['post']>>, status = 200) {
  expect(res.status, res.text).toBe(status);
  return res.body;
}

async function exitsOf(session: Session, id: number) {
  return (await session.get(`/api/households/${id}/exits`)).body;
}

async function act(session: Session, id: number, body: Record<string, unknown>) {
  const open = (await exitsOf(countyAdmin, id)).exits[0];
  return session.post(`/api/households/${id}/exits/actions`, {
    expectedVersion: open.version,
    ...body,
  });
}

const verification = {
  date: '2026-11-20',
  method: 'home_visit',
  toldWho: '户主张建国本人',
  findings: '已入户核实并向户主说明退出原因，户主无异议',
};

async function propose(id: number, body: Record<string, unknown> = {}) {
  return proposer.post(`/api/households/${id}/exits`, {
    kind: 'cancelled',
    reasonCode: 'retirement',
    reason: '户主已办理退休，领取养老金',
    ...body,
  });
}

/** Proposed, verified and approved: the file is exited. */
async function exitedFile(kind = 'out_of_hardship') {
  const id = await registeredFile();
  if (kind === 'out_of_hardship')
    await ok(
      await proposer.put(`/api/households/${id}/monthly-incomes`, {
        records: monthsOf('2025-06', 6, line + 10_000),
      }),
    );
  await ok(
    await propose(
      id,
      kind === 'out_of_hardship'
        ? { kind, reasonCode: 'income_above_line', reason: '连续六个月收入高于低保' }
        : {},
    ),
    201,
  );
  await ok(await act(otherWorker, id, { action: 'verify', verification }));
  await ok(await act(countyAdmin, id, { action: 'approve', opinion: '同意' }));
  return id;
}

beforeAll(async () => {
  t = await createTestApp();
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city' });
  const county = await buildNode(t.db, city, { type: 'county', regionCode: '320102' });
  const street = await buildNode(t.db, county, { type: 'town' });
  union = await buildNode(t.db, street, { name: '玄武机械厂工会' });
  const otherCounty = await buildNode(t.db, city, { type: 'county', regionCode: '320104' });
  await addNanjingLines(t.db);
  const login = async (node: TestNode, roles: Role[]) =>
    t.login((await buildUser(t.db, node, { roles })).username);
  proposer = await login(union, ['case_worker']);
  otherWorker = await login(union, ['case_worker']);
  unionReviewer = await login(union, ['reviewer']);
  countyReviewer = await login(county, ['reviewer']);
  countyAdmin = await login(county, ['federation_admin']);
  otherAdmin = await login(otherCounty, ['federation_admin', 'reviewer', 'case_worker']);
}, 60_000);

afterAll(() => t.close());

describe('monthly incomes', () => {
  it('records several months with the line of each, per capita and above/below', async () => {
    const id = await registeredFile();
    const view = await ok(
      await proposer.put(`/api/households/${id}/monthly-incomes`, {
        records: [
          { month: '2025-01', incomeFen: 236_000, memberCount: 2 },
          { month: '2025-02', incomeFen: 300_000, memberCount: 2, note: '打零工' },
        ],
      }),
    );
    expect(view.records).toMatchObject([
      { month: '2025-02', perCapitaFen: 150_000, lineFen: line, isAbove: true, note: '打零工' },
      { month: '2025-01', perCapitaFen: 118_000, lineFen: line, isAbove: false, shortfallFen: 0 },
    ]);
    expect(view.check).toMatchObject({ qualifies: false, requiredMonths: 6 });
    // A correction replaces the month.
    const corrected = await ok(
      await proposer.put(`/api/households/${id}/monthly-incomes`, {
        records: [{ month: '2025-01', incomeFen: 240_000, memberCount: 2 }],
      }),
    );
    expect(corrected.records[1]).toMatchObject({ month: '2025-01', isAbove: true });
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('entity_id', '=', id)
      .where('action', '=', 'income.recorded')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('shows the 6-month check, and stores the line in force each month', async () => {
    const id = await registeredFile();
    // The county's own line from 2030-01: the months after it are measured against it.
    await t.db
      .insertInto('policy_rates')
      .values({
        kind: 'dibao',
        region_code: '320102',
        monthly_fen: 125_000,
        effective_from: '2030-01-01',
        effective_to: null,
        note: null,
      })
      .execute();
    const view = await ok(
      await proposer.put(`/api/households/${id}/monthly-incomes`, {
        records: monthsOf('2030-03', 6, 120_000),
      }),
    );
    expect(view.records.map((r: any) => r.lineFen)).toEqual([
      125_000, 125_000, 125_000, 118_000, 118_000, 118_000,
    ]);
    expect(view.check.qualifies).toBe(false);
    expect(view.check.break).toMatchObject({ kind: 'not_above', month: '2030-03' });
    expect(view.check.explanation.zh).toContain('低于低保标准');
  });

  it('is recorded by case workers in scope only', async () => {
    const id = await registeredFile();
    const body = { records: monthsOf('2025-06', 1, line) };
    expect((await unionReviewer.put(`/api/households/${id}/monthly-incomes`, body)).status).toBe(
      403,
    );
    expect((await otherAdmin.put(`/api/households/${id}/monthly-incomes`, body)).status).toBe(404);
    expect((await otherAdmin.get(`/api/households/${id}/monthly-incomes`)).status).toBe(404);
    expect((await unionReviewer.get(`/api/households/${id}/monthly-incomes`)).status).toBe(200);
  });
});

describe('proposing an exit', () => {
  it('refuses 脱困 until six consecutive months are above the line, with the explanation', async () => {
    const id = await registeredFile();
    await ok(
      await proposer.put(`/api/households/${id}/monthly-incomes`, {
        records: monthsOf('2025-06', 5, line + 1),
      }),
    );
    const body = { kind: 'out_of_hardship', reasonCode: 'income_above_line', reason: '收入稳定' };
    const refused = await propose(id, body);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('INVALID_STATE');
    expect(refused.body.error.userMessage).toContain('仅 2025-02 至 2025-06 连续 5 个月');
    expect(refused.body.error.details.check.qualifies).toBe(false);
    await ok(
      await proposer.put(`/api/households/${id}/monthly-incomes`, {
        records: monthsOf('2025-01', 1, line + 1),
      }),
    );
    const proposed = await ok(await propose(id, body), 201);
    expect(proposed).toMatchObject({ status: 'proposed', kind: 'out_of_hardship', version: 0 });
    expect(proposed.evidence.incomeCheck.runMonths).toHaveLength(6);
  });

  it('refuses a second open proposal, a file not registered, and documents of another file', async () => {
    const id = await registeredFile();
    await ok(await propose(id), 201);
    const again = await propose(id);
    expect(again.status).toBe(409);
    expect(again.body.error.details.reason).toBe('open_exit');
    seq += 2;
    const draft = (
      await proposer.post(
        '/api/households',
        householdInput(union.id, { headSeq: seq + 1, childSeq: seq }),
      )
    ).body;
    const notRegistered = await propose(draft.id);
    expect(notRegistered.status).toBe(422);
    expect(notRegistered.body.error.details.reason).toBe('not_registered_active');
    const other = await registeredFile();
    const badDocs = await propose(other, { documentIds: [999_999] });
    expect(badDocs.status).toBe(400);
    expect(badDocs.body.error.issues[0].path).toBe('documentIds');
  });

  it('is for case workers of the file’s node or above', async () => {
    const id = await registeredFile();
    expect((await unionReviewer.post(`/api/households/${id}/exits`, {})).status).toBe(403);
    const res = await otherAdmin.post(`/api/households/${id}/exits`, {
      kind: 'cancelled',
      reasonCode: 'death',
      reason: '户主去世',
    });
    expect(res.status).toBe(404);
    // A federation administrator holds household.manage but not the case worker's role.
    const admin = await countyAdmin.post(`/api/households/${id}/exits`, {
      kind: 'cancelled',
      reasonCode: 'death',
      reason: '户主去世',
    });
    expect(admin.status).toBe(403);
    expect(admin.body.error.details.reason).toBe('exit_role');
  });
});

describe('the exit lifecycle', () => {
  it('verifies by someone other than the proposer, then approval at county level exits the file', async () => {
    const id = await registeredFile();
    await ok(await proposer.post(`/api/households/${id}/cards`, { reason: '建档登记' }));
    await ok(await propose(id), 201);
    expect((await exitsOf(proposer, id)).exits[0].actions).toEqual(['withdraw']);
    expect((await exitsOf(otherWorker, id)).exits[0].actions).toEqual(['verify']);
    const self = await act(proposer, id, { action: 'verify', verification });
    expect(self.status).toBe(403);
    expect(self.body.error.details.reason).toBe('exit_proposer');
    const early = await act(countyAdmin, id, { action: 'approve' });
    expect(early.status).toBe(422);
    expect(early.body.error.details.allowed).toEqual(['verify', 'withdraw']);
    const noRecord = await act(otherWorker, id, {
      action: 'verify',
      verification: { ...verification, toldWho: '' },
    });
    expect(noRecord.status).toBe(400);
    const verified = await ok(await act(unionReviewer, id, { action: 'verify', verification }));
    expect(verified).toMatchObject({ status: 'verified', version: 1, verification });
    const low = await act(unionReviewer, id, { action: 'approve' });
    expect(low.status).toBe(403);
    expect(low.body.error.details.reason).toBe('exit_level');
    const worker = await act(otherWorker, id, { action: 'approve' });
    expect(worker.status).toBe(403);
    expect(worker.body.error.details.reason).toBe('exit_role');
    const approved = await ok(
      await act(countyReviewer, id, { action: 'approve', opinion: '同意注销' }),
    );
    expect(approved).toMatchObject({
      status: 'approved',
      decisionOpinion: '同意注销',
      effectiveOn: todayInShanghai(),
      actions: [],
    });
    const file = await t.db
      .selectFrom('households')
      .select(['status', 'exit_kind', 'exited_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(file).toMatchObject({ status: 'exited', exit_kind: 'cancelled' });
    expect(file.exited_at).toBeTruthy();
    // Its worker card is cancelled with the exit.
    const cards = (await proposer.get(`/api/households/${id}/cards`)).body.cards as any[];
    expect(cards.map((c) => c.status)).toEqual(['cancelled']);
    // 注销 (retirement) is not followed up.
    expect((await proposer.get(`/api/households/${id}/after-exit`)).body.followUps).toEqual([]);
    const after = await act(countyReviewer, id, { action: 'reject', opinion: '再议' });
    expect(after.status).toBe(422);
    expect(after.body.error.details.allowed).toEqual([]);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', id)
      .where('action', 'in', ['exit.proposed', 'exit.action'])
      .execute();
    expect(audit).toHaveLength(3);
  });

  it('needs an opinion to reject, and keeps the file active', async () => {
    const id = await registeredFile();
    await ok(await propose(id), 201);
    await ok(await act(otherWorker, id, { action: 'verify', verification }));
    const bare = await act(countyAdmin, id, { action: 'reject' });
    expect(bare.status).toBe(400);
    expect(bare.body.error.issues[0].path).toBe('opinion');
    const rejected = await ok(
      await act(countyAdmin, id, { action: 'reject', opinion: '尚未办理退休手续' }),
    );
    expect(rejected.status).toBe('rejected');
    const overview = await exitsOf(proposer, id);
    expect(overview).toMatchObject({ status: 'active', canPropose: true });
  });

  it('lets only the proposer withdraw before the decision', async () => {
    const id = await registeredFile();
    await ok(await propose(id), 201);
    await ok(await act(otherWorker, id, { action: 'verify', verification }));
    const byOther = await act(otherWorker, id, { action: 'withdraw' });
    expect(byOther.status).toBe(403);
    expect(byOther.body.error.details.reason).toBe('exit_not_proposer');
    expect((await ok(await act(proposer, id, { action: 'withdraw' }))).status).toBe('withdrawn');
    await ok(await propose(id), 201);
  });

  it('lets exactly one of two deciders at once win', async () => {
    const id = await registeredFile();
    await ok(await propose(id), 201);
    await ok(await act(otherWorker, id, { action: 'verify', verification }));
    const body = { action: 'approve', expectedVersion: 1 };
    const results = await Promise.all([
      countyAdmin.post(`/api/households/${id}/exits/actions`, body),
      countyReviewer.post(`/api/households/${id}/exits/actions`, {
        action: 'reject',
        expectedVersion: 1,
        opinion: '不同意',
      }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const stale = results.find((r) => r.status === 409)!;
    expect(stale.body.error.details.reason).toBe('exit_moved');
    const rows = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', id)
      .where('action', '=', 'exit.action')
      .execute();
    expect(rows).toHaveLength(2);
  });

  it('re-checks the income rule at approval', async () => {
    const id = await registeredFile();
    await ok(
      await proposer.put(`/api/households/${id}/monthly-incomes`, {
        records: monthsOf('2025-06', 6, line + 1),
      }),
    );
    await ok(
      await propose(id, { kind: 'out_of_hardship', reasonCode: 'reemployed', reason: '再就业' }),
      201,
    );
    await ok(await act(otherWorker, id, { action: 'verify', verification }));
    await ok(
      await proposer.put(`/api/households/${id}/monthly-incomes`, {
        records: [{ month: '2025-07', incomeFen: line * 2, memberCount: 2 }],
      }),
    );
    const res = await act(countyAdmin, id, { action: 'approve' });
    expect(res.status).toBe(422);
    expect(res.body.error.details.reason).toBe('income_rule');
  });

  it('lists open exits waiting for each person (退出管理)', async () => {
    const id = await registeredFile();
    await ok(await propose(id), 201);
    const mine = async (s: Session) =>
      ((await s.get('/api/exits')).body as any[]).filter((e) => e.householdId === id);
    expect((await mine(otherWorker))[0]).toMatchObject({ status: 'proposed', actions: ['verify'] });
    expect(await mine(countyAdmin)).toEqual([]);
    await ok(await act(otherWorker, id, { action: 'verify', verification }));
    expect((await mine(countyAdmin))[0]).toMatchObject({ actions: ['approve', 'reject'] });
    expect(await mine(otherAdmin)).toEqual([]);
    expect((await otherAdmin.get(`/api/households/${id}/exits`)).status).toBe(404);
    expect(
      (
        await otherAdmin.post(`/api/households/${id}/exits/actions`, {
          action: 'approve',
          expectedVersion: 1,
        })
      ).status,
    ).toBe(404);
  });
});

describe('after exit', () => {
  it('schedules follow-ups after 脱困, alternating call and visit, and releases the people', async () => {
    const id = await exitedFile();
    const after = (await proposer.get(`/api/households/${id}/after-exit`)).body;
    const today = todayInShanghai();
    expect(after.followUps.map((f: any) => [f.kind, f.dueOn])).toEqual([
      ['call', addMonthsToDate(today, 1)],
      ['visit', addMonthsToDate(today, 3)],
      ['call', addMonthsToDate(today, 6)],
      ['visit', addMonthsToDate(today, 12)],
    ]);
    expect(after).toMatchObject({ canRecord: true, canReadmit: true });
    const hashes = await t.db
      .selectFrom('household_members')
      .select('active_id_number_hash')
      .where('household_id', '=', id)
      .execute();
    expect(hashes.every((h) => h.active_id_number_hash === null)).toBe(true);
  });

  it('raises relapse flags from a follow-up’s signals and from its income, and plans due follow-ups', async () => {
    const id = await exitedFile();
    await sql`update household_follow_ups set due_on = current_date - 3 where household_id = ${id} and kind = 'call'`.execute(
      t.db,
    );
    const plan = ((await proposer.get('/api/follow-ups')).body as any[]).filter(
      (f) => f.householdId === id,
    );
    expect(plan.map((f) => f.due)).toEqual(['overdue', 'overdue']);
    expect(
      ((await otherAdmin.get('/api/follow-ups')).body as any[]).some((f) => f.householdId === id),
    ).toBe(false);
    const followUpId = plan[0].id;
    const done = await ok(
      await proposer.post(`/api/households/${id}/follow-ups`, {
        followUpId,
        doneOn: '2026-11-28',
        findings: '户主再次失业，女儿学费压力大',
        signals: ['lost_job'],
        incomeFen: 100_000,
      }),
    );
    expect(done).toMatchObject({ due: 'done', signals: ['lost_job'], doneOn: '2026-11-28' });
    const again = await proposer.post(`/api/households/${id}/follow-ups`, {
      followUpId,
      doneOn: '2026-11-28',
      findings: '重复登记',
    });
    expect(again.status).toBe(409);
    const flags = (await proposer.get(`/api/households/${id}/after-exit`)).body.flags as any[];
    expect(flags.map((f) => f.signal).sort()).toEqual([
      'income_below_line',
      'income_drop',
      'lost_job',
    ]);
    expect(flags.every((f) => f.followUpId === followUpId && f.status === 'open')).toBe(true);
    const watch = ((await countyAdmin.get('/api/relapse-flags')).body as any[]).filter(
      (f) => f.householdId === id,
    );
    expect(watch).toHaveLength(3);
    expect(watch[0]).toMatchObject({ exitKind: 'out_of_hardship', status: 'open' });
    expect(
      ((await otherAdmin.get('/api/relapse-flags')).body as any[]).some(
        (f) => f.householdId === id,
      ),
    ).toBe(false);
    const income = (await proposer.get(`/api/households/${id}/monthly-incomes`)).body;
    expect(income.records[0]).toMatchObject({
      month: '2026-11',
      incomeFen: 100_000,
      memberCount: 2,
    });
  });

  it('raises a flag when a monthly income of an exited file falls by the region’s share, not of an active one', async () => {
    const id = await exitedFile();
    await ok(
      await proposer.put(`/api/households/${id}/monthly-incomes`, {
        records: [
          { month: '2025-07', incomeFen: 400_000, memberCount: 2 },
          { month: '2025-08', incomeFen: 320_000, memberCount: 2 },
        ],
      }),
    );
    const flags = (await proposer.get(`/api/households/${id}/after-exit`)).body.flags as any[];
    expect(flags.map((f) => f.signal)).toEqual(['income_drop']);
    expect(flags[0].detail).toContain('下降 20%');
    const active = await registeredFile();
    await ok(
      await proposer.put(`/api/households/${active}/monthly-incomes`, {
        records: monthsOf('2025-06', 2, 50_000),
      }),
    );
    expect((await proposer.get(`/api/households/${active}/after-exit`)).body.flags).toEqual([]);
  });

  it('dismisses a flag with its reason, once', async () => {
    const id = await exitedFile();
    await ok(
      await proposer.put(`/api/households/${id}/monthly-incomes`, {
        records: [{ month: '2025-07', incomeFen: 100_000, memberCount: 2 }],
      }),
    );
    const flag = (await proposer.get(`/api/households/${id}/after-exit`)).body.flags[0];
    expect(
      (
        await otherAdmin.post(`/api/households/${id}/relapse-flags/dismiss`, {
          flagId: flag.id,
          reason: 'x',
        })
      ).status,
    ).toBe(404);
    const dismissed = await ok(
      await proposer.post(`/api/households/${id}/relapse-flags/dismiss`, {
        flagId: flag.id,
        reason: '当月因病休假，次月已恢复',
      }),
    );
    expect(dismissed).toMatchObject({
      status: 'dismissed',
      resolution: '当月因病休假，次月已恢复',
    });
    const twice = await proposer.post(`/api/households/${id}/relapse-flags/dismiss`, {
      flagId: flag.id,
      reason: '再次',
    });
    expect(twice.status).toBe(422);
  });
});

describe('re-admission (重新纳入)', () => {
  it('reopens the same file as a new application, closing its flags and keeping its exits', async () => {
    const id = await exitedFile();
    await ok(
      await proposer.put(`/api/households/${id}/monthly-incomes`, {
        records: [{ month: '2025-07', incomeFen: 100_000, memberCount: 2 }],
      }),
    );
    expect((await otherAdmin.post(`/api/households/${id}/readmit`, { reason: 'x' })).status).toBe(
      404,
    );
    expect(
      (await countyAdmin.post(`/api/households/${id}/readmit`, { reason: '返困' })).status,
    ).toBe(403);
    const res = await ok(
      await proposer.post(`/api/households/${id}/readmit`, { reason: '户主失业，收入低于低保' }),
    );
    expect(res).toMatchObject({ status: 'active', caseStatus: 'draft', flagsClosed: 2 });
    const file = await t.db
      .selectFrom('households')
      .select(['status', 'exit_kind', 'exited_at', 'case_status', 'case_step'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(file).toEqual({
      status: 'active',
      exit_kind: null,
      exited_at: null,
      case_status: 'draft',
      case_step: 'application',
    });
    const overview = await exitsOf(proposer, id);
    expect(overview.exits[0]).toMatchObject({ kind: 'out_of_hardship', status: 'approved' });
    const flags = (await proposer.get(`/api/households/${id}/after-exit`)).body.flags as any[];
    expect(flags.every((f) => f.status === 'readmitted')).toBe(true);
    const caseView = (await proposer.get(`/api/households/${id}/case`)).body;
    expect(caseView).toMatchObject({ status: 'draft', step: 'application' });
    expect(caseView.actions).toEqual(['submit', 'withdraw']);
    expect(caseView.history.at(-1)).toMatchObject({ action: 'readmit', toStatus: 'draft' });
    // Its people are held again: a new file with the same worker is refused.
    const holders = await t.db
      .selectFrom('household_members')
      .select('active_id_number_hash')
      .where('household_id', '=', id)
      .execute();
    expect(holders.every((h) => h.active_id_number_hash !== null)).toBe(true);
    const twice = await proposer.post(`/api/households/${id}/readmit`, { reason: '再次' });
    expect(twice.status).toBe(422);
    // Registered and exited again (注销): the first exit's follow-ups are out of the plan.
    await t.db
      .updateTable('households')
      .set({ case_status: 'registered', case_step: 'approval' })
      .where('id', '=', id)
      .execute();
    await ok(await propose(id), 201);
    await ok(await act(otherWorker, id, { action: 'verify', verification }));
    await ok(await act(countyAdmin, id, { action: 'approve' }));
    await sql`update household_follow_ups set due_on = current_date - 1 where household_id = ${id}`.execute(
      t.db,
    );
    const plan = ((await proposer.get('/api/follow-ups')).body as any[]).filter(
      (f) => f.householdId === id,
    );
    expect(plan).toEqual([]);
  });

  it('is refused when a member has since been taken into another active file', async () => {
    seq += 2;
    const people = { headSeq: seq + 1, childSeq: seq };
    const id = await registeredFile(people);
    await ok(
      await propose(id, { kind: 'cancelled', reasonCode: 'moved_away', reason: '迁出' }),
      201,
    );
    await ok(await act(otherWorker, id, { action: 'verify', verification }));
    await ok(await act(countyAdmin, id, { action: 'approve' }));
    // The same people, freed by the exit, are taken into a new file.
    const taken = await proposer.post('/api/households', householdInput(union.id, people));
    expect(taken.status, taken.text).toBe(201);
    const res = await proposer.post(`/api/households/${id}/readmit`, { reason: '迁回' });
    expect(res.status).toBe(409);
    expect(res.body.error.details.reason).toBe('person_in_active_file');
    expect(res.body.error.userMessage).toContain('张建国已被纳入另一份在档困难职工档案');
    expect(res.body.error.details.householdId).toBe(taken.body.id);
    const file = await t.db
      .selectFrom('households')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(file.status).toBe('exited');
  });
});
