import ExcelJS from 'exceljs';
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
import { maskPersonName } from '../../shared/reports/mask-name';
import type { Role } from '../../shared/permissions';

let t: TestApp;
let countyA: TestNode;
let unionA: TestNode;
let unionA2: TestNode;
let workerA: Session;
let workerA2: Session;
let adminA: Session;
let reviewerA: Session;
let adminB: Session;
let seq = 900;

/** A file of the union, registered (a draft is not yet reported). */
async function registeredFile(node = unionA, session = workerA, name?: string) {
  seq += 2;
  const input = householdInput(node.id, { headSeq: seq + 1, childSeq: seq });
  if (name) input.members[0]!.name = name;
  const res = await session.post('/api/households', input);
  expect(res.status, res.text).toBe(201);
  await t.db
    .updateTable('households')
    .set({ case_status: 'registered', case_step: 'approval', file_no: `R-${res.body.id}` })
    .where('id', '=', res.body.id)
    .execute();
  return res.body as { id: number };
}

async function pending(session = workerA, nodeId?: number) {
  const res = await session.get(`/api/reports/pending${nodeId ? `?nodeId=${nodeId}` : ''}`);
  expect(res.status, res.text).toBe(200);
  return res.body.counts as { new: number; changed: number; exited: number };
}

async function submit(session = workerA, body: Record<string, unknown> = {}) {
  const res = await session.post('/api/reports', { note: '月度上报', ...body });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: number; counts: Record<string, number>; upToSeq: number };
}

async function items(session: Session, id: number, query = '') {
  const res = await session.get(`/api/reports/${id}?limit=500${query}`);
  expect(res.status, res.text).toBe(200);
  return res.body.items as { householdId: number; change: string; snapshot: any }[];
}

beforeAll(async () => {
  t = await createTestApp();
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city' });
  countyA = await buildNode(t.db, city, { type: 'county', regionCode: '320102' });
  unionA = await buildNode(t.db, countyA, { name: '玄武机械厂工会' });
  unionA2 = await buildNode(t.db, countyA, { name: '玄武电子厂工会' });
  const countyB = await buildNode(t.db, city, { type: 'county', regionCode: '320104' });
  await addNanjingLines(t.db);
  const login = async (node: TestNode, roles: Role[]) =>
    t.login((await buildUser(t.db, node, { roles })).username);
  workerA = await login(unionA, ['case_worker']);
  workerA2 = await login(unionA2, ['case_worker']);
  adminA = await login(countyA, ['federation_admin']);
  reviewerA = await login(countyA, ['reviewer']);
  adminB = await login(countyB, ['federation_admin']);
}, 60_000);

afterAll(() => t.close());

describe('reporting up', () => {
  it('reports registered files as new, then changed and exited ones, never twice', async () => {
    expect(await pending()).toEqual({ new: 0, changed: 0, exited: 0 });
    // A draft is not yet a file: not reported.
    seq += 2;
    const draft = await workerA.post(
      '/api/households',
      householdInput(unionA.id, { headSeq: seq + 1, childSeq: seq }),
    );
    expect(draft.status).toBe(201);
    expect(await pending()).toEqual({ new: 0, changed: 0, exited: 0 });

    const one = await registeredFile(unionA, workerA, '欧阳明华');
    const two = await registeredFile();
    expect(await pending()).toEqual({ new: 2, changed: 0, exited: 0 });
    const first = await submit();
    expect(first.counts).toEqual({ new: 2, changed: 0, exited: 0 });
    const firstItems = await items(workerA, first.id);
    expect(firstItems.map((i) => [i.householdId, i.change])).toEqual([
      [one.id, 'new'],
      [two.id, 'new'],
    ]);
    expect(firstItems[0]!.snapshot).toEqual({
      fileNo: `R-${one.id}`,
      headNameMasked: maskPersonName('欧阳明华'),
      category: expect.any(String),
      status: 'active',
      caseStatus: 'registered',
      fileKind: 'regular',
      nodeName: '玄武机械厂工会',
      memberCount: 2,
    });
    expect(firstItems[0]!.snapshot.headNameMasked).toBe('欧**华');
    expect(await pending()).toEqual({ new: 0, changed: 0, exited: 0 });

    // Nothing changed: an empty report keeps the mark.
    const empty = await submit();
    expect(empty.counts).toEqual({ new: 0, changed: 0, exited: 0 });
    expect(empty.upToSeq).toBe(first.upToSeq);

    // One edited, one exited, one new.
    await t.db
      .updateTable('households')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', one.id)
      .execute();
    await t.db
      .updateTable('households')
      .set({ status: 'exited' })
      .where('id', '=', two.id)
      .execute();
    const three = await registeredFile();
    expect(await pending()).toEqual({ new: 1, changed: 1, exited: 1 });
    const second = await submit();
    expect(second.counts).toEqual({ new: 1, changed: 1, exited: 1 });
    expect((await items(workerA, second.id)).map((i) => [i.householdId, i.change])).toEqual([
      [one.id, 'changed'],
      [two.id, 'exited'],
      [three.id, 'new'],
    ]);
    expect((await items(workerA, second.id, '&change=exited')).map((i) => i.householdId)).toEqual([
      two.id,
    ]);

    // The county reports for its whole subtree: new to the county's reports.
    const county = await pending(adminA);
    expect(county.new + county.exited).toBeGreaterThanOrEqual(3);
    const countyReport = await submit(adminA);
    const countyItems = await items(adminA, countyReport.id);
    expect(countyItems.find((i) => i.householdId === one.id)?.change).toBe('new');
    expect(countyItems.find((i) => i.householdId === two.id)?.change).toBe('exited');
  });

  it('pages the items of a submission', async () => {
    for (let i = 0; i < 3; i += 1) await registeredFile(unionA2, workerA2);
    const report = await submit(workerA2);
    const page1 = (await workerA2.get(`/api/reports/${report.id}?limit=2`)).body;
    expect(page1.items).toHaveLength(2);
    expect(page1.nextAfter).toBe(page1.items[1].householdId);
    const page2 = (await workerA2.get(`/api/reports/${report.id}?limit=2&after=${page1.nextAfter}`))
      .body;
    expect(page2.items).toHaveLength(1);
    expect(page2.nextAfter).toBeNull();
  });

  it('serialises two submissions of one node: every change once, none missed', async () => {
    const ids = [];
    for (let i = 0; i < 5; i += 1) ids.push((await registeredFile()).id);
    const results = await Promise.all([
      workerA.post('/api/reports', { note: 'A' }),
      workerA.post('/api/reports', { note: 'B' }),
      adminA.post('/api/reports', { nodeId: unionA.id, note: 'C' }),
    ]);
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    const reported: number[] = [];
    for (const r of results)
      reported.push(...(await items(workerA, r.body.id)).map((i) => i.householdId));
    expect(reported.sort()).toEqual(ids.sort());
    expect(await pending()).toEqual({ new: 0, changed: 0, exited: 0 });
  });

  it('exports a submission as a workbook with masked names', async () => {
    await registeredFile(unionA, workerA, '王小明');
    const report = await submit();
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/reports/${report.id}/export`,
      headers: { cookie: workerA.cookie },
    });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows: string[] = [];
    wb.getWorksheet('上报明细')!.eachRow((row) => rows.push(String(row.values)));
    expect(rows.join('\n')).toContain('王*明');
    expect(rows.join('\n')).not.toContain('王小明');
  });
});

describe('scope of reports', () => {
  it('shows the upper level its children’s submissions, newest first, and nobody else', async () => {
    const own = await submit();
    const listed = (await adminA.get('/api/reports?limit=200')).body.items as {
      id: number;
      node: { id: number };
    }[];
    expect(listed.map((s) => s.id)).toContain(own.id);
    expect(listed.map((s) => s.id)).toEqual([...listed.map((s) => s.id)].sort((a, b) => b - a));
    const underUnion = (await adminA.get(`/api/reports?nodeId=${unionA.id}`)).body.items as {
      node: { id: number };
    }[];
    expect(new Set(underUnion.map((s) => s.node.id))).toEqual(new Set([unionA.id]));
    expect((await adminB.get('/api/reports?limit=200')).body.items).toEqual([]);
    expect(
      (await workerA2.get('/api/reports?limit=200')).body.items.map((s: { id: number }) => s.id),
    ).not.toContain(own.id);
    expect((await adminB.get(`/api/reports/${own.id}`)).status).toBe(404);
    expect((await workerA2.get(`/api/reports/${own.id}`)).status).toBe(404);
    expect((await adminB.get(`/api/reports?nodeId=${unionA.id}`)).status).toBe(404);
  });

  it('refuses a node outside the caller’s scope and users who may not manage files', async () => {
    expect((await adminB.post('/api/reports', { nodeId: unionA.id })).status).toBe(404);
    expect((await workerA.post('/api/reports', { nodeId: countyA.id })).status).toBe(404);
    expect((await adminB.get(`/api/reports/pending?nodeId=${unionA.id}`)).status).toBe(404);
    expect((await reviewerA.post('/api/reports', {})).status).toBe(403);
    expect((await reviewerA.get('/api/reports/pending')).status).toBe(200);
  });
});
