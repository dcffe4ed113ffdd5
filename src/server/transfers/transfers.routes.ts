import { z } from 'zod';
import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import {
  nodeCodeSchema,
  transferActionRequestSchema,
  transferQuerySchema,
  transferRequestSchema,
} from '../../shared/transfers/transfer';
import * as service from './transfers.service';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const tags = ['transfers'];

/** 转移: moving a file between nodes with approval at both ends. */
export function transfersRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/transfers/target-node',
    {
      config: { access: 'household.manage' },
      schema: {
        tags,
        summary: 'Name, code and type of an active node by its exact code (to confirm a target)',
        querystring: z.object({ code: nodeCodeSchema }),
      },
    },
    (req) => service.findTargetNode(db, req.query.code),
  );

  app.get(
    '/api/transfers',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary:
          'Outgoing (by the origin node) or incoming (by the destination node) transfers in scope',
        querystring: transferQuerySchema,
      },
    },
    (req) => service.listTransfers(db, contextOf(req), req.query),
  );

  app.get(
    '/api/transfers/:id',
    { config: { access: 'household.read' }, schema: { tags, params: idParams } },
    (req) => service.getTransfer(db, contextOf(req), req.params.id),
  );

  app.post(
    '/api/transfers/:id/actions',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary:
          'Release (origin), accept (destination), refuse (either, with an opinion) or cancel (requester)',
        params: idParams,
        body: transferActionRequestSchema,
      },
    },
    (req) => service.actOnTransfer(db, contextOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/households/:id/transfers',
    {
      config: { access: 'household.read' },
      schema: { tags, summary: 'The transfers of a file, newest first', params: idParams },
    },
    (req) => service.listHouseholdTransfers(db, contextOf(req), req.params.id),
  );

  app.post(
    '/api/households/:id/transfers',
    {
      config: { access: 'household.manage' },
      schema: {
        tags,
        summary: 'Ask to move the file to the node with the given code',
        params: idParams,
        body: transferRequestSchema,
      },
    },
    async (req, reply) => {
      const transfer = await service.requestTransfer(db, contextOf(req), req.params.id, req.body);
      return reply.status(201).send(transfer);
    },
  );
}
