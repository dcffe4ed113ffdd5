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

let t: TestApp;
let countyA: TestNode;
let unionA: TestNode;
let countyB: TestNode;
let unionB: TestNode;
let workerA: Session;
let reviewerA: Session;
let workerB: Session;
let reviewerB: Session;
let helperB: Session;
let adminC: Session;
let seq = 700;

async function newFile() {
  seq += 2;
  const res = await workerA.post(
    '/api/households',
    householdInput(unionA.id, { headSeq: seq + 1, childSeq: seq }),
  );
  expect(res.status, res.text).toBe(201);
  return res.body as { id: number; version: number };
}

async function request(householdId: number, code = unionB.code, session = workerA) {
  return session.post(`/api/households/${householdId}/transfers`, {
    toNodeCode: code,
    reason: 'worker_moved',
    note: '职工调往秦淮区工作',
  });
}

async function requested() {
  const file = await newFile();
  const res = await request(file.id);
  expect(res.status, res.text).toBe(201);
  return res.body as { id: number; version: number; householdId: number };
}

async function act(
  session: Session,
  transfer: { id: number; version: number },
  action: string,
  opinion: string | null = null,
) {
  return session.post(`/api/transfers/${transfer.id}/actions`, {
    action,
    version: transfer.version,
    opinion,
  });
}

async function released() {
  const transfer = await requested();
  const res = await act(reviewerA, transfer, 'release');
  expect(res.status, res.text).toBe(200);
  return res.body as { id: number; version: number; householdId: number };
}

beforeAll(async () => {
  t = await createTestApp();
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city' });
  countyA = await buildNode(t.db, city, { type: 'county', regionCode: '320102' });
  unionA = await buildNode(t.db, countyA, { name: '玄武机械厂工会' });
  countyB = await buildNode(t.db, city, { type: 'county', regionCode: '320104' });
  unionB = await buildNode(t.db, countyB, {
    name: '秦淮纺织厂工会',
    code: 'QH-FZ',
    regionCode: '320104',
  });
  const countyC = await buildNode(t.db, city, { type: 'county', regionCode: '320105' });
  await addNanjingLines(t.db);
  const login = async (node: TestNode, roles: Role[]) =>
    t.login((await buildUser(t.db, node, { roles })).username);
  workerA = await login(unionA, ['case_worker']);
  reviewerA = await login(countyA, ['reviewer']);
  workerB = await login(unionB, ['case_worker']);
  reviewerB = await login(countyB, ['reviewer']);
  helperB = await login(countyB, ['helper']);
  adminC = await login(countyC, ['federation_admin', 'reviewer', 'case_worker']);
}, 60_000);

afterAll(() => t.close());

describe('GET /api/transfers/target-node', () => {
  it('answers the name, code and type of an active node by its exact code', async () => {
    const res = await workerA.get(`/api/transfers/target-node?code=${unionB.code}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: unionB.id,
      code: 'QH-FZ',
      name: '秦淮纺织厂工会',
      type: 'grassroots',
    });
  });

  it('answers NOT_FOUND for an unknown code, a partial code or a deactivated node', async () => {
    expect((await workerA.get('/api/transfers/target-node?code=NOPE')).status).toBe(404);
    expect((await workerA.get('/api/transfers/target-node?code=QH-')).status).toBe(404);
    const closed = await buildNode(t.db, countyB, { code: 'QH-OLD' });
    await t.db
      .updateTable('org_nodes')
      .set({ is_active: false })
      .where('id', '=', closed.id)
      .execute();
    expect((await workerA.get('/api/transfers/target-node?code=QH-OLD')).status).toBe(404);
  });

  it('is for users who may manage files', async () => {
    expect((await reviewerA.get(`/api/transfers/target-node?code=${unionB.code}`)).status).toBe(
      403,
    );
  });
});

describe('requestTransfer', () => {
  it('opens a transfer from the file’s node to the named node', async () => {
    const file = await newFile();
    const res = await request(file.id);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      householdId: file.id,
      status: 'requested',
      reason: 'worker_moved',
      note: '职工调往秦淮区工作',
      headNameMasked: '张*国',
      memberCount: 2,
      fromNode: { id: unionA.id },
      toNode: { id: unionB.id, code: 'QH-FZ' },
      actions: ['cancel'],
    });
  });

  it('allows one open transfer per file', async () => {
    const transfer = await requested();
    const res = await request(transfer.householdId);
    expect(res.status).toBe(409);
    expect(res.body.error.details.reason).toBe('transfer_open');
  });

  it('refuses an unknown code and the file’s own node', async () => {
    const file = await newFile();
    expect((await request(file.id, 'NOPE')).status).toBe(400);
    expect((await request(file.id, unionA.code)).status).toBe(400);
  });

  it('refuses a closed file with INVALID_STATE', async () => {
    const file = await newFile();
    await t.db
      .updateTable('households')
      .set({ status: 'closed' })
      .where('id', '=', file.id)
      .execute();
    const res = await request(file.id);
    expect(res.status).toBe(422);
  });

  it('answers NOT_FOUND for a file outside the caller’s scope, 403 without household.manage', async () => {
    const file = await newFile();
    expect((await request(file.id, unionB.code, adminC)).status).toBe(404);
    expect((await request(file.id, unionB.code, workerB)).status).toBe(404);
    expect((await request(file.id, unionB.code, reviewerA)).status).toBe(403);
  });
});

describe('the lists of transfers', () => {
  it('shows incoming transfers to the destination with limited data, outgoing to the origin', async () => {
    const transfer = await requested();
    const ids = async (session: Session, direction: string, status = 'open') =>
      (
        (await session.get(`/api/transfers?direction=${direction}&status=${status}&limit=200`)).body
          .items as { id: number }[]
      ).map((i) => i.id);
    expect(await ids(workerB, 'incoming')).toContain(transfer.id);
    expect(await ids(reviewerB, 'incoming')).toContain(transfer.id);
    expect(await ids(workerB, 'outgoing')).not.toContain(transfer.id);
    expect(await ids(workerA, 'outgoing')).toContain(transfer.id);
    expect(await ids(workerA, 'incoming')).not.toContain(transfer.id);
    expect(await ids(adminC, 'incoming', 'all')).not.toContain(transfer.id);
    expect(await ids(adminC, 'outgoing', 'all')).not.toContain(transfer.id);
    const seen = (await workerB.get(`/api/transfers?direction=incoming`)).body.items.find(
      (i: { id: number }) => i.id === transfer.id,
    );
    expect(Object.keys(seen).sort()).toEqual(
      [
        'actions',
        'category',
        'decidedAt',
        'decidedBy',
        'decisionOpinion',
        'fileKind',
        'fromNode',
        'headNameMasked',
        'householdId',
        'id',
        'memberCount',
        'note',
        'reason',
        'releaseOpinion',
        'releasedAt',
        'releasedBy',
        'requestedAt',
        'requestedBy',
        'status',
        'toNode',
        'version',
      ].sort(),
    );
    expect(seen.headNameMasked).toBe('张*国');
    expect(JSON.stringify(seen)).not.toContain('张建国');
    // Before acceptance the destination cannot open the file itself.
    expect((await workerB.get(`/api/households/${transfer.householdId}`)).status).toBe(404);
    // Either end opens the transfer; a third county does not.
    expect((await workerB.get(`/api/transfers/${transfer.id}`)).status).toBe(200);
    expect((await workerA.get(`/api/transfers/${transfer.id}`)).status).toBe(200);
    expect((await adminC.get(`/api/transfers/${transfer.id}`)).status).toBe(404);
    expect((await adminC.get(`/api/households/${transfer.householdId}/transfers`)).status).toBe(
      404,
    );
    const ofFile = (await workerA.get(`/api/households/${transfer.householdId}/transfers`)).body;
    expect(ofFile.map((x: { id: number }) => x.id)).toEqual([transfer.id]);
  });
});

describe('actOnTransfer', () => {
  it('lets only the origin side’s reviewer or administrator release', async () => {
    const transfer = await requested();
    const byWorker = await act(workerA, transfer, 'release');
    expect(byWorker.status).toBe(403);
    expect(byWorker.body.error.details.reason).toBe('transfer_role');
    const byDestination = await act(reviewerB, transfer, 'release');
    expect(byDestination.status).toBe(403);
    expect(byDestination.body.error.details.reason).toBe('transfer_side');
    expect((await act(adminC, transfer, 'release')).status).toBe(404);
    const ok = await act(reviewerA, transfer, 'release');
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ status: 'released', releasedBy: expect.any(String) });
  });

  it('refuses accept before release, and release or cancel after it, naming what is allowed', async () => {
    const transfer = await requested();
    const early = await act(workerB, transfer, 'accept');
    expect(early.status).toBe(422);
    expect(early.body.error.details.allowed).toEqual(['release', 'refuse', 'cancel']);
    const after = await released();
    for (const action of ['release', 'cancel']) {
      const res = await act(reviewerA, after, action);
      expect(res.status).toBe(422);
      expect(res.body.error.details.allowed).toEqual(['accept', 'refuse']);
    }
  });

  it('lets only the requester cancel, before the release', async () => {
    const transfer = await requested();
    expect((await act(reviewerA, transfer, 'cancel')).status).toBe(403);
    const res = await act(workerA, transfer, 'cancel');
    expect(res.status, res.text).toBe(200);
    expect(res.body.status).toBe('cancelled');
    // The file may be asked for again.
    expect((await request(transfer.householdId)).status).toBe(201);
  });

  it('lets the origin refuse with an opinion', async () => {
    const transfer = await requested();
    expect((await act(reviewerA, transfer, 'refuse')).status).toBe(400);
    const res = await act(reviewerA, transfer, 'refuse', '该户帮扶计划尚未完成');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'rejected', releaseOpinion: '该户帮扶计划尚未完成' });
    expect((await act(reviewerA, res.body, 'release')).status).toBe(422);
  });

  it('lets the destination refuse with an opinion, not the origin and not a helper', async () => {
    const transfer = await released();
    expect((await act(reviewerA, transfer, 'refuse', '不接收')).status).toBe(403);
    expect((await act(helperB, transfer, 'refuse', '不接收')).status).toBe(403);
    const res = await act(reviewerB, transfer, 'refuse', '该职工未在本单位就业');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'rejected', decisionOpinion: '该职工未在本单位就业' });
    const file = await t.db
      .selectFrom('households')
      .select('node_id')
      .where('id', '=', transfer.householdId)
      .executeTakeFirstOrThrow();
    expect(file.node_id).toBe(unionA.id);
  });

  it('moves the file on acceptance: node, path, region, re-assessment, timeline, audit', async () => {
    const transfer = await released();
    const before = (await workerA.get(`/api/households/${transfer.householdId}`)).body;
    expect((await act(reviewerA, transfer, 'accept')).status).toBe(403);
    expect((await act(helperB, transfer, 'accept')).status).toBe(403);
    const res = await act(workerB, transfer, 'accept');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ status: 'completed', decidedBy: expect.any(String) });
    const row = await t.db
      .selectFrom('households')
      .select(['node_id', 'node_path', 'region_code', 'version'])
      .where('id', '=', transfer.householdId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      node_id: unionB.id,
      node_path: unionB.path,
      region_code: '320104',
      version: before.version + 1,
    });
    // Same household, now in the destination's scope and out of the origin union's.
    const after = (await workerB.get(`/api/households/${transfer.householdId}`)).body;
    expect(after).toMatchObject({ id: before.id, nodeId: unionB.id, regionCode: '320104' });
    expect(after.assessment.id).not.toBe(before.assessment.id);
    expect(after.assessment.reason).toBe('reassessed');
    expect((await workerA.get(`/api/households/${transfer.householdId}`)).status).toBe(404);
    const view = (await workerB.get(`/api/households/${transfer.householdId}/case`)).body;
    expect(view.history.at(-1)).toMatchObject({
      action: 'transfer',
      record: { from: unionA.name, to: unionB.name },
    });
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'details', 'node_id'])
      .where('entity_type', '=', 'household')
      .where('entity_id', '=', transfer.householdId)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'household.created',
      'household.assessed',
      'transfer.requested',
      'transfer.released',
      'household.transferred',
      'household.assessed',
    ]);
    expect(audit[4]).toMatchObject({
      node_id: unionB.id,
      details: { fromNodeId: unionA.id, toNodeId: unionB.id, regionChanged: true },
    });
    // Done: nothing more may happen to it.
    expect((await act(workerB, res.body, 'refuse', '再拒绝')).status).toBe(422);
    // The history of the file stays with it.
    const ofFile = (await workerB.get(`/api/households/${transfer.householdId}/transfers`)).body;
    expect(ofFile[0]).toMatchObject({ id: transfer.id, status: 'completed' });
  });

  it('keeps the region when the destination has none of its own', async () => {
    const plain = await buildNode(t.db, countyB, { regionCode: null });
    const file = await newFile();
    const transfer = (await request(file.id, plain.code)).body;
    const rel = (await act(reviewerA, transfer, 'release')).body;
    const res = await act(reviewerB, rel, 'accept');
    expect(res.status, res.text).toBe(200);
    const row = await t.db
      .selectFrom('households')
      .select(['node_id', 'region_code'])
      .where('id', '=', file.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ node_id: plain.id, region_code: '320102' });
  });

  it('refuses a stale version with CONFLICT', async () => {
    const transfer = await requested();
    const res = await act(reviewerA, { ...transfer, version: transfer.version + 1 }, 'release');
    expect(res.status).toBe(409);
  });

  it('lets exactly one of two decisions at once win', async () => {
    const transfer = await released();
    const results = await Promise.all([
      act(workerB, transfer, 'accept'),
      act(reviewerB, transfer, 'refuse', '同时拒绝'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const releasedTwice = await requested();
    const both = await Promise.all([
      act(reviewerA, releasedTwice, 'release'),
      act(reviewerA, releasedTwice, 'release'),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
  });
});
