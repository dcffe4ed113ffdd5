import { z } from 'zod';
import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import { roles } from '../../shared/permissions';
import {
  createUserSchema,
  resetUserPasswordSchema,
  updateUserSchema,
} from '../../shared/users/user';
import * as service from './users.service';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const tags = ['users'];

export function usersRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/users',
    {
      config: { access: 'user.read' },
      schema: {
        tags,
        querystring: z.object({
          nodeId: z.coerce.number().int().positive().optional(),
          q: z.string().trim().max(50).optional(),
          role: z.enum(roles).optional(),
          after: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
    },
    (req) => service.findUsers(db, contextOf(req), req.query),
  );

  app.get(
    '/api/users/:id',
    { config: { access: 'user.read' }, schema: { tags, params: idParams } },
    (req) => service.getUser(db, contextOf(req), req.params.id),
  );

  app.post(
    '/api/users',
    { config: { access: 'user.manage' }, schema: { tags, body: createUserSchema } },
    async (req, reply) =>
      reply.status(201).send(await service.createUser(db, contextOf(req), req.body)),
  );

  app.patch(
    '/api/users/:id',
    {
      config: { access: 'user.manage' },
      schema: { tags, params: idParams, body: updateUserSchema },
    },
    (req) => service.updateUser(db, contextOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/users/:id/reset-password',
    {
      config: { access: 'user.manage' },
      schema: { tags, params: idParams, body: resetUserPasswordSchema },
    },
    async (req, reply) => {
      await service.resetUserPassword(db, contextOf(req), req.params.id, req.body.password);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/users/:id/unlock',
    { config: { access: 'user.manage' }, schema: { tags, params: idParams } },
    (req) => service.unlockUser(db, contextOf(req), req.params.id),
  );
}
