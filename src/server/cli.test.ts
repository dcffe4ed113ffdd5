import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from './auth/password';
import { createAdmin, parseRoles, resetPassword } from './cli/commands';
import { runCli, type CliIo } from './cli/run-cli';
import { buildNode, buildUser, createTestApp, type TestApp } from './test/test-app';
import { roles } from '../shared/permissions';

let t: TestApp;
const root = { name: '中华全国总工会', code: 'ACFTU', type: 'national', regionCode: null } as const;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function io(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: { LOG_LEVEL: 'silent', ...env },
    isInteractive: false,
    ask: async () => '',
  };
  return { cli, out, err };
}

async function userRow(username: string) {
  return t.db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
}

async function lastAudit(entityId: number) {
  return t.db
    .selectFrom('audit_log')
    .selectAll()
    .where('entity_type', '=', 'user')
    .where('entity_id', '=', entityId)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
}

describe('createAdmin', () => {
  it('creates an audited administrator at the node, who must change the password', async () => {
    const city = await buildNode(t.db, t.root, { type: 'province', code: 'CLI-JS' });
    const result = await createAdmin(t.db, root, {
      username: 'cli.admin',
      nodeCode: 'CLI-JS',
      displayName: '李明',
      password: 'Nanjing-2026!',
    });
    expect(result).toMatchObject({ nodeName: city.name, isGenerated: false });
    const row = await userRow('cli.admin');
    expect(row).toMatchObject({
      node_id: city.id,
      display_name: '李明',
      roles: [...roles],
      must_change_password: true,
    });
    expect(await verifyPassword('Nanjing-2026!', row.password_hash)).toBe(true);
    expect(await lastAudit(row.id)).toMatchObject({
      action: 'user.created',
      actor_user_id: null,
      request_id: 'cli:create-admin',
      node_id: city.id,
    });
  });

  it('generates a password that meets the policy when none is given', async () => {
    const result = await createAdmin(t.db, root, {
      username: 'cli.generated',
      nodeCode: 'ACFTU',
      roles: ['auditor'],
    });
    expect(result.isGenerated).toBe(true);
    const row = await userRow('cli.generated');
    expect(row.roles).toEqual(['auditor']);
    expect(row.display_name).toBe('cli.generated');
    expect(await verifyPassword(result.password, row.password_hash)).toBe(true);
  });

  it('refuses a taken name, an unknown node, a weak password and unknown roles', async () => {
    await expect(
      createAdmin(t.db, root, { username: 'cli.admin', nodeCode: 'ACFTU' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      createAdmin(t.db, root, { username: 'cli.nowhere', nodeCode: 'NO-SUCH-NODE' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      createAdmin(t.db, root, { username: 'cli.weak', nodeCode: 'ACFTU', password: 'short' }),
    ).rejects.toThrow(/BANGFU_NEW_PASSWORD does not meet the password policy/);
    await expect(
      createAdmin(t.db, root, { username: 'Bad Name', nodeCode: 'ACFTU' }),
    ).rejects.toThrow(/^username:/);
    expect(() => parseRoles('auditor,chairman')).toThrow(/unknown chairman/);
    expect(parseRoles('helper, auditor,helper')).toEqual(['helper', 'auditor']);
  });
});

describe('resetPassword', () => {
  it('sets a one-time password, unlocks the user and ends their sessions, audited as cli', async () => {
    const county = await buildNode(t.db, t.root, { type: 'province', code: 'CLI-RP' });
    const user = await buildUser(t.db, county);
    const session = await t.login(user.username);
    expect((await session.get('/api/auth/me')).status).toBe(200);
    await t.db
      .updateTable('users')
      .set({ failed_login_count: 5, locked_until: new Date(Date.now() + 3_600_000) })
      .where('id', '=', user.id)
      .execute();

    const result = await resetPassword(t.db, user.username, 'Reset-pass-2026');
    expect(result).toEqual({ userId: user.id, password: 'Reset-pass-2026', isGenerated: false });
    const row = await userRow(user.username);
    expect(row).toMatchObject({
      must_change_password: true,
      failed_login_count: 0,
      locked_until: null,
    });
    expect(await verifyPassword('Reset-pass-2026', row.password_hash)).toBe(true);
    expect((await session.get('/api/auth/me')).status).toBe(401);
    expect(await lastAudit(user.id)).toMatchObject({
      action: 'user.password_reset',
      details: { by: 'cli' },
      actor_user_id: null,
    });
    const fresh = await t.login(user.username, 'Reset-pass-2026');
    expect((await fresh.get('/api/auth/me')).body.mustChangePassword).toBe(true);
  });

  it('generates the password when none is given, and names an unknown user', async () => {
    const user = await buildUser(t.db, t.root);
    const result = await resetPassword(t.db, user.username);
    expect(result.isGenerated).toBe(true);
    expect(
      await verifyPassword(result.password, (await userRow(user.username)).password_hash),
    ).toBe(true);
    await expect(resetPassword(t.db, 'nobody-here')).rejects.toThrow(/no user named nobody-here/);
  });
});

describe('runCli', () => {
  it('answers --help with 0 and every command', async () => {
    const { cli, out } = io();
    expect(await runCli(['--help'], cli)).toBe(0);
    for (const command of [
      'migrate',
      'create-admin',
      'reset-password',
      'backup',
      'restore',
      'demo',
    ])
      expect(out.join('\n')).toContain(`  ${command} `);
    const one = io();
    expect(await runCli(['restore', '--help'], one.cli)).toBe(0);
    expect(one.out[0]).toMatch(/^Usage: npx bangfu restore FILE \[--yes\]\n/);
  });

  it('exits 2 on wrong usage, before touching a database', async () => {
    const cases: [string[], RegExp][] = [
      [[], /Usage: npx bangfu <command>/],
      [['frobnicate'], /unknown command "frobnicate"/],
      [['reset-password'], /USERNAME is required/],
      [['create-admin', '--node', 'ACFTU'], /--username is required/],
      [['backup', '--bogus'], /Unknown option '--bogus'/],
      [['migrate', 'extra'], /unexpected argument "extra"/],
      [['restore', 'backup.tar.gz'], /confirm with --yes/],
    ];
    for (const [argv, message] of cases) {
      const { cli, err } = io({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
      expect(await runCli(argv, cli), argv.join(' ')).toBe(2);
      expect(err.join('\n')).toMatch(message);
    }
  });

  it('exits 1 with a one-line message when a command fails', async () => {
    const { cli, err } = io({ DATABASE_URL: 'not a url' });
    expect(await runCli(['migrate'], cli)).toBe(1);
    expect(err[0]).toMatch(/^bangfu migrate: Invalid environment/);
    expect(err.join('\n')).not.toMatch(/^\s+at /m);
  });

  it.runIf(Boolean(process.env.DATABASE_URL))(
    'migrates and reports the schema version',
    async () => {
      const { cli, out } = io({ DATABASE_URL: t.handle.connectionString });
      expect(await runCli(['migrate'], cli)).toBe(0);
      expect(out).toContain('no pending migrations');
      expect(out.at(-1)).toMatch(/^schema version: \d{10}$/);
      expect(out[0]).not.toContain('@'); // no credentials printed
    },
  );

  it('runs as a real process: npx tsx src/server/cli.ts --help', async () => {
    const run = promisify(execFile);
    const { stdout } = await run('npx', ['tsx', 'src/server/cli.ts', '--help'], {
      cwd: process.cwd(),
    });
    expect(stdout).toMatch(/^bangfu — operator commands/);
    const failed = await run('node', ['bin/bangfu.mjs', 'nosuch']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown command/) });
  });
});
