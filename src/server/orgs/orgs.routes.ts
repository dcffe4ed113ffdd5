import { z } from 'zod';
import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import {
  createOrgNodeSchema,
  moveOrgNodeSchema,
  updateOrgNodeSchema,
} from '../../shared/orgs/org-node';
import { childRegions } from '../../shared/regions/region-code';
import * as service from './orgs.service';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const tags = ['orgs'];

export function orgsRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/orgs/root',
    { config: { access: 'org.read' }, schema: { tags, summary: 'The caller’s own node' } },
    (req) => service.getOwnRoot(db, contextOf(req)),
  );

  app.get(
    '/api/orgs/search',
    {
      config: { access: 'org.read' },
      schema: {
        tags,
        summary: 'Find nodes by name, code or region code',
        querystring: z.object({ q: z.string().trim().min(1).max(50) }),
      },
    },
    (req) => service.searchOrgNodes(db, contextOf(req), req.query.q),
  );

  app.get(
    '/api/orgs/:id',
    { config: { access: 'org.read' }, schema: { tags, params: idParams } },
    (req) => service.getOrgNode(db, contextOf(req), req.params.id),
  );

  app.get(
    '/api/orgs/:id/children',
    {
      config: { access: 'org.read' },
      schema: {
        tags,
        params: idParams,
        querystring: z.object({ includeInactive: z.enum(['true', 'false']).optional() }),
      },
    },
    (req) =>
      service.findOrgChildren(
        db,
        contextOf(req),
        req.params.id,
        req.query.includeInactive === 'true',
      ),
  );

  app.get(
    '/api/orgs/:id/figures',
    {
      config: { access: 'org.read' },
      schema: { tags, params: idParams, summary: 'Active nodes by type under a node' },
    },
    (req) => service.getNetworkFigures(db, contextOf(req), req.params.id),
  );

  app.post(
    '/api/orgs',
    { config: { access: 'org.manage' }, schema: { tags, body: createOrgNodeSchema } },
    async (req, reply) => {
      const node = await service.createOrgNode(db, contextOf(req), req.body);
      return reply.status(201).send(node);
    },
  );

  app.patch(
    '/api/orgs/:id',
    {
      config: { access: 'org.manage' },
      schema: { tags, params: idParams, body: updateOrgNodeSchema },
    },
    (req) => service.updateOrgNode(db, contextOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/orgs/:id/move',
    {
      config: { access: 'org.manage' },
      schema: { tags, params: idParams, body: moveOrgNodeSchema },
    },
    (req) => service.moveOrgNode(db, contextOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/orgs/:id/active',
    {
      config: { access: 'org.manage' },
      schema: {
        tags,
        params: idParams,
        body: z.object({ isActive: z.boolean(), version: z.number().int().nonnegative() }),
      },
    },
    (req) => service.setOrgNodeActive(db, contextOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/regions',
    {
      config: { access: 'session' },
      schema: {
        tags: ['regions'],
        summary: 'GB/T 2260 regions under a code',
        querystring: z.object({
          parent: z
            .string()
            .regex(/^\d{6}$/)
            .optional(),
        }),
      },
    },
    (req) => childRegions(req.query.parent),
  );
}
