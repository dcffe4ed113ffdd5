import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { AppError } from '../../shared/errors';
import { permissions, type Permission } from '../../shared/permissions';
import type { Db } from '../db/database';
import { resolveSession, type AuthPolicy } from '../auth/auth.service';
import type { RouteAccess } from './context';

export const sessionCookie = 'bangfu_sid';
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Routes outside /api (the web app, the OpenAPI UI) need no declaration. */
function isApiRoute(url: string): boolean {
  return url.startsWith('/api/') && !url.startsWith('/api/docs');
}

export type RegisteredRoute = { method: string; url: string; access: RouteAccess };

/**
 * Refuses, at start-up, any /api route that does not declare who may call it,
 * and keeps the list so the authorization test can visit every route.
 */
export function installRouteRegistry(app: FastifyInstance, registry: RegisteredRoute[]): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!isApiRoute(route.url)) return;
    const access = route.config?.access;
    if (!access)
      throw new Error(
        `route ${String(route.method)} ${route.url} declares no access (config.access)`,
      );
    if (access !== 'public' && access !== 'session' && !permissions.includes(access as Permission))
      throw new Error(
        `route ${String(route.method)} ${route.url} declares unknown permission ${access}`,
      );
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      registry.push({ method, url: route.url, access });
    }
  });
}

/**
 * Authentication, password-change gate, permission and CSRF checks, in that
 * order, before the body is even parsed: 401 and 403 never depend on input.
 */
export function installAccessControl(app: FastifyInstance, db: Db, policy: AuthPolicy): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const access = request.routeOptions.config?.access;
    if (!access) return;
    const token = request.cookies[sessionCookie];
    request.actor = token ? await resolveSession(db, policy, token) : null;
    if (access === 'public') return;
    const actor = request.actor;
    if (!actor) throw new AppError('UNAUTHENTICATED', 'not signed in or session expired');
    if (!safeMethods.has(request.method) && request.headers['x-csrf-token'] !== actor.csrfToken)
      throw new AppError('FORBIDDEN', 'missing or wrong x-csrf-token header', {
        details: { reason: 'csrf' },
      });
    if (access === 'session') return;
    if (actor.mustChangePassword)
      throw new AppError('FORBIDDEN', 'the password must be changed first', {
        details: { reason: 'password_change' },
      });
    if (!actor.permissions.has(access))
      throw new AppError('FORBIDDEN', `needs permission ${access}`, {
        details: { reason: 'permission', permission: access },
      });
  });
}
