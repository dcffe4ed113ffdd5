import type { Config } from './env';
import { inTransaction, openDatabase, type DatabaseHandle } from './db/database';
import { migrateToLatest } from './db/migrate';
import { ensureRootNode } from './orgs/orgs.service';
import { hasAnyUser, insertUserAudited } from './users/users.service';
import { generatePassword, hashPassword } from './auth/password';
import { passwordProblems } from '../shared/auth/password-policy';
import { roles } from '../shared/permissions';

/** Opens the configured database (PostgreSQL or embedded) and applies pending migrations. */
export async function openAndMigrate(
  config: Config,
  log: (line: string) => void = console.log,
): Promise<DatabaseHandle> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db, undefined, log);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

/**
 * First start: creates the root of the union tree and the first administrator
 * (user name `admin`). The password comes from BANGFU_ADMIN_PASSWORD or is
 * generated and printed once; either way it must be changed at first login.
 */
export async function ensureFirstAdmin(
  handle: DatabaseHandle,
  config: Config,
  print: (line: string) => void = console.log,
): Promise<{ created: boolean; password?: string }> {
  const root = await ensureRootNode(handle.db, config.root);
  if (await hasAnyUser(handle.db)) return { created: false };
  const password = config.adminPassword ?? generatePassword();
  const problems = passwordProblems(password, 'admin');
  if (problems.length)
    throw new Error(
      `BANGFU_ADMIN_PASSWORD does not meet the password policy: needs ${problems.join('; ')}`,
    );
  const passwordHash = await hashPassword(password);
  await inTransaction(handle.db, (trx) =>
    insertUserAudited(
      trx,
      { actor: null },
      {
        username: 'admin',
        displayName: '系统管理员',
        phone: null,
        nodeId: root.id,
        // Every role: nobody can grant a role they do not hold, so the first
        // administrator must hold them all for anyone to ever get one.
        roles: [...roles],
        passwordHash,
        mustChangePassword: true,
      },
    ),
  );
  if (config.adminPassword) {
    print(
      'Created the first administrator "admin" with the password from BANGFU_ADMIN_PASSWORD (change it at first login).',
    );
  } else {
    print('');
    print('  ┌────────────────────────────────────────────────────────────────────┐');
    print('  │ First administrator created — this password is shown only once:    │');
    print(`  │   user name: admin    password: ${password.padEnd(35)}│`);
    print('  │ It must be changed at first login.                                 │');
    print('  └────────────────────────────────────────────────────────────────────┘');
    print('');
  }
  return { created: true, password };
}
