import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import {
  dictionaryItemParamsSchema,
  saveDictionaryItemSchema,
} from '../../shared/dictionaries/dictionary-edit';
import { findEditableDictionaries, saveDictionaryItem } from './dictionaries.service';

const tags = ['dictionaries'];

/** The dictionaries (数据字典) in force: every form's choices, edited by a national administrator. */
export function dictionariesRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/dictionaries',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Every dictionary with its items (defaults of domain.md §8 plus local changes)',
      },
    },
    () => findEditableDictionaries(db),
  );

  app.put(
    '/api/dictionaries/:code/items/:itemCode',
    {
      config: { access: 'dictionary.manage' },
      schema: {
        tags,
        summary:
          'Create or change one item (root-node users only; locked dictionaries: labels and order only)',
        params: dictionaryItemParamsSchema,
        body: saveDictionaryItemSchema,
      },
    },
    (req) => saveDictionaryItem(db, contextOf(req), req.params.code, req.params.itemCode, req.body),
  );
}
