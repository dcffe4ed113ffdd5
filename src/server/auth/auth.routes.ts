import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import { sessionCookie } from '../http/access';
import { changePasswordSchema, loginSchema } from '../../shared/auth/password-policy';
import { getOrgNode } from '../orgs/orgs.service';
import * as service from './auth.service';

const tags = ['auth'];

export function authRoutes(app: App, { db, config }: AppDeps): void {
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: config.secureCookies,
    path: '/',
  };

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: { tags, summary: 'Sign in; sets the session cookie', body: loginSchema },
    },
    async (req, reply) => {
      const { token, expiresAt } = await service.login(db, config, req.body, {
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
        requestId: req.id,
      });
      void reply.setCookie(sessionCookie, token, { ...cookieOptions, expires: expiresAt });
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { access: 'session' }, schema: { tags } },
    async (req, reply) => {
      await service.logout(db, contextOf(req));
      void reply.clearCookie(sessionCookie, cookieOptions);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: 'session' },
      schema: { tags, summary: 'The signed-in user, permissions and CSRF token' },
    },
    async (req) => {
      const ctx = contextOf(req);
      const { actor } = ctx;
      const node = await getOrgNode(db, ctx, actor.nodeId);
      return {
        userId: actor.userId,
        username: actor.username,
        displayName: actor.displayName,
        roles: actor.roles,
        permissions: [...actor.permissions],
        mustChangePassword: actor.mustChangePassword,
        csrfToken: actor.csrfToken,
        node: { id: node.id, name: node.name, type: node.type, code: node.code },
      };
    },
  );

  app.post(
    '/api/auth/password',
    {
      config: { access: 'session' },
      schema: { tags, summary: 'Change one’s own password', body: changePasswordSchema },
    },
    async (req, reply) => {
      await service.changeOwnPassword(db, contextOf(req), req.body);
      return reply.status(204).send();
    },
  );
}
