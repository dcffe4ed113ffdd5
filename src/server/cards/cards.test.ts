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
import { checkCardNo, formatCardNo } from '../../shared/cards/worker-card';
import { inTransaction } from '../db/database';
import { cancelCardOfHousehold } from './cards.service';
import { registerDirectly } from '../cases/cases.service';

let t: TestApp;
let union: TestNode;
let worker: Session;
let reviewer: Session;
let countyAdmin: Session;
let otherAdmin: Session;
let seq = 300;

beforeAll(async () => {
  t = await createTestApp();
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city' });
  const county = await buildNode(t.db, city, { type: 'county', regionCode: '320102' });
  union = await buildNode(t.db, county, { name: '玄武机械厂工会' });
  const otherCounty = await buildNode(t.db, city, { type: 'county', regionCode: '320104' });
  await addNanjingLines(t.db);
  const login = async (node: TestNode, roles: Role[]) =>
    t.login((await buildUser(t.db, node, { roles })).username);
  worker = await login(union, ['case_worker']);
  reviewer = await login(union, ['reviewer']);
  countyAdmin = await login(county, ['federation_admin']);
  otherAdmin = await login(otherCounty, ['federation_admin', 'case_worker']);
}, 60_000);

afterAll(() => t.close());

/** A file of the union, registered by the county's approval. */
async function registeredFile() {
  seq += 2;
  const input = householdInput(union.id, { headSeq: seq + 1, childSeq: seq });
  input.members[0]!.name = '欧阳建华';
  const created = await worker.post('/api/households', input);
  expect(created.status, created.text).toBe(201);
  const id = created.body.id as number;
  await t.db
    .updateTable('households')
    .set({ case_status: 'in_review', case_step: 'approval' })
    .where('id', '=', id)
    .execute();
  const res = await countyAdmin.post(`/api/households/${id}/case/actions`, {
    action: 'pass',
    expected: { status: 'in_review', step: 'approval' },
  });
  expect(res.status, res.text).toBe(200);
  return id;
}

async function cardsOf(id: number, session = worker) {
  const res = await session.get(`/api/households/${id}/cards`);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

describe('card issue at registration', () => {
  it('issues a numbered card to the head worker when the file is registered', async () => {
    const id = await registeredFile();
    const view = await cardsOf(id);
    expect(view.cards).toHaveLength(1);
    const card = view.cards[0];
    expect(card).toMatchObject({
      status: 'issued',
      holderName: '欧阳建华',
      actions: ['suspend', 'cancel'],
    });
    expect(card.cardNo).toMatch(new RegExp(`^320102${new Date().getFullYear()}\\d{7}$`));
    expect(checkCardNo(card.cardNo).ok).toBe(true);
    expect(card.holderIdNumberMasked).toMatch(/\*/);
    expect(card.events.map((e: any) => e.toStatus)).toEqual(['issued']);
    expect(view.canIssue).toBe(false);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'request_id'])
      .where('entity_type', '=', 'worker_card')
      .where('entity_id', '=', card.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['card.issued']);
  });

  it('numbers the cards of a region and year one after another', async () => {
    const a = (await cardsOf(await registeredFile())).cards[0].cardNo as string;
    const b = (await cardsOf(await registeredFile())).cards[0].cardNo as string;
    expect(Number(b.slice(10, 16))).toBe(Number(a.slice(10, 16)) + 1);
  });

  it('issues a card to a file entered as registered directly', async () => {
    seq += 2;
    const created = await worker.post(
      '/api/households',
      householdInput(union.id, { headSeq: seq + 1, childSeq: seq }),
    );
    const id = created.body.id as number;
    await inTransaction(t.db, (trx) => registerDirectly(trx, { actor: null }, id, '历史档案'));
    expect((await cardsOf(id)).cards[0].status).toBe('issued');
  });

  it('issues no card before registration', async () => {
    seq += 2;
    const created = await worker.post(
      '/api/households',
      householdInput(union.id, { headSeq: seq + 1, childSeq: seq }),
    );
    const view = await cardsOf(created.body.id);
    expect(view).toEqual({ cards: [], canIssue: false });
    const res = await worker.post(`/api/households/${created.body.id}/cards`, { reason: '补发' });
    expect(res.status).toBe(422);
  });
});

describe('card status', () => {
  it('suspends, reinstates and cancels with a reason; cancelled is final; a new card follows', async () => {
    const id = await registeredFile();
    const card = (await cardsOf(id)).cards[0];
    const act = (action: string, expectedStatus: string, reason = '职工本人挂失') =>
      worker.post(`/api/cards/${card.id}/actions`, { action, expectedStatus, reason });
    const suspended = await act('suspend', 'issued');
    expect(suspended.status, suspended.text).toBe(200);
    expect(suspended.body.cards[0]).toMatchObject({
      status: 'suspended',
      statusReason: '职工本人挂失',
      actions: ['reinstate', 'cancel'],
    });
    const stale = await act('cancel', 'issued');
    expect(stale.status).toBe(409);
    const twice = await act('suspend', 'suspended');
    expect(twice.status).toBe(422);
    expect(twice.body.error.details.allowed).toEqual(['reinstate', 'cancel']);
    expect((await act('reinstate', 'suspended', '已找回')).body.cards[0].status).toBe('issued');
    const noReason = await worker.post(`/api/cards/${card.id}/actions`, {
      action: 'cancel',
      expectedStatus: 'issued',
      reason: ' ',
    });
    expect(noReason.status).toBe(400);
    const cancelled = (await act('cancel', 'issued', '换发新卡')).body;
    expect(cancelled.cards[0]).toMatchObject({ status: 'cancelled', actions: [] });
    expect(cancelled.cards[0].events.map((e: any) => e.toStatus)).toEqual([
      'issued',
      'suspended',
      'issued',
      'cancelled',
    ]);
    expect(cancelled.canIssue).toBe(true);
    expect((await act('reinstate', 'cancelled')).status).toBe(422);
    const reissued = await worker.post(`/api/households/${id}/cards`, { reason: '换发新卡' });
    expect(reissued.status, reissued.text).toBe(200);
    expect(reissued.body.cards.map((c: any) => c.status)).toEqual(['issued', 'cancelled']);
    expect(reissued.body.cards[0].cardNo).not.toBe(card.cardNo);
    expect((await worker.post(`/api/households/${id}/cards`, { reason: '再发' })).status).toBe(422);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'worker_card')
      .where('entity_id', '=', card.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'card.issued',
      'card.status_changed',
      'card.status_changed',
      'card.status_changed',
    ]);
  });

  it('shows no actions to a reviewer without household.manage, and refuses them', async () => {
    const id = await registeredFile();
    const view = await cardsOf(id, reviewer);
    expect(view.cards[0].actions).toEqual([]);
    const res = await reviewer.post(`/api/cards/${view.cards[0].id}/actions`, {
      action: 'suspend',
      expectedStatus: 'issued',
      reason: '核查',
    });
    expect(res.status).toBe(403);
  });

  it('cancels the card of a file that exits, and does nothing when there is none', async () => {
    const id = await registeredFile();
    await inTransaction(t.db, (trx) => cancelCardOfHousehold(trx, { actor: null }, id, '脱困退出'));
    const card = (await cardsOf(id)).cards[0];
    expect(card).toMatchObject({ status: 'cancelled', statusReason: '脱困退出' });
    await inTransaction(t.db, (trx) => cancelCardOfHousehold(trx, { actor: null }, id, '再次'));
    expect((await cardsOf(id)).cards[0].events).toHaveLength(2);
  });

  it('answers NOT_FOUND to another county', async () => {
    const id = await registeredFile();
    const card = (await cardsOf(id)).cards[0];
    expect((await otherAdmin.get(`/api/households/${id}/cards`)).status).toBe(404);
    const res = await otherAdmin.post(`/api/cards/${card.id}/actions`, {
      action: 'suspend',
      expectedStatus: 'issued',
      reason: '越权',
    });
    expect(res.status).toBe(404);
  });
});

describe('card lookup', () => {
  it('verifies a card: status, masked holder, node and file number', async () => {
    const id = await registeredFile();
    const card = (await cardsOf(id)).cards[0];
    const res = await worker.get(`/api/cards/lookup?cardNo=${encodeURIComponent(card.cardNo)}`);
    expect(res.status, res.text).toBe(200);
    const file = (await worker.get(`/api/households/${id}`)).body;
    expect(res.body).toEqual({
      cardNo: card.cardNo,
      status: 'issued',
      statusReason: null,
      holderNameMasked: '欧**华',
      issuedOn: card.issuedOn,
      issuingNodeName: '玄武机械厂工会',
      fileNo: file.fileNo,
      householdId: id,
    });
  });

  it('catches a mistyped number by its check digit before any lookup', async () => {
    const good = formatCardNo('320102', 2026, 1);
    const typo = `${good.slice(0, -1)}${(Number(good.at(-1)) + 1) % 10}`;
    const res = await worker.get(`/api/cards/lookup?cardNo=${encodeURIComponent(typo)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.userMessage).toContain('校验位不符');
    expect(res.body.error.details.reason).toBe('check_digit');
    const short = await worker.get(`/api/cards/lookup?cardNo=${encodeURIComponent('12345')}`);
    expect(short.body.error.details.reason).toBe('format');
  });

  it('answers a card outside the caller’s scope as if it did not exist', async () => {
    const id = await registeredFile();
    const card = (await cardsOf(id)).cards[0];
    const outside = await otherAdmin.get(
      `/api/cards/lookup?cardNo=${encodeURIComponent(card.cardNo)}`,
    );
    const absent = await otherAdmin.get(
      `/api/cards/lookup?cardNo=${encodeURIComponent(formatCardNo('320104', 2020, 999_999))}`,
    );
    expect(outside.status).toBe(404);
    expect(outside.body.error.userMessage).toBe(absent.body.error.userMessage);
  });
});
