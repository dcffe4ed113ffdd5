import { inTransaction, type Conn, type Db } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import { todayInShanghai } from '../../shared/households/id-number';
import {
  allowedCardActions,
  cardActionLabels,
  cardStatusAfter,
  cardStatusLabels,
  checkCardNo,
  formatCardNo,
  type CardActionRequest,
  type CardLookupResult,
  type CardStatus,
  type HouseholdCardsView,
  type WorkerCardView,
} from '../../shared/cards/worker-card';
import { maskName } from '../../shared/notices/notice-sheet';
import { auditSourceOf, recordAudit, type AuditSource } from '../audit/audit.service';
import * as q from './cards.queries';

/**
 * 职工卡: the worker card issued to the head worker of a registered file
 * (mission R5). A file has at most one card in force (issued or suspended);
 * a cancelled card stays for the record and a new one may then be issued.
 * Every change writes its event and its audit record in the same transaction.
 */

function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} not found`);
}

/**
 * Issues a card to the head worker of a household (no scope check: the caller
 * has already loaded the household in scope). Numbers count per region and
 * year under a locked counter row. Returns the new card number.
 */
async function issueCardTo(
  trx: Conn,
  source: AuditSource,
  household: {
    id: number;
    node_id: number;
    region_code: string;
    head_name: string;
    head_id_number_masked: string | null;
  },
  reason: string,
): Promise<string> {
  const today = todayInShanghai();
  const year = Number(today.slice(0, 4));
  const sequence = await q.nextCardSequence(trx, household.region_code, year);
  const cardNo = formatCardNo(household.region_code, year, sequence);
  const cardId = await q.insertCard(trx, {
    household_id: household.id,
    card_no: cardNo,
    holder_name: household.head_name,
    holder_id_number_masked: household.head_id_number_masked,
    issued_on: today,
    status_changed_by: source.actor?.userId ?? null,
  });
  await q.insertCardEvent(trx, {
    card_id: cardId,
    from_status: null,
    to_status: 'issued',
    reason,
    actor_user_id: source.actor?.userId ?? null,
  });
  await recordAudit(trx, source, {
    action: 'card.issued',
    details: { cardNo, householdId: household.id, reason },
    entityType: 'worker_card',
    entityId: cardId,
    nodeId: household.node_id,
    after: { cardNo, status: 'issued', holderName: household.head_name },
  });
  return cardNo;
}

/**
 * Called when a file becomes registered, in the registering transaction:
 * issues the head worker's card unless one is in force. Returns the number in force.
 */
export async function issueCardOnRegistration(
  trx: Conn,
  source: AuditSource,
  householdId: number,
): Promise<string> {
  const live = await q.selectLiveCard(trx, householdId);
  if (live) return live.card_no;
  const household = (await q.selectHouseholdForCard(trx, '/', householdId))!;
  return issueCardTo(trx, source, household, '建档登记');
}

/**
 * Cancels the card in force of a household, with the reason (for an exit:
 * 脱困, 注销 …); no-op when there is none. Call it in the exit's transaction.
 */
export async function cancelCardOfHousehold(
  trx: Conn,
  source: AuditSource,
  householdId: number,
  reason: string,
): Promise<void> {
  const live = await q.selectLiveCard(trx, householdId);
  if (!live) return;
  await moveCard(trx, source, live, 'cancel', reason);
}

async function moveCard(
  trx: Conn,
  source: AuditSource,
  card: q.CardRow & { node_id: number },
  action: CardActionRequest['action'],
  reason: string,
): Promise<CardStatus> {
  const from = card.status as CardStatus;
  const to = cardStatusAfter(from, action);
  if (!to) {
    const allowed = allowedCardActions(from);
    throw new AppError(
      'INVALID_STATE',
      `cannot ${action} a card that is ${from}; allowed: ${allowed.join(', ') || 'none'}`,
      {
        userMessage: `职工卡当前为“${cardStatusLabels[from].zh}”，不能${cardActionLabels[action].zh}${
          allowed.length ? `，可以：${allowed.map((a) => cardActionLabels[a].zh).join('、')}` : ''
        }`,
        details: { status: from, action, allowed },
      },
    );
  }
  const by = source.actor?.userId ?? null;
  if (!(await q.updateCardStatus(trx, card.id, from, { status: to, reason, by })))
    throw cardMoved();
  await q.insertCardEvent(trx, {
    card_id: card.id,
    from_status: from,
    to_status: to,
    reason,
    actor_user_id: by,
  });
  await recordAudit(trx, source, {
    action: 'card.status_changed',
    details: { cardNo: card.card_no, action, reason },
    entityType: 'worker_card',
    entityId: card.id,
    nodeId: card.node_id,
    before: { status: from },
    after: { status: to, statusReason: reason },
  });
  return to;
}

function cardMoved(): AppError {
  return new AppError('CONFLICT', 'the card has changed meanwhile; reload and try again', {
    userMessage: '该职工卡的状态已被他人更改，请刷新后再试',
    details: { reason: 'card_moved' },
  });
}

/** A file's cards, newest first, with each card's history and what the caller may do. */
export async function getHouseholdCards(
  db: Db,
  ctx: RequestContext,
  householdId: number,
): Promise<HouseholdCardsView> {
  const household = await q.selectHouseholdForCard(db, ctx.actor.scopePath, householdId);
  if (!household) throw notFound(`household ${householdId}`);
  const rows = await q.selectCardsOfHousehold(db, householdId);
  const events = await q.selectCardEvents(
    db,
    rows.map((r) => r.id),
  );
  const mayManage = ctx.actor.permissions.has('household.manage');
  const cards: WorkerCardView[] = rows.map((r) => ({
    id: r.id,
    cardNo: r.card_no,
    holderName: r.holder_name,
    holderIdNumberMasked: r.holder_id_number_masked,
    status: r.status as CardStatus,
    statusReason: r.status_reason,
    issuedOn: r.issued_on,
    actions: mayManage ? allowedCardActions(r.status as CardStatus) : [],
    events: events
      .filter((e) => e.card_id === r.id)
      .map((e) => ({
        at: new Date(e.at).toISOString(),
        fromStatus: e.from_status as CardStatus | null,
        toStatus: e.to_status as CardStatus,
        reason: e.reason,
        actorName: e.actor_name,
      })),
  }));
  return {
    cards,
    canIssue:
      mayManage &&
      household.case_status === 'registered' &&
      !cards.some((c) => c.status !== 'cancelled'),
  };
}

/** Issues a new card to a registered file that has none in force (after a cancellation). */
export async function issueCard(
  db: Db,
  ctx: RequestContext,
  householdId: number,
  reason: string,
): Promise<HouseholdCardsView> {
  await inTransaction(db, async (trx) => {
    const household = await q.selectHouseholdForCard(trx, ctx.actor.scopePath, householdId);
    if (!household) throw notFound(`household ${householdId}`);
    if (household.case_status !== 'registered')
      throw new AppError('INVALID_STATE', 'a card is issued only to a registered file', {
        userMessage: '档案建档登记后才能发放职工卡',
        details: { caseStatus: household.case_status },
      });
    const live = await q.selectLiveCard(trx, householdId);
    if (live)
      throw new AppError(
        'INVALID_STATE',
        `card ${live.card_no} is ${live.status}: cancel it before issuing another`,
        {
          userMessage: `该户已有职工卡（${cardStatusLabels[live.status as CardStatus].zh}），须先注销原卡`,
          details: { cardNo: live.card_no, status: live.status },
        },
      );
    await issueCardTo(trx, auditSourceOf(ctx), household, reason);
  });
  return getHouseholdCards(db, ctx, householdId);
}

/** Suspends, reinstates or cancels a card in scope, with a reason; audited. */
export async function actOnCard(
  db: Db,
  ctx: RequestContext,
  cardId: number,
  request: CardActionRequest,
): Promise<HouseholdCardsView> {
  const householdId = await inTransaction(db, async (trx) => {
    const card = await q.selectCard(trx, ctx.actor.scopePath, cardId);
    if (!card) throw notFound(`card ${cardId}`);
    if (card.status !== request.expectedStatus) throw cardMoved();
    await moveCard(trx, auditSourceOf(ctx), card, request.action, request.reason);
    return card.household_id;
  });
  return getHouseholdCards(db, ctx, householdId);
}

/**
 * 职工卡查验: verifies a typed number — its shape and check digit first (so a
 * mistyped number is caught before any lookup), then the card within the
 * caller's scope (outside it: as if absent).
 */
export async function lookupCard(
  db: Db,
  ctx: RequestContext,
  input: string,
): Promise<CardLookupResult> {
  const checked = checkCardNo(input);
  if (!checked.ok)
    throw new AppError('VALIDATION', `cardNo: ${checked.message}`, {
      userMessage:
        checked.reason === 'check_digit' ? '校验位不符：卡号有误，请核对' : '卡号应为17位数字',
      issues: [{ path: 'cardNo', message: checked.message }],
      details: { reason: checked.reason },
    });
  const row = await q.selectCardByNo(db, ctx.actor.scopePath, checked.cardNo);
  if (!row)
    throw new AppError('NOT_FOUND', `card ${checked.cardNo} not found`, {
      userMessage: '未找到该职工卡',
    });
  return {
    cardNo: row.card_no,
    status: row.status as CardStatus,
    statusReason: row.status_reason,
    holderNameMasked: maskName(row.holder_name),
    issuedOn: row.issued_on,
    issuingNodeName: row.node_name,
    fileNo: row.file_no,
    householdId: row.household_id,
  };
}
