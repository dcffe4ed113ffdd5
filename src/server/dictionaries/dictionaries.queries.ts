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
