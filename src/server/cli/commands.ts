import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { inTransaction, openDatabase, type DatabaseHandle, type Db } from '../db/database';
import { getSchemaVersion, migrateToLatest } from '../db/migrate';
import type { Config } from '../env';
import { openAndMigrate } from '../bootstrap';
import { ensureRootNode, getOrgNodeByCode } from '../orgs/orgs.service';
import { findUserByUsername, insertUserAudited, setPasswordAudited } from '../users/users.service';
import { generatePassword, hashPassword } from '../auth/password';
import { loadDemoCity, type DemoResult } from '../demo/demo.service';
import { createFieldCipher, loadDataKey } from '../privacy/field-cipher';
import {
  backupEmbeddedDataDir,
  backupPostgres,
  defaultBackupFile,
  restoreEmbeddedDataDir,
  restorePostgres,
  type EmbeddedRestoreReport,
} from '../system/backup';
import { withDataDirLock } from '../system/data-dir-lock';
import { AppError } from '../../shared/errors';
import { passwordProblems } from '../../shared/auth/password-policy';
import { roles, type Role } from '../../shared/permissions';
import { usernameSchema } from '../../shared/users/user';

/** What the operator commands share: a line printer (stdout). */
export type Log = (line: string) => void;

/** The database a command works on, in words, without the password of a connection string. */
export function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `the embedded database in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL ${url.host}${url.pathname}`;
}

/**
 * Opens the configured database for one command, applying pending migrations.
 * In embedded mode it first takes the data directory's lock, so a command never
 * opens the files of a running server.
 */
export async function withDatabase<T>(
  config: Config,
  log: Log,
  fn: (handle: DatabaseHandle) => Promise<T>,
): Promise<T> {
  const run = async () => {
    const handle = await openAndMigrate(config, log);
    try {
      return await fn(handle);
    } finally {
      await handle.close();
    }
  };
  return config.databaseUrl ? run() : withDataDirLock(config.dataDir, run);
}

/** `bangfu migrate`: applies pending migrations; returns them and the schema version. */
export async function migrateDatabase(
  config: Config,
  log: Log,
): Promise<{ applied: string[]; schemaVersion: string | null }> {
  const run = async () => {
    const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const applied = await migrateToLatest(handle.db, undefined, log);
      return { applied, schemaVersion: await getSchemaVersion(handle.db) };
    } finally {
      await handle.close();
    }
  };
  return config.databaseUrl ? run() : withDataDirLock(config.dataDir, run);
}

/** Every role: nobody can grant a role they do not hold, so an administrator needs them all. */
export const defaultAdminRoles: Role[] = [...roles];

export type CreateAdminInput = {
  username: string;
  /** The code (组织编码) of the node the user belongs to. */
  nodeCode: string;
  displayName?: string | undefined;
  roles?: Role[] | undefined;
  /** From BANGFU_NEW_PASSWORD; generated when absent. */
  password?: string | undefined;
};

function checkPassword(password: string, username: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length)
    throw new AppError(
      'VALIDATION',
      `BANGFU_NEW_PASSWORD does not meet the password policy: needs ${problems.join('; ')}`,
    );
}

/** Parses `--roles a,b` into known roles, naming the unknown ones. */
export function parseRoles(list: string): Role[] {
  const wanted = list
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = wanted.filter((r) => !(roles as readonly string[]).includes(r));
  if (unknown.length || wanted.length === 0)
    throw new AppError(
      'VALIDATION',
      `roles: unknown ${unknown.join(', ') || '(none given)'}; known: ${roles.join(', ')}`,
    );
  return [...new Set(wanted)] as Role[];
}

/**
 * `bangfu create-admin`: a user at the node with the given code, with a password
 * that must be changed at first login, audited as a system change (no actor).
 * Creates the root of the tree first on an empty database.
 */
export async function createAdmin(
  db: Db,
  root: Parameters<typeof ensureRootNode>[1],
  input: CreateAdminInput,
): Promise<{ userId: number; nodeName: string; password: string; isGenerated: boolean }> {
  const username = usernameSchema.safeParse(input.username);
  if (!username.success)
    throw new AppError('VALIDATION', `username: ${username.error.issues[0]!.message}`);
  const userRoles = input.roles ?? defaultAdminRoles;
  const password = input.password ?? generatePassword();
  checkPassword(password, username.data);
  await ensureRootNode(db, root);
  const node = await getOrgNodeByCode(db, '/', input.nodeCode);
  if (!node.is_active) throw new AppError('INVALID_STATE', `node ${node.code} is deactivated`);
  const passwordHash = await hashPassword(password);
  const userId = await inTransaction(db, (trx) =>
    insertUserAudited(
      trx,
      { actor: null, requestId: 'cli:create-admin' },
      {
        username: username.data,
        displayName: input.displayName?.trim() || username.data,
        phone: null,
        nodeId: node.id,
        roles: userRoles,
        passwordHash,
        mustChangePassword: true,
      },
    ),
  );
  return { userId, nodeName: node.name, password, isGenerated: input.password === undefined };
}

/**
 * `bangfu reset-password`: a new password that must be changed at next login;
 * unlocks the account and ends its sessions; audited as done from the CLI.
 */
export async function resetPassword(
  db: Db,
  username: string,
  newPassword?: string,
): Promise<{ userId: number; password: string; isGenerated: boolean }> {
  const user = await findUserByUsername(db, username.trim());
  if (!user) throw new AppError('NOT_FOUND', `no user named ${username}`);
  const password = newPassword ?? generatePassword();
  checkPassword(password, user.username);
  const passwordHash = await hashPassword(password);
  await inTransaction(db, (trx) =>
    setPasswordAudited(
      trx,
      { actor: null, requestId: 'cli:reset-password' },
      user,
      passwordHash,
      'cli',
    ),
  );
  return { userId: user.id, password, isGenerated: newPassword === undefined };
}

/** `bangfu backup`: pg_dump for PostgreSQL, a copy of the data directory for embedded. */
export async function backupDatabase(
  config: Config,
  out?: string,
): Promise<{ file: string; mode: 'postgres' | 'embedded' }> {
  const file = out ?? defaultBackupFile(config);
  if (config.databaseUrl) {
    await backupPostgres(config.databaseUrl, file);
    return { file, mode: 'postgres' };
  }
  mkdirSync(dirname(file), { recursive: true });
  await backupEmbeddedDataDir(config.dataDir, file);
  return { file, mode: 'embedded' };
}

export type RestoreReport =
  | { mode: 'postgres'; schemaVersion: string | null }
  | ({ mode: 'embedded' } & EmbeddedRestoreReport);

/** `bangfu restore`: pg_restore for PostgreSQL, a new data directory for embedded. */
export async function restoreDatabase(config: Config, file: string): Promise<RestoreReport> {
  if (config.databaseUrl)
    return { mode: 'postgres', schemaVersion: await restorePostgres(config.databaseUrl, file) };
  return { mode: 'embedded', ...(await restoreEmbeddedDataDir(config.dataDir, file)) };
}

/** `bangfu demo`: migrates, then loads the demo city (idempotent). */
export async function loadDemo(config: Config, log: Log, password?: string): Promise<DemoResult> {
  const { key } = await loadDataKey(config);
  const cipher = createFieldCipher(key);
  return withDatabase(config, log, (handle) =>
    loadDemoCity(handle.db, { root: config.root, password, cipher }),
  );
}
