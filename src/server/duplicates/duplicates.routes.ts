import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import { duplicateQuerySchema, duplicateReviewSchema } from '../../shared/households/duplicates';
import { findDuplicateGroups, reviewDuplicateGroup } from './duplicates.service';

const tags = ['households'];

/** Likely duplicates (疑似重复档案): the review list and a decision on a group. */
export function duplicatesRoutes(app: App, { db, cipher }: AppDeps): void {
  const deps = { db, cipher };

  app.get(
    '/api/duplicates',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary:
          'Groups of active files in scope sharing a name and birth date, a phone or a bank account',
        querystring: duplicateQuerySchema,
      },
    },
    (req) => findDuplicateGroups(deps, contextOf(req), req.query),
  );

  app.post(
    '/api/duplicates/review',
    {
      config: { access: 'household.manage' },
      schema: {
        tags,
        summary: 'Dismiss (not a duplicate) or confirm a group; audited',
        body: duplicateReviewSchema,
      },
    },
    (req) => reviewDuplicateGroup(deps, contextOf(req), req.body),
  );
}
