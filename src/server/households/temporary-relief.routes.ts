import { z } from 'zod';
import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import {
  temporaryCloseSchema,
  temporaryConvertSchema,
  temporaryFileInputSchema,
} from '../../shared/households/temporary-relief';
import * as service from './temporary-relief.service';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const tags = ['households'];

/** 临时救助档案: create, convert into a regular file, close. */
export function temporaryReliefRoutes(app: App, { db, cipher }: AppDeps): void {
  const deps = { db, cipher };

  app.post(
    '/api/households/temporary',
    {
      config: { access: 'household.manage' },
      schema: {
        tags,
        summary: 'Create a temporary-relief file (entered at once, no workflow, no worker card)',
        body: temporaryFileInputSchema,
      },
    },
    async (req, reply) => {
      const file = await service.createTemporaryHousehold(deps, contextOf(req), req.body);
      return reply.status(201).send(file);
    },
  );

  app.post(
    '/api/households/:id/temporary/convert',
    {
      config: { access: 'household.manage' },
      schema: {
        tags,
        summary: 'Convert a temporary file into a regular application (back to draft)',
        params: idParams,
        body: temporaryConvertSchema,
      },
    },
    (req) => service.convertTemporary(deps, contextOf(req), req.params.id, req.body.version),
  );

  app.post(
    '/api/households/:id/temporary/close',
    {
      config: { access: 'household.manage' },
      schema: {
        tags,
        summary: 'Close a temporary file with a reason (its people are released)',
        params: idParams,
        body: temporaryCloseSchema,
      },
    },
    (req) => service.closeTemporaryFile(deps, contextOf(req), req.params.id, req.body),
  );
}
