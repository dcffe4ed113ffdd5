import { z } from 'zod';
import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import { caseActionRequestSchema } from '../../shared/cases/registration';
import * as service from './cases.service';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const tags = ['cases'];

/** The registration workflow of household files (建档流程) and the inbox (待办). */
export function casesRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/households/:id/case',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary: 'The file’s registration case, timeline and what the caller may do',
        params: idParams,
      },
    },
    (req) => service.getCase(db, contextOf(req), req.params.id),
  );

  app.post(
    '/api/households/:id/case/actions',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary:
          'Take one action (submit, pass, reject, return, resubmit, withdraw); role and level per step decide',
        params: idParams,
        body: caseActionRequestSchema,
      },
    },
    (req) => service.actOnCase(db, contextOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/inbox',
    {
      config: { access: 'household.read' },
      schema: { tags, summary: 'Cases in scope waiting for something the caller may do' },
    },
    (req) => service.getInbox(db, contextOf(req)),
  );
}
