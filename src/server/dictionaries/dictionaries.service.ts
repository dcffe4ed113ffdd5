import type { Conn } from '../db/database';
import {
  defaultDictionaries,
  type Dictionary,
  type DictionaryCode,
} from '../../shared/households/dictionaries';
import * as q from './dictionaries.queries';

/**
 * The dictionaries in force: the defaults of domain.md §8 with the stored
 * changes and additions laid over them, items ordered by `sort`.
 */
export async function loadDictionaries(conn: Conn): Promise<Dictionary[]> {
  const stored = await q.selectDictionaryItems(conn);
  return defaultDictionaries.map((d) => {
    const items = new Map(d.items.map((i) => [i.code, { ...i }]));
    for (const row of stored.filter((r) => r.dictionary_code === d.code))
      items.set(row.item_code, {
        code: row.item_code,
        labelZh: row.label_zh,
        ...(row.label_en ? { labelEn: row.label_en } : {}),
        sort: row.sort,
        isActive: row.is_active,
      });
    return { ...d, items: [...items.values()].sort((a, b) => a.sort - b.sort) };
  });
}

/** Is `code` an item of the dictionary (active, or — when `allowInactive` — retired)? */
export function hasItem(
  dictionaries: readonly Dictionary[],
  dictionary: DictionaryCode,
  code: string,
  allowInactive = false,
): boolean {
  const item = dictionaries.find((d) => d.code === dictionary)?.items.find((i) => i.code === code);
  return !!item && (item.isActive || allowInactive);
}
