import type { Conn } from '../db/database';

/** Every stored dictionary item (an administrator's change or addition to a default). */
export async function selectDictionaryItems(conn: Conn) {
  return conn
    .selectFrom('dictionary_items')
    .select([
      'dictionary_code',
      'item_code',
      'label_zh',
      'label_en',
      'sort',
      'is_active',
      'version',
    ])
    .orderBy('dictionary_code')
    .orderBy('sort')
    .execute();
}

export type DictionaryItemRow = Awaited<ReturnType<typeof selectDictionaryItems>>[number];

/** One stored item, locked until the transaction ends so two saves do not interleave. */
export async function lockDictionaryItem(conn: Conn, dictionaryCode: string, itemCode: string) {
  return conn
    .selectFrom('dictionary_items')
    .select([
      'dictionary_code',
      'item_code',
      'label_zh',
      'label_en',
      'sort',
      'is_active',
      'version',
    ])
    .where('dictionary_code', '=', dictionaryCode)
    .where('item_code', '=', itemCode)
    .forUpdate()
    .executeTakeFirst();
}

/** Stores an item not stored before, at version 1 (a clash on the key is a concurrent save). */
export async function insertDictionaryItem(
  conn: Conn,
  row: {
    dictionary_code: string;
    item_code: string;
    label_zh: string;
    label_en: string | null;
    sort: number;
    is_active: boolean;
    updated_by: number;
  },
): Promise<void> {
  await conn
    .insertInto('dictionary_items')
    .values({ ...row, version: 1, updated_at: new Date() })
    .execute();
}

/** Changes a stored item if it is still at `version`; false when someone else changed it first. */
export async function updateDictionaryItem(
  conn: Conn,
  key: { dictionary_code: string; item_code: string; version: number },
  fields: {
    label_zh: string;
    label_en: string | null;
    sort: number;
    is_active: boolean;
    updated_by: number;
  },
): Promise<boolean> {
  const r = await conn
    .updateTable('dictionary_items')
    .set((eb) => ({ ...fields, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('dictionary_code', '=', key.dictionary_code)
    .where('item_code', '=', key.item_code)
    .where('version', '=', key.version)
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}
