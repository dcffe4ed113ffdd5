import { inTransaction, type Db, type Conn } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import { passwordProblems } from '../../shared/auth/password-policy';
import type { Role } from '../../shared/permissions';
import type { CreateUserInput, UpdateUserInput, User } from '../../shared/users/user';
import { auditSourceOf, recordAudit, type AuditSource } from '../audit/audit.service';
import { hashPassword } from '../auth/password';
import { endUserSessions as deleteUserSessions } from '../auth/auth.service';
import { getOrgNode, getOrgNodePath, staleVersion } from '../orgs/orgs.service';
import { grantProblem, manageProblem } from './users.policy';
import * as q from './users.queries';

function presentUser(row: q.UserRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    phone: row.phone,
    nodeId: row.node_id,
    nodeName: row.node_name,
    roles: row.roles as Role[],
    isActive: row.is_active,
    mustChangePassword: row.must_change_password,
    lockedUntil:
      row.locked_until && row.locked_until > new Date() ? row.locked_until.toISOString() : null,
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
    version: row.version,
    createdAt: row.created_at.toISOString(),
  };
}

function snapshot(row: q.UserRow) {
  return {
    username: row.username,
    displayName: row.display_name,
    phone: row.phone,
    nodeId: row.node_id,
    roles: row.roles,
    isActive: row.is_active,
  };
}

function forbid(message: string): never {
  throw new AppError('FORBIDDEN', message);
}

export async function getUser(db: Db, ctx: RequestContext, id: number): Promise<User> {
  const row = await q.selectUserInScope(db, ctx.actor.scopePath, id);
  if (!row) throw new AppError('NOT_FOUND', `user ${id} not found`);
  return presentUser(row);
}

/** Users at or below the caller's node, optionally under one node, keyset-paged by id. */
export async function findUsers(
  db: Db,
  ctx: RequestContext,
  filter: {
    nodeId?: number | undefined;
    q?: string | undefined;
    role?: Role | undefined;
    after?: number | undefined;
    limit: number;
  },
) {
  const nodePath = filter.nodeId ? await getOrgNodePath(db, ctx, filter.nodeId) : undefined;
  const rows = await q.selectUsersPage(db, ctx.actor.scopePath, {
    ...(nodePath ? { nodePath } : {}),
    ...(filter.q ? { text: filter.q } : {}),
    ...(filter.role ? { role: filter.role } : {}),
    ...(filter.after ? { afterId: filter.after } : {}),
    limit: filter.limit,
  });
  const page = rows.slice(0, filter.limit);
  return {
    items: page.map(presentUser),
    nextCursor: rows.length > filter.limit ? page.at(-1)!.id : null,
  };
}

/** Creates a user at or below the caller's node with roles the caller holds. */
export async function createUser(
  db: Db,
  ctx: RequestContext,
  input: CreateUserInput,
): Promise<User> {
  const problem = grantProblem(ctx.actor.roles, input.roles);
  if (problem) forbid(problem);
  const pwProblems = passwordProblems(input.password, input.username);
  if (pwProblems.length)
    throw new AppError('VALIDATION', `password: needs ${pwProblems.join('; ')}`, {
      issues: [{ path: 'password', message: `needs ${pwProblems.join('; ')}` }],
    });
  const node = await getOrgNode(db, ctx, input.nodeId);
  if (!node.isActive) throw new AppError('INVALID_STATE', 'nodeId: the node is deactivated');
  const hash = await hashPassword(input.password);
  return inTransaction(db, async (trx) => {
    const id = await insertUserAudited(trx, auditSourceOf(ctx), {
      ...input,
      passwordHash: hash,
      mustChangePassword: true,
    });
    return presentUser((await q.selectUserInScope(trx, ctx.actor.scopePath, id))!);
  });
}

/** Used by the form, the first-start bootstrap and the CLI. */
export async function insertUserAudited(
  trx: Conn,
  source: AuditSource,
  input: Omit<CreateUserInput, 'password'> & { passwordHash: string; mustChangePassword: boolean },
): Promise<number> {
  if (await q.selectUserByUsername(trx, input.username))
    throw new AppError('CONFLICT', `username: ${input.username} is taken`, {
      issues: [{ path: 'username', message: 'is taken' }],
    });
  const id = await q.insertUser(trx, {
    username: input.username,
    display_name: input.displayName,
    phone: input.phone ?? null,
    node_id: input.nodeId,
    roles: input.roles,
    password_hash: input.passwordHash,
    must_change_password: input.mustChangePassword,
  });
  const row = (await q.selectUserInScope(trx, '/', id))!;
  await recordAudit(trx, source, {
    action: 'user.created',
    details: {},
    entityType: 'user',
    entityId: id,
    nodeId: input.nodeId,
    after: snapshot(row),
  });
  return id;
}

/** Edits a user: name, phone, node, roles, active. Deactivation ends their sessions. */
export async function updateUser(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: UpdateUserInput,
): Promise<User> {
  if (input.roles) {
    const problem = grantProblem(ctx.actor.roles, input.roles);
    if (problem) forbid(problem);
  }
  if (input.nodeId) {
    const node = await getOrgNode(db, ctx, input.nodeId);
    if (!node.isActive) throw new AppError('INVALID_STATE', 'nodeId: the node is deactivated');
  }
  return inTransaction(db, async (trx) => {
    const before = await q.lockUserInScope(trx, ctx.actor.scopePath, id);
    if (!before) throw new AppError('NOT_FOUND', `user ${id} not found`);
    const problem = manageProblem(ctx.actor, before);
    if (problem) forbid(problem);
    if (id === ctx.actor.userId && (input.isActive === false || input.roles || input.nodeId))
      throw new AppError('INVALID_STATE', 'you cannot change your own roles, node or active state');
    const fields = {
      ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
      ...(input.phone !== undefined ? { phone: input.phone } : {}),
      ...(input.nodeId !== undefined ? { node_id: input.nodeId } : {}),
      ...(input.roles !== undefined ? { roles: input.roles } : {}),
      ...(input.isActive !== undefined ? { is_active: input.isActive } : {}),
    };
    if (!(await q.updateUserFields(trx, id, input.version, fields)))
      throw staleVersion('user', id, before.version, input.version);
    if (input.isActive === false || input.roles || input.nodeId) await deleteUserSessions(trx, id);
    const after = (await q.selectUserInScope(trx, ctx.actor.scopePath, id))!;
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'user.updated',
      details: {},
      entityType: 'user',
      entityId: id,
      nodeId: after.node_id,
      before: snapshot(before),
      after: snapshot(after),
    });
    return presentUser(after);
  });
}

/** Sets a new initial password that the user must change at next login; ends their sessions. */
export async function resetUserPassword(
  db: Db,
  ctx: RequestContext,
  id: number,
  password: string,
): Promise<void> {
  const target = await q.selectUserInScope(db, ctx.actor.scopePath, id);
  if (!target) throw new AppError('NOT_FOUND', `user ${id} not found`);
  const problem = manageProblem(ctx.actor, target);
  if (problem) forbid(problem);
  const pwProblems = passwordProblems(password, target.username);
  if (pwProblems.length)
    throw new AppError('VALIDATION', `password: needs ${pwProblems.join('; ')}`, {
      issues: [{ path: 'password', message: `needs ${pwProblems.join('; ')}` }],
    });
  const hash = await hashPassword(password);
  await inTransaction(db, (trx) =>
    setPasswordAudited(trx, auditSourceOf(ctx), target, hash, 'admin'),
  );
}

export async function setPasswordAudited(
  trx: Conn,
  source: AuditSource,
  target: { id: number; node_id: number },
  passwordHash: string,
  by: 'admin' | 'cli',
): Promise<void> {
  await trx
    .updateTable('users')
    .set((eb) => ({
      password_hash: passwordHash,
      must_change_password: true,
      failed_login_count: 0,
      locked_until: null,
      password_changed_at: new Date(),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', target.id)
    .execute();
  await deleteUserSessions(trx, target.id);
  await recordAudit(trx, source, {
    action: 'user.password_reset',
    details: { by },
    entityType: 'user',
    entityId: target.id,
    nodeId: target.node_id,
  });
}

export async function unlockUser(db: Db, ctx: RequestContext, id: number): Promise<User> {
  return inTransaction(db, async (trx) => {
    const target = await q.lockUserInScope(trx, ctx.actor.scopePath, id);
    if (!target) throw new AppError('NOT_FOUND', `user ${id} not found`);
    const problem = manageProblem(ctx.actor, target);
    if (problem) forbid(problem);
    await q.unlockUser(trx, id);
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'user.unlocked',
      details: {},
      entityType: 'user',
      entityId: id,
      nodeId: target.node_id,
    });
    return presentUser((await q.selectUserInScope(trx, ctx.actor.scopePath, id))!);
  });
}

export async function hasAnyUser(db: Db): Promise<boolean> {
  return (await q.countUsers(db)) > 0;
}

export async function findUserByUsername(db: Db, username: string) {
  return q.selectUserByUsername(db, username);
}
