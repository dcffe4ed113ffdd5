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
import { addDays } from '../../shared/cases/registration';
import { todayInShanghai } from '../../shared/households/id-number';

let t: TestApp;
let county: TestNode;
let street: TestNode;
let union: TestNode;
let unionWorker: Session;
let unionReviewer: Session;
let streetReviewer: Session;
let countyWorker: Session;
let countyAdmin: Session;
let otherAdmin: Session;
let seq = 500;

async function newFile(session = unionWorker) {
  seq += 2;
  const res = await session.post(
    '/api/households',
    householdInput(union.id, { headSeq: seq + 1, childSeq: seq }),
  );
  expect(res.status, res.text).toBe(201);
  return res.body as { id: number; caseStatus: string; caseStep: string };
}

async function act(
  session: Session,
  id: number,
  action: string,
  extra: { opinion?: string; record?: Record<string, string> } = {},
) {
  const current = (await session.get(`/api/households/${id}/case`)).body;
  return session.post(`/api/households/${id}/case/actions`, {
    action,
    expected: { status: current.status, step: current.step },
    ...extra,
  });
}

async function expectOk(res: Awaited<ReturnType<Session['post']>>) {
  expect(res.status, res.text).toBe(200);
  return res.body;
}

beforeAll(async () => {
  t = await createTestApp();
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city' });
  county = await buildNode(t.db, city, { type: 'county', regionCode: '320102' });
  street = await buildNode(t.db, county, { type: 'town', name: '玄武门街道总工会' });
  union = await buildNode(t.db, street, { name: '玄武机械厂工会', code: 'XW-JX' });
  const otherCounty = await buildNode(t.db, city, { type: 'county', regionCode: '320104' });
  await addNanjingLines(t.db);
  const login = async (node: TestNode, roles: Role[]) =>
    t.login((await buildUser(t.db, node, { roles })).username);
  unionWorker = await login(union, ['case_worker']);
  unionReviewer = await login(union, ['reviewer']);
  streetReviewer = await login(street, ['reviewer']);
  countyWorker = await login(county, ['case_worker']);
  countyAdmin = await login(county, ['federation_admin']);
  otherAdmin = await login(otherCounty, ['federation_admin', 'reviewer', 'case_worker']);
}, 60_000);

afterAll(() => t.close());

describe('registration case', () => {
  it('starts a new file as a draft the union may submit or withdraw', async () => {
    const file = await newFile();
    expect(file.caseStatus).toBe('draft');
    const view = (await unionWorker.get(`/api/households/${file.id}/case`)).body;
    expect(view).toMatchObject({
      status: 'draft',
      step: 'application',
      actions: ['submit', 'withdraw'],
    });
    expect(view.steps).toEqual([
      'application',
      'first_review',
      'home_visit',
      'review_notice',
      'higher_check',
      'financial_check',
      'approval',
    ]);
    // A federation administrator without the case worker's role does not submit.
    expect((await countyAdmin.get(`/api/households/${file.id}/case`)).body.actions).toEqual([]);
  });

  it('walks every step with the right people and registers the file with a number', async () => {
    const file = await newFile();
    await expectOk(await act(unionWorker, file.id, 'submit'));
    await expectOk(await act(unionReviewer, file.id, 'pass', { opinion: '材料齐全' }));
    const unrecorded = await act(unionWorker, file.id, 'pass');
    expect(unrecorded.status).toBe(400);
    expect(unrecorded.body.error.issues.map((i: any) => i.path)).toEqual([
      'record.date',
      'record.findings',
    ]);
    const visited = await expectOk(
      await act(unionWorker, file.id, 'pass', {
        record: { date: '2026-11-28', findings: '家中仅一间住房，户主卧床' },
      }),
    );
    expect(visited.step).toBe('review_notice');
    // 公示: not passed before its notice has run its working days.
    const unnoticed = await act(unionWorker, file.id, 'pass', { record: { objections: '无异议' } });
    expect(unnoticed.status).toBe(422);
    expect(unnoticed.body.error.details.reason).toBe('notice_not_noticed');
    const notice = await unionWorker.post('/api/notice-batches', {
      nodeId: union.id,
      householdIds: [file.id],
      contactPhone: '025-84561234',
      startsOn: addDays(todayInShanghai(), -14),
    });
    expect(notice.status, notice.text).toBe(201);
    await expectOk(await act(unionWorker, file.id, 'pass', { record: { objections: '无异议' } }));
    await expectOk(await act(streetReviewer, file.id, 'pass'));
    await expectOk(await act(countyWorker, file.id, 'pass', { opinion: '民政核对通过' }));
    const done = await expectOk(await act(countyAdmin, file.id, 'pass', { opinion: '同意建档' }));
    expect(done.status).toBe('registered');
    expect(done.fileNo).toMatch(/^XW-JX-\d{4}-\d{5}$/);
    expect(done.actions).toEqual([]);
    expect(done.history.map((h: any) => `${h.action}:${h.step}`)).toEqual([
      'submit:application',
      'pass:first_review',
      'pass:home_visit',
      'pass:review_notice',
      'pass:higher_check',
      'pass:financial_check',
      'pass:approval',
    ]);
    expect(done.history[2].record.findings).toContain('卧床');
    const shown = (await unionWorker.get(`/api/households/${file.id}`)).body;
    expect(shown).toMatchObject({ caseStatus: 'registered', fileNo: done.fileNo });
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', file.id)
      .where('action', '=', 'case.action')
      .execute();
    expect(audit).toHaveLength(7);
  });

  it('numbers the files of a node one after another', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 2; i++) {
      const file = await newFile();
      await t.db
        .updateTable('households')
        .set({ case_status: 'in_review', case_step: 'approval' })
        .where('id', '=', file.id)
        .execute();
      numbers.push((await expectOk(await act(countyAdmin, file.id, 'pass'))).fileNo);
    }
    const [a, b] = numbers.map((n) => Number(n.slice(-5)));
    expect(b).toBe(a! + 1);
  });

  it('refuses an action the state does not allow, naming those it does', async () => {
    const file = await newFile();
    const res = await act(unionWorker, file.id, 'pass');
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('INVALID_STATE');
    expect(res.body.error.details.allowed).toEqual(['submit', 'withdraw']);
    expect(res.body.error.userMessage).toContain('不能通过');
  });

  it('refuses the wrong role and the wrong level with FORBIDDEN', async () => {
    const file = await newFile();
    await expectOk(await act(unionWorker, file.id, 'submit'));
    const byHelperRole = await act(countyAdmin, file.id, 'pass');
    expect(byHelperRole.status).toBe(403);
    expect(byHelperRole.body.error.details.reason).toBe('case_role');
    await t.db
      .updateTable('households')
      .set({ case_step: 'higher_check' })
      .where('id', '=', file.id)
      .execute();
    const ownLevel = await act(unionReviewer, file.id, 'pass');
    expect(ownLevel.status).toBe(403);
    expect(ownLevel.body.error.details.reason).toBe('case_level');
    expect(ownLevel.body.error.userMessage).toContain('上级工会');
  });

  it('needs an opinion to reject, then closes the file and frees its people', async () => {
    const input = householdInput(union.id, { headSeq: 801, childSeq: 802 });
    const file = (await unionWorker.post('/api/households', input)).body;
    await expectOk(await act(unionWorker, file.id, 'submit'));
    const bare = await act(unionReviewer, file.id, 'reject');
    expect(bare.status).toBe(400);
    expect(bare.body.error.issues[0].path).toBe('opinion');
    const rejected = await expectOk(
      await act(unionReviewer, file.id, 'reject', { opinion: '家庭收入超过标准' }),
    );
    expect(rejected.status).toBe('rejected');
    expect((await unionWorker.get(`/api/households/${file.id}`)).body.status).toBe('closed');
    // The same people may now apply in a new file.
    const again = await unionWorker.post('/api/households', input);
    expect(again.status, again.text).toBe(201);
  });

  it('lets a higher level return a case to the union, which resubmits it to first review', async () => {
    const file = await newFile();
    await t.db
      .updateTable('households')
      .set({ case_status: 'in_review', case_step: 'approval' })
      .where('id', '=', file.id)
      .execute();
    const returned = await expectOk(
      await act(countyAdmin, file.id, 'return', { opinion: '缺少收入证明，请补充' }),
    );
    expect(returned).toMatchObject({ status: 'returned', actions: [] });
    const view = (await unionWorker.get(`/api/households/${file.id}/case`)).body;
    expect(view.actions).toEqual(['resubmit', 'withdraw']);
    expect(view.history.at(-1).opinion).toBe('缺少收入证明，请补充');
    const resubmitted = await expectOk(await act(unionWorker, file.id, 'resubmit'));
    expect(resubmitted).toMatchObject({ status: 'in_review', step: 'first_review' });
  });

  it('lets exactly one of two people acting at once succeed', async () => {
    const file = await newFile();
    await expectOk(await act(unionWorker, file.id, 'submit'));
    const body = { action: 'pass', expected: { status: 'in_review', step: 'first_review' } };
    const results = await Promise.all([
      unionReviewer.post(`/api/households/${file.id}/case/actions`, body),
      unionReviewer.post(`/api/households/${file.id}/case/actions`, body),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const conflict = results.find((r) => r.status === 409)!;
    expect(conflict.body.error.details.reason).toBe('case_moved');
    const steps = await t.db
      .selectFrom('household_case_steps')
      .select('id')
      .where('household_id', '=', file.id)
      .execute();
    expect(steps).toHaveLength(2);
  });

  it('answers NOT_FOUND to another county', async () => {
    const file = await newFile();
    expect((await otherAdmin.get(`/api/households/${file.id}/case`)).status).toBe(404);
    const res = await otherAdmin.post(`/api/households/${file.id}/case/actions`, {
      action: 'submit',
      expected: { status: 'draft', step: 'application' },
    });
    expect(res.status).toBe(404);
  });

  it('follows the region’s own order of steps', async () => {
    await t.db
      .insertInto('workflow_configs')
      .values({
        region_code: '320102',
        config: JSON.stringify({
          middleSteps: ['financial_check'],
          homeVisitDays: 3,
          noticeWorkingDays: 5,
        }),
      })
      .execute();
    try {
      const file = await newFile();
      await expectOk(await act(unionWorker, file.id, 'submit'));
      const view = (await unionWorker.get(`/api/households/${file.id}/case`)).body;
      expect(view.steps).toEqual([
        'application',
        'first_review',
        'home_visit',
        'financial_check',
        'approval',
      ]);
      expect(view.homeVisitDue).toBeTruthy();
      await expectOk(await act(unionReviewer, file.id, 'pass'));
      const visited = await expectOk(
        await act(unionWorker, file.id, 'pass', {
          record: { date: '2026-11-28', findings: '情况属实' },
        }),
      );
      expect(visited.step).toBe('financial_check');
    } finally {
      await t.db.deleteFrom('workflow_configs').execute();
    }
  });
});

describe('inbox', () => {
  it('shows each person what waits for them, with overdue home visits', async () => {
    const file = await newFile();
    const inboxOf = async (s: Session) =>
      ((await s.get('/api/inbox')).body.items as any[]).filter((i) => i.householdId === file.id);
    expect((await inboxOf(unionWorker))[0]).toMatchObject({
      status: 'draft',
      actions: ['submit', 'withdraw'],
    });
    expect(await inboxOf(unionReviewer)).toEqual([]);
    await expectOk(await act(unionWorker, file.id, 'submit'));
    expect((await inboxOf(unionReviewer))[0]).toMatchObject({ step: 'first_review' });
    await expectOk(await act(unionReviewer, file.id, 'pass'));
    await sql`update households set submitted_on = current_date - 10 where id = ${file.id}`.execute(
      t.db,
    );
    const visit = (await inboxOf(unionWorker))[0];
    expect(visit).toMatchObject({ step: 'home_visit', isOverdue: true });
    expect(visit.dueOn).toBeTruthy();
    expect(await inboxOf(streetReviewer)).toEqual([]);
    expect(await inboxOf(otherAdmin)).toEqual([]);
  });
});
