import { canGrantRoles, type Role } from '../../shared/permissions';

/**
 * A user may manage another only when the other is at or below their node (the
 * SQL scope checks that) and holds no role the manager lacks: otherwise a county
 * admin could reset a system administrator's password and become one.
 */
export function manageProblem(
  actor: { userId: number; roles: readonly Role[] },
  target: { id: number; roles: readonly string[] },
): string | null {
  if (!canGrantRoles(actor.roles, target.roles as Role[]))
    return 'the user holds a role you do not hold';
  return null;
}

export function grantProblem(actorRoles: readonly Role[], wanted: readonly Role[]): string | null {
  const missing = wanted.filter((r) => !actorRoles.includes(r));
  return missing.length ? `you cannot grant roles you do not hold: ${missing.join(', ')}` : null;
}
