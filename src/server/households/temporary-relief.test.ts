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
import { todayInShanghai } from '../../shared/households/id-number';
import type { Role } from '../../shared/permissions';

let t: TestApp;
let union: TestNode;
let worker: Session;
let reviewer: Session;
let otherWorker: Session;
let seq = 300;

const inAMonth = () => {
  const d = new Date(`${todayInShanghai()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 30);
  return d.toISOString().slice(0, 10);
};

function input(overrides: { headSeq?: number; childSeq?: number } = {}) {
  seq += 2;
  return householdInput(union.id, { headSeq: seq + 1, childSeq: seq, ...overrides });
}

async function newTemporary(file = input()) {
  const res = await worker.post('/api/households/temporary', {
    file,
    temporary: { reason: '家中突发火灾', until: inAMonth() },
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

beforeAll(async () => {
  t = await createTestApp();
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city' });
  const county = await buildNode(t.db, city, { type: 'county', regionCode: '320102' });
  union = await buildNode(t.db, county, { code: 'XW-LS' });
  const otherCounty = await buildNode(t.db, city, { type: 'county', regionCode: '320104' });
  await addNanjingLines(t.db);
  const login = async (node: TestNode, roles: Role[]) =>
    t.login((await buildUser(t.db, node, { roles })).username);
  worker = await login(union, ['case_worker']);
  reviewer = await login(county, ['reviewer']);
  otherWorker = await login(otherCounty, ['case_worker', 'federation_admin']);
}, 60_000);

afterAll(() => t.close());

describe('createTemporaryHousehold', () => {
  it('enters the file at once with an L-number, its reason and end date, and no worker card', async () => {
    const file = await newTemporary();
    expect(file).toMatchObject({
      fileKind: 'temporary',
      temporaryReason: '家中突发火灾',
      temporaryUntil: inAMonth(),
      status: 'active',
      caseStatus: 'registered',
      fileNo: `L-XW-LS-${todayInShanghai().slice(0, 4)}-${String(file.id).padStart(6, '0')}`,
    });
    expect(file.assessment).not.toBeNull();
    const view = (await worker.get(`/api/households/${file.id}/case`)).body;
    expect(view.history.map((h: { action: string }) => h.action)).toEqual(['enter_temporary']);
    expect(view.history[0]).toMatchObject({ opinion: '家中突发火灾', toStatus: 'registered' });
    expect(view.actions).toEqual([]);
    const cards = await t.db
      .selectFrom('worker_cards')
      .select('id')
      .where('household_id', '=', file.id)
      .execute();
    expect(cards).toEqual([]);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', file.id)
      .where('entity_type', '=', 'household')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'household.created',
      'household.temporary_entered',
      'household.assessed',
    ]);
  });

  it('refuses an end date in the past', async () => {
    const res = await worker.post('/api/households/temporary', {
      file: input(),
      temporary: { reason: '突发疾病', until: '2020-01-01' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([{ path: 'temporary.until', message: 'in the past' }]);
  });

  it('holds its people: the same head cannot be in another active file', async () => {
    const file = input();
    await newTemporary(file);
    const res = await worker.post('/api/households', file);
    expect(res.status).toBe(409);
    expect(res.body.error.details.reason).toBe('person_in_active_file');
  });

  it('is refused to a user without household.manage', async () => {
    const res = await reviewer.post('/api/households/temporary', {
      file: input(),
      temporary: { reason: '突发疾病', until: inAMonth() },
    });
    expect(res.status).toBe(403);
  });
});

describe('the household list', () => {
  it('filters by kind and lists overdue temporary files', async () => {
    const overdue = await newTemporary();
    await t.db
      .updateTable('households')
      .set({ temporary_until: '2024-01-31' })
      .where('id', '=', overdue.id)
      .execute();
    const regular = (await worker.post('/api/households', input())).body;
    const ids = async (query: string) =>
      ((await worker.get(`/api/households?limit=200&${query}`)).body.items as { id: number }[]).map(
        (i) => i.id,
      );
    const temporary = await ids('kind=temporary');
    expect(temporary).toContain(overdue.id);
    expect(temporary).not.toContain(regular.id);
    expect(await ids('kind=regular')).toContain(regular.id);
    expect(await ids('temporaryOverdue=true')).toEqual([overdue.id]);
    expect(await ids('temporaryOverdue=false')).not.toContain(overdue.id);
    const row = (await worker.get('/api/households?kind=temporary&limit=200')).body.items.find(
      (i: { id: number }) => i.id === overdue.id,
    );
    expect(row).toMatchObject({ fileKind: 'temporary', temporaryUntil: '2024-01-31' });
  });
});

describe('convertTemporary', () => {
  it('turns the file into a regular application at draft, same household and history', async () => {
    const file = await newTemporary();
    const res = await worker.post(`/api/households/${file.id}/temporary/convert`, {
      version: file.version,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      id: file.id,
      fileKind: 'regular',
      caseStatus: 'draft',
      caseStep: 'application',
      fileNo: null,
      status: 'active',
    });
    const view = (await worker.get(`/api/households/${file.id}/case`)).body;
    expect(view.history.map((h: { action: string }) => h.action)).toEqual([
      'enter_temporary',
      'convert_temporary',
    ]);
    expect(view.actions).toContain('submit');
    // Converting again: it is no longer a temporary file.
    const again = await worker.post(`/api/households/${file.id}/temporary/convert`, {
      version: res.body.version,
    });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('INVALID_STATE');
  });

  it('refuses a stale version with CONFLICT', async () => {
    const file = await newTemporary();
    const res = await worker.post(`/api/households/${file.id}/temporary/convert`, {
      version: file.version + 5,
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT');
  });

  it('answers NOT_FOUND outside the caller’s scope', async () => {
    const file = await newTemporary();
    const res = await otherWorker.post(`/api/households/${file.id}/temporary/convert`, {
      version: file.version,
    });
    expect(res.status).toBe(404);
  });

  it('refuses a regular file', async () => {
    const regular = (await worker.post('/api/households', input())).body;
    const res = await worker.post(`/api/households/${regular.id}/temporary/convert`, {
      version: regular.version,
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('INVALID_STATE');
  });
});

describe('closeTemporaryFile', () => {
  it('closes the file with its reason and releases its people', async () => {
    const people = input();
    const file = await newTemporary(people);
    const res = await worker.post(`/api/households/${file.id}/temporary/close`, {
      version: file.version,
      reason: '救助期满，困难已缓解',
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ status: 'closed', fileKind: 'temporary' });
    const view = (await worker.get(`/api/households/${file.id}/case`)).body;
    expect(view.history.at(-1)).toMatchObject({
      action: 'close_temporary',
      opinion: '救助期满，困难已缓解',
    });
    // The same people may now be in a regular file.
    const regular = await worker.post('/api/households', people);
    expect(regular.status, regular.text).toBe(201);
    // A closed file cannot be closed or converted.
    const again = await worker.post(`/api/households/${file.id}/temporary/close`, {
      version: res.body.version,
      reason: '再次结束',
    });
    expect(again.body.error.code).toBe('INVALID_STATE');
  });

  it('needs a reason', async () => {
    const file = await newTemporary();
    const res = await worker.post(`/api/households/${file.id}/temporary/close`, {
      version: file.version,
    });
    expect(res.status).toBe(400);
  });

  it('answers NOT_FOUND outside the caller’s scope and 403 without household.manage', async () => {
    const file = await newTemporary();
    const body = { version: file.version, reason: '救助期满' };
    expect(
      (await otherWorker.post(`/api/households/${file.id}/temporary/close`, body)).status,
    ).toBe(404);
    expect((await reviewer.post(`/api/households/${file.id}/temporary/close`, body)).status).toBe(
      403,
    );
  });
});
