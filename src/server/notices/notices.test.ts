import ExcelJS from 'exceljs';
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
import { addDays, addWorkingDays } from '../../shared/cases/registration';
import { todayInShanghai } from '../../shared/households/id-number';

let t: TestApp;
let union: TestNode;
let street: TestNode;
let worker: Session;
let reviewer: Session;
let helper: Session;
let otherWorker: Session;
let otherUnion: TestNode;
let seq = 400;
const today = todayInShanghai();

beforeAll(async () => {
  t = await createTestApp();
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city' });
  const county = await buildNode(t.db, city, { type: 'county', regionCode: '320102' });
  street = await buildNode(t.db, county, { type: 'town', name: '玄武门街道总工会' });
  union = await buildNode(t.db, street, { name: '玄武机械厂工会' });
  const otherCounty = await buildNode(t.db, city, { type: 'county', regionCode: '320104' });
  otherUnion = await buildNode(t.db, otherCounty, { name: '秦淮纺织厂工会' });
  await addNanjingLines(t.db);
  const login = async (node: TestNode, roles: Role[]) =>
    t.login((await buildUser(t.db, node, { roles })).username);
  worker = await login(union, ['case_worker']);
  reviewer = await login(union, ['reviewer']);
  helper = await login(union, ['helper']);
  otherWorker = await login(otherCounty, ['case_worker', 'reviewer', 'federation_admin']);
}, 60_000);

afterAll(() => t.close());

/** A file of the union standing at review_notice (submitted a week ago). */
async function fileAtNotice(name = '张建国') {
  seq += 2;
  const input = householdInput(union.id, { headSeq: seq + 1, childSeq: seq });
  input.members[0]!.name = name;
  const created = await worker.post('/api/households', input);
  expect(created.status, created.text).toBe(201);
  const id = created.body.id as number;
  await sql`update households set case_status = 'in_review', case_step = 'review_notice',
    submitted_on = current_date - 7 where id = ${id}`.execute(t.db);
  return id;
}

async function makeBatch(householdIds: number[], extra: Record<string, unknown> = {}) {
  const res = await worker.post('/api/notice-batches', {
    nodeId: union.id,
    householdIds,
    contactPhone: '025-84561234',
    ...extra,
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

async function pass(id: number, session = worker) {
  return session.post(`/api/households/${id}/case/actions`, {
    action: 'pass',
    expected: { status: 'in_review', step: 'review_notice' },
    record: { objections: '无' },
  });
}

describe('notice batch', () => {
  it('lists the applications at review_notice and makes a batch for the region’s working days', async () => {
    const id = await fileAtNotice('欧阳建华');
    // The street is above the worker's union: outside the worker's scope.
    expect((await worker.get(`/api/notice-batches/eligible?nodeId=${street.id}`)).status).toBe(404);
    const eligible = (await worker.get(`/api/notice-batches/eligible?nodeId=${union.id}`)).body;
    expect(eligible.applications.map((a: any) => a.householdId)).toContain(id);
    expect(eligible.defaults).toMatchObject({
      unitName: '玄武机械厂工会',
      startsOn: today,
      workingDays: 5,
      endsOn: addWorkingDays(today, 5),
    });
    const batch = await makeBatch([id]);
    expect(batch).toMatchObject({
      title: '玄武机械厂工会困难职工建档公示',
      unitName: '玄武机械厂工会',
      contactPhone: '025-84561234',
      startsOn: today,
      endsOn: addWorkingDays(today, 5),
      workingDays: 5,
      periodStatus: 'running',
      householdCount: 1,
      objectionCount: 0,
    });
    expect(batch.rows).toEqual([
      {
        householdId: id,
        no: 1,
        headNameMasked: '欧**华',
        category: expect.any(String),
        categoryLabel: expect.any(String),
        unit: '南京机械厂',
        memberCount: 2,
      },
    ]);
    // Nothing sensitive on the sheet: no full name, ID number, phone, address or bank account.
    const text = JSON.stringify(batch);
    for (const secret of ['欧阳建华', '320102', '13812345678', '中山路', '6222'])
      expect(text).not.toContain(secret);
    // Once noticed, the application is no longer offered for another batch.
    const again = (await worker.get(`/api/notice-batches/eligible?nodeId=${union.id}`)).body;
    expect(again.applications.map((a: any) => a.householdId)).not.toContain(id);
    const twice = await worker.post('/api/notice-batches', {
      nodeId: union.id,
      householdIds: [id],
      contactPhone: '025-84561234',
    });
    expect(twice.status).toBe(422);
    expect(twice.body.error.details.householdIds).toEqual([id]);
    const list = (await worker.get('/api/notice-batches')).body;
    expect(list.find((b: any) => b.id === batch.id)).toMatchObject({ householdCount: 1 });
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'notice_batch')
      .where('entity_id', '=', batch.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['notice.batch_created']);
  });

  it('refuses applications that are not at review_notice', async () => {
    seq += 2;
    const draft = (
      await worker.post(
        '/api/households',
        householdInput(union.id, { headSeq: seq + 1, childSeq: seq }),
      )
    ).body;
    const res = await worker.post('/api/notice-batches', {
      nodeId: union.id,
      householdIds: [draft.id],
      contactPhone: '025-84561234',
    });
    expect(res.status).toBe(422);
  });

  it('is made by case workers only', async () => {
    const id = await fileAtNotice();
    const res = await reviewer.post('/api/notice-batches', {
      nodeId: union.id,
      householdIds: [id],
      contactPhone: '025-84561234',
    });
    expect(res.status).toBe(403);
  });

  it('exports the sheet as a real .xlsx with the masked names, set up for A4', async () => {
    const a = await fileAtNotice('张建国');
    const b = await fileAtNotice('李四');
    const batch = await makeBatch([a, b]);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/notice-batches/${batch.id}/export`,
      headers: { cookie: worker.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('公示名单')!;
    expect(ws.getCell('A1').text).toBe('困难职工建档公示');
    expect(ws.getRow(4).getCell(2).text).toBe('户主姓名');
    expect(ws.getRow(4).getCell(2).font?.bold).toBe(true);
    expect(ws.getColumn(4).width).toBeGreaterThan(20);
    expect(ws.pageSetup.paperSize).toBe(9);
    const cells: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => void cells.push(c.text)));
    const text = cells.join('\n');
    expect(text).toContain('张*国');
    expect(text).toContain('李*');
    expect(text).toContain('025-84561234');
    expect(text).toContain(`${batch.startsOn} 至 ${batch.endsOn}`);
    for (const secret of ['张建国', '13812345678', '中山路']) expect(text).not.toContain(secret);
  });
});

describe('passing review_notice', () => {
  it('is refused before the notice and while it runs, and allowed once it has ended', async () => {
    const id = await fileAtNotice();
    const before = await pass(id);
    expect(before.status).toBe(422);
    expect(before.body.error.code).toBe('INVALID_STATE');
    expect(before.body.error.details.reason).toBe('notice_not_noticed');
    expect(before.body.error.userMessage).toContain('尚未公示');
    const batch = await makeBatch([id]);
    const running = await pass(id);
    expect(running.status).toBe(422);
    expect(running.body.error.userMessage).toContain(batch.endsOn);
    const notice = (await worker.get(`/api/households/${id}/notice`)).body;
    expect(notice).toMatchObject({
      batches: [{ id: batch.id, periodStatus: 'running' }],
      refusal: { reason: 'notice_running', endsOn: batch.endsOn },
    });
    // The notice ends today (a batch posted on paper earlier and recorded now).
    await sql`update notice_batches set starts_on = ${addDays(today, -10)}, ends_on = ${today}
      where id = ${batch.id}`.execute(t.db);
    const passed = await pass(id);
    expect(passed.status, passed.text).toBe(200);
    expect(passed.body.step).toBe('higher_check');
  });

  it('accepts a batch whose start date was in the past', async () => {
    const id = await fileAtNotice();
    const batch = await makeBatch([id], { startsOn: addDays(today, -14) });
    expect(batch.endsOn <= today).toBe(true);
    expect(batch.periodStatus).toBe('ended');
    expect((await pass(id)).status).toBe(200);
  });

  it('waits for every objection to be resolved, and refuses a pass when one was upheld', async () => {
    const a = await fileAtNotice('王小明');
    const b = await fileAtNotice('赵大海');
    const batch = await makeBatch([a, b], { startsOn: addDays(today, -14) });
    const recorded = await worker.post(`/api/notice-batches/${batch.id}/objections`, {
      householdId: a,
      receivedOn: addDays(today, -10),
      channel: 'phone',
      content: '群众反映该户家中有营运车辆',
    });
    expect(recorded.status, recorded.text).toBe(201);
    expect(recorded.body.objectionCount).toBe(1);
    expect(recorded.body.openObjectionCount).toBe(1);
    const objection = recorded.body.objections[0];
    expect(objection).toMatchObject({ householdId: a, headNameMasked: '王*明', upheld: null });
    await worker.post(`/api/notice-batches/${batch.id}/objections`, {
      householdId: b,
      receivedOn: addDays(today, -9),
      channel: 'letter',
      content: '反映该户子女在私立学校就读',
    });
    const open = await pass(a);
    expect(open.status).toBe(422);
    expect(open.body.error.details.reason).toBe('notice_objection_open');
    expect(open.body.error.userMessage).toContain('异议尚未处理');
    // A helper may not resolve it; a reviewer may.
    const byHelper = await helper.post(`/api/notice-objections/${objection.id}/resolve`, {
      resolution: '经核实无此情况',
      upheld: false,
    });
    expect(byHelper.status).toBe(403);
    const resolved = await reviewer.post(`/api/notice-objections/${objection.id}/resolve`, {
      resolution: '经入户核实，车辆为借用，不属实',
      upheld: false,
    });
    expect(resolved.status, resolved.text).toBe(200);
    const again = await reviewer.post(`/api/notice-objections/${objection.id}/resolve`, {
      resolution: '重复处理',
      upheld: true,
    });
    expect(again.status).toBe(409);
    expect((await pass(a)).status).toBe(200);
    // Upheld: the case is to be rejected, not passed.
    const other = resolved.body.objections.find((o: any) => o.householdId === b);
    await worker.post(`/api/notice-objections/${other.id}/resolve`, {
      resolution: '经核实子女就读高收费私立学校，属实',
      upheld: true,
    });
    const upheld = await pass(b);
    expect(upheld.status).toBe(422);
    expect(upheld.body.error.details.reason).toBe('notice_objection_upheld');
    expect(upheld.body.error.userMessage).toContain('不予通过');
    const rejected = await worker.post(`/api/households/${b}/case/actions`, {
      action: 'reject',
      expected: { status: 'in_review', step: 'review_notice' },
      opinion: '公示异议成立',
    });
    expect(rejected.status, rejected.text).toBe(200);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'notice_batch')
      .where('entity_id', '=', batch.id)
      .orderBy('id')
      .execute();
    expect(audit.map((r) => r.action)).toEqual([
      'notice.batch_created',
      'notice.objection_recorded',
      'notice.objection_recorded',
      'notice.objection_resolved',
      'notice.objection_resolved',
    ]);
  });

  it('refuses an objection about a household not on the batch', async () => {
    const a = await fileAtNotice();
    const b = await fileAtNotice();
    const batch = await makeBatch([a]);
    const res = await worker.post(`/api/notice-batches/${batch.id}/objections`, {
      householdId: b,
      receivedOn: today,
      channel: 'in_person',
      content: '反映情况',
    });
    expect(res.status).toBe(400);
  });
});

describe('notice scope', () => {
  it('answers another county as if the batch, node and objection did not exist', async () => {
    const id = await fileAtNotice();
    const batch = await makeBatch([id]);
    const recorded = await worker.post(`/api/notice-batches/${batch.id}/objections`, {
      householdId: id,
      receivedOn: today,
      channel: 'online',
      content: '反映情况',
    });
    const objectionId = recorded.body.objections[0].id;
    expect((await otherWorker.get(`/api/notice-batches/${batch.id}`)).status).toBe(404);
    expect((await otherWorker.get(`/api/notice-batches/eligible?nodeId=${union.id}`)).status).toBe(
      404,
    );
    expect((await otherWorker.get(`/api/households/${id}/notice`)).status).toBe(404);
    const list = (await otherWorker.get('/api/notice-batches')).body as any[];
    expect(list.map((b) => b.id)).not.toContain(batch.id);
    const create = await otherWorker.post('/api/notice-batches', {
      nodeId: union.id,
      householdIds: [id],
      contactPhone: '1',
    });
    expect(create.status).toBe(404);
    // Its own node, with a household of the other county: not eligible there.
    const across = await otherWorker.post('/api/notice-batches', {
      nodeId: otherUnion.id,
      householdIds: [id],
      contactPhone: '1',
    });
    expect(across.status).toBe(422);
    const objection = await otherWorker.post(`/api/notice-batches/${batch.id}/objections`, {
      householdId: id,
      receivedOn: today,
      channel: 'online',
      content: '越权',
    });
    expect(objection.status).toBe(404);
    const resolve = await otherWorker.post(`/api/notice-objections/${objectionId}/resolve`, {
      resolution: '越权',
      upheld: false,
    });
    expect(resolve.status).toBe(404);
  });
});
