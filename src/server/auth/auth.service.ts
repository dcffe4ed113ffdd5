import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../env';
import { inTransaction, type Conn, type Db } from '../db/database';
import type { Actor, RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import {
  passwordProblems,
  type ChangePasswordInput,
  type LoginInput,
} from '../../shared/auth/password-policy';
import { permissionsOf, roles as allRoles, type Role } from '../../shared/permissions';
import { recordAudit, auditSourceOf } from '../audit/audit.service';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password';
import * as q from './auth.queries';
import { failUnknownUser } from './unknown-user-failures';

export type AuthPolicy = Pick<
  Config,
  'sessionIdleMs' | 'sessionAbsoluteMs' | 'loginMaxFailures' | 'loginLockMs'
>;

function lockedError(lockedUntil: Date): AppError {
  return new AppError('UNAUTHENTICATED', `account locked until ${lockedUntil.toISOString()}`, {
    details: { reason: 'locked', lockedUntil: lockedUntil.toISOString() },
  });
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Checks a login and opens a session. Failures are written to the audit log in
 * their own transaction (they must survive the refusal), count towards a lockout,
 * and all answer the same message so that names cannot be probed.
 */
export async function login(
  db: Db,
  policy: AuthPolicy,
  input: LoginInput,
  meta: { ip: string; userAgent: string | null; requestId: string },
): Promise<{ token: string; expiresAt: Date }> {
  const user = await q.selectUserForLogin(db, input.username);
  const source = { actor: null, requestId: meta.requestId, ip: meta.ip };
  const fail = async (
    reason: 'unknown_user' | 'bad_password' | 'locked' | 'inactive',
    lockedUntil: Date | null,
    remaining: number | null,
  ): Promise<never> => {
    await recordFailure(reason, lockedUntil);
    if (reason === 'locked') throw lockedError(lockedUntil!);
    throw new AppError('UNAUTHENTICATED', 'wrong user name or password', {
      details: { reason: 'bad_credentials', remainingAttempts: remaining },
    });
  };
  async function recordFailure(
    reason: 'unknown_user' | 'bad_password' | 'locked' | 'inactive',
    lockedUntil: Date | null,
  ): Promise<void> {
    await recordAudit(
      db,
      user
        ? { ...source, actor: { userId: user.id, username: user.username, nodeId: user.node_id } }
        : source,
      {
        action: 'auth.login_failed',
        details: {
          username: input.username,
          reason,
          lockedUntil: lockedUntil?.toISOString() ?? null,
        },
        entityType: 'user',
        entityId: user?.id ?? null,
        nodeId: user?.node_id ?? null,
      },
    );
  }

  if (!user) {
    await verifyAgainstDummy(input.password);
    // Answered like a real account (attempts left, then a lock): names cannot be probed.
    const { lockedUntil, remaining } = failUnknownUser(db, input.username, policy);
    if (lockedUntil) {
      await recordFailure('unknown_user', lockedUntil);
      throw lockedError(lockedUntil);
    }
    return fail('unknown_user', null, remaining);
  }
  const now = new Date();
  if (user.locked_until && user.locked_until > now) return fail('locked', user.locked_until, 0);
  const isPasswordRight = await verifyPassword(input.password, user.password_hash);
  if (!isPasswordRight) {
    const count = user.failed_login_count + 1;
    if (count >= policy.loginMaxFailures) {
      const lockedUntil = new Date(now.getTime() + policy.loginLockMs);
      await q.updateLoginFailure(db, user.id, 0, lockedUntil);
      return fail('locked', lockedUntil, 0);
    }
    await q.updateLoginFailure(db, user.id, count, null);
    return fail('bad_password', null, policy.loginMaxFailures - count);
  }
  // Checked after the password so that a wrong guess cannot tell an inactive account apart.
  if (!user.is_active || !user.node_is_active) return fail('inactive', null, null);

  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + policy.sessionAbsoluteMs);
  await inTransaction(db, async (trx) => {
    await q.updateLoginSuccess(trx, user.id);
    await q.insertSession(trx, {
      id: hashSessionToken(token),
      user_id: user.id,
      csrf_token: randomBytes(24).toString('base64url'),
      expires_at: expiresAt,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    });
    await recordAudit(
      trx,
      { ...source, actor: { userId: user.id, username: user.username, nodeId: user.node_id } },
      {
        action: 'auth.login',
        details: {},
        entityType: 'session',
        entityId: user.id,
        nodeId: user.node_id,
      },
    );
  });
  return { token, expiresAt };
}

/**
 * The actor behind a session cookie, or null when it is missing, expired (idle or
 * absolute), or its user or node was deactivated. Touches the session at most once a minute.
 */
export async function resolveSession(
  db: Db,
  policy: AuthPolicy,
  token: string,
): Promise<Actor | null> {
  const sessionId = hashSessionToken(token);
  const row = await q.selectSessionWithUser(db, sessionId);
  if (!row) return null;
  const now = Date.now();
  const isExpired =
    row.expires_at.getTime() <= now || row.last_seen_at.getTime() + policy.sessionIdleMs <= now;
  if (isExpired || !row.is_active || !row.node_is_active) {
    await q.deleteSession(db, sessionId);
    return null;
  }
  if (now - row.last_seen_at.getTime() > 60_000) await q.touchSession(db, sessionId);
  const roles = row.roles.filter((r): r is Role => (allRoles as readonly string[]).includes(r));
  return {
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    nodeId: row.node_id,
    scopePath: row.node_path,
    roles,
    permissions: permissionsOf(roles),
    mustChangePassword: row.must_change_password,
    sessionId,
    csrfToken: row.csrf_token,
  };
}

export async function logout(db: Db, ctx: RequestContext): Promise<void> {
  await inTransaction(db, async (trx) => {
    await q.deleteSession(trx, ctx.actor.sessionId);
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'auth.logout',
      details: {},
      entityType: 'session',
      entityId: ctx.actor.userId,
      nodeId: ctx.actor.nodeId,
    });
  });
}

/** Changes the caller's own password; other sessions of the user are closed. */
export async function changeOwnPassword(
  db: Db,
  ctx: RequestContext,
  input: ChangePasswordInput,
): Promise<void> {
  const current = await q.selectPasswordHash(db, ctx.actor.userId);
  if (!(await verifyPassword(input.currentPassword, current.password_hash)))
    throw new AppError('VALIDATION', 'currentPassword: wrong password', {
      issues: [{ path: 'currentPassword', message: 'wrong password' }],
    });
  const problems = passwordProblems(input.newPassword, current.username);
  if (input.newPassword === input.currentPassword)
    problems.push('must differ from the current password');
  if (problems.length)
    throw new AppError('VALIDATION', `newPassword: needs ${problems.join('; ')}`, {
      issues: [{ path: 'newPassword', message: `needs ${problems.join('; ')}` }],
    });
  const hash = await hashPassword(input.newPassword);
  await inTransaction(db, async (trx) => {
    await q.updatePassword(trx, ctx.actor.userId, hash, false);
    await q.deleteUserSessions(trx, ctx.actor.userId, ctx.actor.sessionId);
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'auth.password_changed',
      details: {},
      entityType: 'user',
      entityId: ctx.actor.userId,
      nodeId: ctx.actor.nodeId,
    });
  });
}

export async function purgeExpiredSessions(db: Db, policy: AuthPolicy): Promise<void> {
  await q.deleteExpiredSessions(db, new Date(Date.now() - policy.sessionIdleMs));
}

/** Ends every session of a user (deactivated, roles changed, password reset). */
export async function endUserSessions(conn: Conn, userId: number): Promise<void> {
  await q.deleteUserSessions(conn, userId);
}
