import { z } from 'zod';
import {
  dictionaryCodes,
  dictionaryItemSchema,
  type Dictionary,
  type DictionaryItem,
} from '../households/dictionaries';

/** PUT /api/dictionaries/:code/items/:itemCode — the params. */
export const dictionaryItemParamsSchema = z.object({
  code: z.enum(dictionaryCodes),
  itemCode: dictionaryItemSchema.shape.code,
});
export type DictionaryItemParams = z.infer<typeof dictionaryItemParamsSchema>;

/**
 * PUT /api/dictionaries/:code/items/:itemCode — creates or changes one item.
 * `version` is the one the item was read with: 0 for an item never changed
 * (a default, or a new code), else the stored item's version (stale → CONFLICT).
 */
export const saveDictionaryItemSchema = z.object({
  labelZh: dictionaryItemSchema.shape.labelZh,
  labelEn: z.string().trim().max(60).default(''),
  sort: z.number().int().nonnegative().max(9999),
  isActive: z.boolean(),
  version: z.number().int().nonnegative(),
});
export type SaveDictionaryItemInput = z.infer<typeof saveDictionaryItemSchema>;

/** An item as the dictionary screen edits it. */
export type EditableDictionaryItem = DictionaryItem & {
  /** 0 while the item is the unchanged default; the stored item's version after. */
  version: number;
  /** A code of domain.md §8 (shipped with the program), not one an administrator added. */
  isDefault: boolean;
};

/** GET /api/dictionaries answers these: the dictionaries in force with what editing needs. */
export type EditableDictionary = Omit<Dictionary, 'items'> & { items: EditableDictionaryItem[] };
