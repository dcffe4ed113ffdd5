import type { Conn } from '../db/database';

const userColumns = [
  'u.id',
  'u.username',
  'u.display_name',
  'u.phone',
  'u.node_id',
  'n.name as node_name',
  'n.path as node_path',
  'u.roles',
  'u.is_active',
  'u.must_change_password',
  'u.locked_until',
  'u.last_login_at',
  'u.version',
  'u.created_at',
] as const;

function base(conn: Conn, scopePath: string) {
  return conn
    .selectFrom('users as u')
    .innerJoin('org_nodes as n', 'n.id', 'u.node_id')
    .select(userColumns)
    .where('n.path', 'like', `${scopePath}%`);
}

export type UserRow = NonNullable<Awaited<ReturnType<typeof selectUserInScope>>>;

export async function selectUserInScope(conn: Conn, scopePath: string, id: number) {
  return base(conn, scopePath).where('u.id', '=', id).executeTakeFirst();
}

export async function lockUserInScope(conn: Conn, scopePath: string, id: number) {
  return base(conn, scopePath).where('u.id', '=', id).forUpdate('u').executeTakeFirst();
}

/**
 * Users in scope, optionally under one node's subtree and matching text,
 * ordered by id, keyset-paged.
 */
export async function selectUsersPage(
  conn: Conn,
  scopePath: string,
  filter: { nodePath?: string; text?: string; role?: string; afterId?: number; limit: number },
) {
  let q = base(conn, scopePath);
  if (filter.nodePath) q = q.where('n.path', 'like', `${filter.nodePath}%`);
  if (filter.text) {
    const pattern = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([eb('u.username', 'like', pattern), eb('u.display_name', 'like', pattern)]),
    );
  }
  if (filter.role) q = q.where((eb) => eb(eb.val(filter.role), '=', eb.fn.any('u.roles')));
  if (filter.afterId) q = q.where('u.id', '>', filter.afterId);
  return q
    .orderBy('u.id')
    .limit(filter.limit + 1)
    .execute();
}

export async function insertUser(
  conn: Conn,
  row: {
    username: string;
    display_name: string;
    phone: string | null;
    node_id: number;
    roles: string[];
    password_hash: string;
    must_change_password: boolean;
  },
): Promise<number> {
  const r = await conn.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateUserFields(
  conn: Conn,
  id: number,
  version: number,
  fields: {
    display_name?: string;
    phone?: string | null;
    node_id?: number;
    roles?: string[];
    is_active?: boolean;
  },
): Promise<boolean> {
  const r = await conn
    .updateTable('users')
    .set((eb) => ({ ...fields, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

export async function unlockUser(conn: Conn, id: number) {
  await conn
    .updateTable('users')
    .set({ locked_until: null, failed_login_count: 0 })
    .where('id', '=', id)
    .execute();
}

export async function countUsers(conn: Conn): Promise<number> {
  const r = await conn
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('c'))
    .executeTakeFirstOrThrow();
  return r.c;
}

export async function selectUserByUsername(conn: Conn, username: string) {
  return conn
    .selectFrom('users')
    .select(['id', 'username', 'node_id'])
    .where('username', '=', username)
    .executeTakeFirst();
}
