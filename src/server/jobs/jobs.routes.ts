import { z } from 'zod';
import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import { jobListQuerySchema } from '../../shared/policy/policy-impact';
import * as service from './jobs.service';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const tags = ['jobs'];

/** Background jobs (后台任务) of the caller's subtree: progress, and cancel. */
export function jobsRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/jobs',
    {
      config: { access: 'policy.read' },
      schema: {
        tags,
        summary: 'Recent jobs in scope, newest first',
        querystring: jobListQuerySchema,
      },
    },
    (req) => service.findJobs(db, contextOf(req), req.query),
  );

  app.get(
    '/api/jobs/:id',
    { config: { access: 'policy.read' }, schema: { tags, params: idParams } },
    (req) => service.getJob(db, contextOf(req), req.params.id),
  );

  app.post(
    '/api/jobs/:id/cancel',
    { config: { access: 'policy.manage' }, schema: { tags, params: idParams } },
    (req) => service.cancelJob(db, contextOf(req), req.params.id),
  );
}
