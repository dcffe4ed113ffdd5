import type { Conn } from '../db/database';

export async function selectUserForLogin(conn: Conn, username: string) {
  return conn
    .selectFrom('users as u')
    .innerJoin('org_nodes as n', 'n.id', 'u.node_id')
    .select([
      'u.id',
      'u.username',
      'u.node_id',
      'u.password_hash',
      'u.failed_login_count',
      'u.locked_until',
      'u.is_active',
      'n.is_active as node_is_active',
    ])
    .where('u.username', '=', username)
    .executeTakeFirst();
}

export async function updateLoginFailure(
  conn: Conn,
  userId: number,
  count: number,
  lockedUntil: Date | null,
) {
  await conn
    .updateTable('users')
    .set({ failed_login_count: count, locked_until: lockedUntil })
    .where('id', '=', userId)
    .execute();
}

export async function updateLoginSuccess(conn: Conn, userId: number) {
  await conn
    .updateTable('users')
    .set({ failed_login_count: 0, locked_until: null, last_login_at: new Date() })
    .where('id', '=', userId)
    .execute();
}

export async function insertSession(
  conn: Conn,
  row: {
    id: string;
    user_id: number;
    csrf_token: string;
    expires_at: Date;
    ip: string;
    user_agent: string | null;
  },
) {
  await conn.insertInto('sessions').values(row).execute();
}

/** The session with its user and the user's node path, or undefined. */
export async function selectSessionWithUser(conn: Conn, sessionId: string) {
  return conn
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('org_nodes as n', 'n.id', 'u.node_id')
    .select([
      's.id as session_id',
      's.csrf_token',
      's.last_seen_at',
      's.expires_at',
      'u.id as user_id',
      'u.username',
      'u.display_name',
      'u.node_id',
      'u.roles',
      'u.must_change_password',
      'u.is_active',
      'n.path as node_path',
      'n.is_active as node_is_active',
    ])
    .where('s.id', '=', sessionId)
    .executeTakeFirst();
}

export async function touchSession(conn: Conn, sessionId: string) {
  await conn
    .updateTable('sessions')
    .set({ last_seen_at: new Date() })
    .where('id', '=', sessionId)
    .execute();
}

export async function deleteSession(conn: Conn, sessionId: string) {
  await conn.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function deleteUserSessions(conn: Conn, userId: number, exceptSessionId?: string) {
  let q = conn.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  await q.execute();
}

export async function deleteExpiredSessions(conn: Conn, idleBefore: Date) {
  await conn
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<', new Date()), eb('last_seen_at', '<', idleBefore)]))
    .execute();
}

export async function selectPasswordHash(conn: Conn, userId: number) {
  return conn
    .selectFrom('users')
    .select(['password_hash', 'username'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

export async function updatePassword(
  conn: Conn,
  userId: number,
  passwordHash: string,
  mustChange: boolean,
) {
  await conn
    .updateTable('users')
    .set((eb) => ({
      password_hash: passwordHash,
      must_change_password: mustChange,
      password_changed_at: new Date(),
      failed_login_count: 0,
      locked_until: null,
      version: eb('version', '+', 1),
      updated_at: new Date(),
    }))
    .where('id', '=', userId)
    .execute();
}
