import type { App, AppDeps } from '../http/app-types';
import { loadDictionaries } from './dictionaries.service';

/** The dictionaries (数据字典) in force: every form's choices. */
export function dictionariesRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/dictionaries',
    {
      config: { access: 'session' },
      schema: {
        tags: ['dictionaries'],
        summary: 'Every dictionary with its items (defaults of domain.md §8 plus local changes)',
      },
    },
    () => loadDictionaries(db),
  );
}
