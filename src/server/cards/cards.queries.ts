import { sql } from 'kysely';
import type { Conn } from '../db/database';

/** The only SQL of worker cards (职工卡). Reads carry the caller's scope on households.node_path. */

const cardColumns = [
  'c.id',
  'c.household_id',
  'c.card_no',
  'c.holder_name',
  'c.holder_id_number_masked',
  'c.status',
  'c.status_reason',
  sql<string>`c.issued_on::text`.as('issued_on'),
] as const;

/** The household a card is issued for, if it lies in scope. */
export async function selectHouseholdForCard(conn: Conn, scopePath: string, householdId: number) {
  return conn
    .selectFrom('households as h')
    .select([
      'h.id',
      'h.node_id',
      'h.region_code',
      'h.head_name',
      'h.head_id_number_masked',
      'h.case_status',
      'h.file_no',
    ])
    .where('h.id', '=', householdId)
    .where('h.node_path', 'like', `${scopePath}%`)
    .executeTakeFirst();
}

export async function selectCardsOfHousehold(conn: Conn, householdId: number) {
  return conn
    .selectFrom('worker_cards as c')
    .select(cardColumns)
    .where('c.household_id', '=', householdId)
    .orderBy('c.id', 'desc')
    .execute();
}

export type CardRow = Awaited<ReturnType<typeof selectCardsOfHousehold>>[number];

/** A card and its file's node, if the file lies in scope. */
export async function selectCard(conn: Conn, scopePath: string, cardId: number) {
  return conn
    .selectFrom('worker_cards as c')
    .innerJoin('households as h', 'h.id', 'c.household_id')
    .select([...cardColumns, 'h.node_id'])
    .where('c.id', '=', cardId)
    .where('h.node_path', 'like', `${scopePath}%`)
    .executeTakeFirst();
}

/** The card in force (issued or suspended) of a household, whatever the scope. */
export async function selectLiveCard(conn: Conn, householdId: number) {
  return conn
    .selectFrom('worker_cards as c')
    .innerJoin('households as h', 'h.id', 'c.household_id')
    .select([...cardColumns, 'h.node_id'])
    .where('c.household_id', '=', householdId)
    .where('c.status', '<>', 'cancelled')
    .executeTakeFirst();
}

/** A card by number, with what a lookup shows, if its file lies in scope. */
export async function selectCardByNo(conn: Conn, scopePath: string, cardNo: string) {
  return conn
    .selectFrom('worker_cards as c')
    .innerJoin('households as h', 'h.id', 'c.household_id')
    .innerJoin('org_nodes as n', 'n.id', 'h.node_id')
    .select([...cardColumns, 'h.file_no', 'n.name as node_name'])
    .where('c.card_no', '=', cardNo)
    .where('h.node_path', 'like', `${scopePath}%`)
    .executeTakeFirst();
}

export async function selectCardEvents(conn: Conn, cardIds: readonly number[]) {
  if (cardIds.length === 0) return [];
  return conn
    .selectFrom('worker_card_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .select([
      'e.card_id',
      'e.at',
      'e.from_status',
      'e.to_status',
      'e.reason',
      'u.display_name as actor_name',
    ])
    .where('e.card_id', 'in', cardIds)
    .orderBy('e.id')
    .execute();
}

/** The next card sequence of a region in a year (the counter row is locked until commit). */
export async function nextCardSequence(
  conn: Conn,
  regionCode: string,
  year: number,
): Promise<number> {
  const r = await conn
    .insertInto('card_no_counters')
    .values({ region_code: regionCode, year, last: 1 })
    .onConflict((oc) =>
      oc.columns(['region_code', 'year']).doUpdateSet({ last: sql`card_no_counters.last + 1` }),
    )
    .returning('last')
    .executeTakeFirstOrThrow();
  return r.last;
}

export async function insertCard(
  conn: Conn,
  row: {
    household_id: number;
    card_no: string;
    holder_name: string;
    holder_id_number_masked: string | null;
    issued_on: string;
    status_changed_by: number | null;
  },
): Promise<number> {
  const r = await conn
    .insertInto('worker_cards')
    .values({ ...row, status: 'issued', status_changed_at: sql`now()` })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Changes the status if it still is what the actor saw; false when someone acted first. */
export async function updateCardStatus(
  conn: Conn,
  cardId: number,
  from: string,
  to: { status: string; reason: string; by: number | null },
): Promise<boolean> {
  const r = await conn
    .updateTable('worker_cards')
    .set({
      status: to.status,
      status_reason: to.reason,
      status_changed_at: sql`now()`,
      status_changed_by: to.by,
    })
    .where('id', '=', cardId)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertCardEvent(
  conn: Conn,
  row: {
    card_id: number;
    from_status: string | null;
    to_status: string;
    reason: string | null;
    actor_user_id: number | null;
  },
): Promise<void> {
  await conn.insertInto('worker_card_events').values(row).execute();
}
