import type { FastifyRequest } from 'fastify';
import type { Permission, Role } from '../../shared/permissions';
import { AppError } from '../../shared/errors';

/** The signed-in user as every service sees them. */
export type Actor = {
  userId: number;
  username: string;
  displayName: string;
  nodeId: number;
  /** Materialised path of the user's node: their scope is everything under it. */
  scopePath: string;
  roles: Role[];
  permissions: Set<Permission>;
  mustChangePassword: boolean;
  sessionId: string;
  csrfToken: string;
};

/** What a service needs to know of the request: who, and what to write in the audit log. */
export type RequestContext = { actor: Actor; requestId: string; ip: string };

/**
 * Who may call a route. Every /api route must declare one; the app refuses to
 * start otherwise, and the authorization test visits each.
 * - 'public': no session needed (login, health)
 * - 'session': any signed-in user, even one who must still change the password
 * - a Permission: signed in, password changed, and holding the permission
 */
export type RouteAccess = 'public' | 'session' | Permission;

// Module augmentation needs interfaces.
/* eslint-disable @typescript-eslint/consistent-type-definitions */
declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}
/* eslint-enable @typescript-eslint/consistent-type-definitions */

export function contextOf(request: FastifyRequest): RequestContext {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'not signed in');
  return { actor: request.actor, requestId: request.id, ip: request.ip };
}
