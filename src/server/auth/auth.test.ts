import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import {
  buildNode,
  buildUser,
  createTestApp,
  testCipher,
  testPassword,
  type TestApp,
} from '../test/test-app';
import { anonymousClient, attemptLogin, clientOf, freshAddress, signIn } from '../test/clients';
import { hashSessionToken } from './auth.service';

let t: TestApp;
let county: { id: number; path: string };
beforeAll(async () => {
  t = await createTestApp();
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city' });
  county = await buildNode(t.db, city, { type: 'county' });
});
afterAll(() => t.close());

const worker = () => buildUser(t.db, county, { roles: ['case_worker'] });

async function auditOf(action: string, username: string) {
  return t.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', action)
    .where((eb) =>
      eb.or([eb('actor_username', '=', username), eb(sql`details->>'username'`, '=', username)]),
    )
    .orderBy('id')
    .execute();
}

function sessionCookieOf(headers: Record<string, unknown>): string {
  return [headers['set-cookie']].flat()[0] as string;
}

describe('login', () => {
  it('sets an httpOnly SameSite=Strict cookie and keeps only a hash of the token', async () => {
    const u = await worker();
    const address = freshAddress();
    const res = await attemptLogin(t, u.username, testPassword, address);
    expect(res.status).toBe(204);
    const cookie = sessionCookieOf(res.headers);
    expect(cookie).toMatch(/^bangfu_sid=[\w-]{40,};/);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Strict/i);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Expires=/);
    expect(cookie).not.toMatch(/; Secure/i); // the test configuration serves plain HTTP

    const token = cookie.split(';')[0]!.slice('bangfu_sid='.length);
    const rows = await t.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', u.id)
      .execute();
    expect(rows).toEqual([{ id: hashSessionToken(token) }]);

    const [login] = await auditOf('auth.login', u.username);
    expect(login).toMatchObject({ actor_user_id: u.id, node_id: county.id, ip: address });
    expect(login!.request_id).toBe(res.headers['x-request-id']);
  });

  it('answers a wrong password exactly as an unknown user name, and audits both', async () => {
    const u = await worker();
    const wrong = await attemptLogin(t, u.username, 'Wrong-passw0rd!');
    const unknown = await attemptLogin(t, 'no.such.user', 'Wrong-passw0rd!');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.code).toBe('UNAUTHENTICATED');
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    expect(wrong.body.error.details.reason).toBe(unknown.body.error.details.reason);

    const [bad] = await auditOf('auth.login_failed', u.username);
    expect(bad).toMatchObject({ entity_id: u.id, node_id: county.id });
    expect(bad!.details).toMatchObject({ reason: 'bad_password', lockedUntil: null });
    const [none] = await auditOf('auth.login_failed', 'no.such.user');
    expect(none).toMatchObject({ entity_id: null, node_id: null, actor_user_id: null });
    expect(none!.details).toMatchObject({ reason: 'unknown_user' });
  });

  it('locks the account after the configured failures, counting down the attempts left', async () => {
    const u = await worker();
    const max = t.config.loginMaxFailures;
    expect(max).toBe(5);
    for (let i = 1; i < max; i++) {
      const res = await attemptLogin(t, u.username, 'Wrong-passw0rd!');
      expect(res.status).toBe(401);
      expect(res.body.error.details).toEqual({
        reason: 'bad_credentials',
        remainingAttempts: max - i,
      });
    }
    const before = Date.now();
    const locked = await attemptLogin(t, u.username, 'Wrong-passw0rd!');
    expect(locked.status).toBe(401);
    expect(locked.body.error.details.reason).toBe('locked');
    const lockedUntil = Date.parse(locked.body.error.details.lockedUntil);
    expect(lockedUntil).toBeGreaterThanOrEqual(before + t.config.loginLockMs - 1000);
    expect(lockedUntil).toBeLessThanOrEqual(Date.now() + t.config.loginLockMs);
    expect(locked.body.error.message).toContain(locked.body.error.details.lockedUntil);

    const stillLocked = await attemptLogin(t, u.username, testPassword);
    expect(stillLocked.status).toBe(401);
    expect(stillLocked.body.error.details).toMatchObject({
      reason: 'locked',
      lockedUntil: locked.body.error.details.lockedUntil,
    });
    const reasons = (await auditOf('auth.login_failed', u.username)).map(
      (r) => (r.details as { reason: string }).reason,
    );
    expect(reasons).toEqual([...Array(max - 1).fill('bad_password'), 'locked', 'locked']);

    // The lock time passes: the right password works, and the count starts afresh.
    await t.db
      .updateTable('users')
      .set({ locked_until: new Date(Date.now() - 1000) })
      .where('id', '=', u.id)
      .execute();
    expect((await attemptLogin(t, u.username, testPassword)).status).toBe(204);
    const again = await attemptLogin(t, u.username, 'Wrong-passw0rd!');
    expect(again.body.error.details.remainingAttempts).toBe(max - 1);
  });

  it('answers a name that does not exist exactly like a real one: attempts left, then a lock', async () => {
    const u = await worker();
    const max = t.config.loginMaxFailures;
    const ghost = `${u.username}.ghost`;
    for (let i = 1; i <= max + 1; i++) {
      const real = await attemptLogin(t, u.username, 'Wrong-passw0rd!');
      const unknown = await attemptLogin(t, ghost, 'Wrong-passw0rd!');
      expect(unknown.status).toBe(real.status);
      const { lockedUntil: realLock, ...realRest } = real.body.error.details;
      const { lockedUntil: unknownLock, ...unknownRest } = unknown.body.error.details;
      expect(unknownRest).toEqual(realRest);
      expect(typeof unknownLock).toBe(typeof realLock);
      if (realLock)
        expect(Math.abs(Date.parse(unknownLock) - Date.parse(realLock))).toBeLessThan(5000);
    }
  });

  it('starts the failure count afresh after a successful login', async () => {
    const u = await worker();
    await attemptLogin(t, u.username, 'Wrong-passw0rd!');
    expect((await attemptLogin(t, u.username, testPassword)).status).toBe(204);
    const res = await attemptLogin(t, u.username, 'Wrong-passw0rd!');
    expect(res.body.error.details.remainingAttempts).toBe(t.config.loginMaxFailures - 1);
  });

  it('refuses an inactive user with the right password, as if the password were wrong', async () => {
    const u = await worker();
    await t.db.updateTable('users').set({ is_active: false }).where('id', '=', u.id).execute();
    const res = await attemptLogin(t, u.username, testPassword);
    expect(res.status).toBe(401);
    const unknown = await attemptLogin(t, 'no.such.user', testPassword);
    expect(res.body.error.message).toBe(unknown.body.error.message);
    const [failed] = await auditOf('auth.login_failed', u.username);
    expect(failed!.details).toMatchObject({ reason: 'inactive' });
  });

  it('refuses a user of a deactivated node, and ends the sessions already open there', async () => {
    const union = await buildNode(t.db, county);
    const u = await buildUser(t.db, union, { roles: ['case_worker'] });
    const s = await signIn(t, u.username);
    expect((await s.get('/api/auth/me')).status).toBe(200);
    await t.db
      .updateTable('org_nodes')
      .set({ is_active: false })
      .where('id', '=', union.id)
      .execute();
    expect((await s.get('/api/auth/me')).status).toBe(401);
    expect((await attemptLogin(t, u.username, testPassword)).status).toBe(401);
    const [failed] = await auditOf('auth.login_failed', u.username);
    expect(failed!.details).toMatchObject({ reason: 'inactive' });
  });

  it('answers 429 RATE_LIMITED after 10 attempts a minute from one address', async () => {
    const address = freshAddress();
    // Malformed attempts count as much as real ones, and cost no password hashing.
    for (let i = 0; i < 10; i++) {
      const res = await anonymousClient(t).send('POST', '/api/auth/login', {
        body: { username: '', password: '' },
        remoteAddress: address,
      });
      expect(res.status).toBe(400);
    }
    const limited = await attemptLogin(t, 'no.such.user', 'Wrong-passw0rd!', address);
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({
      code: 'RATE_LIMITED',
      requestId: limited.headers['x-request-id'],
    });
    // Other addresses are not held back.
    expect((await attemptLogin(t, 'no.such.user', 'Wrong-passw0rd!')).status).toBe(401);
  });

  it('ignores X-Forwarded-For unless a trusted proxy is configured', async () => {
    const address = freshAddress();
    for (let i = 0; i < 10; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: address,
        headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
        payload: { username: '', password: '' },
      });
      expect(res.statusCode).toBe(400);
    }
    const limited = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: address,
      headers: { 'x-forwarded-for': '198.51.100.99' },
      payload: { username: '', password: '' },
    });
    expect(limited.statusCode).toBe(429);
  });
});

describe('resolveSession', () => {
  it('ends a session idle for longer than the idle limit', async () => {
    const u = await worker();
    const s = await signIn(t, u.username);
    await t.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(Date.now() - t.config.sessionIdleMs - 1000) })
      .where('user_id', '=', u.id)
      .execute();
    const res = await s.get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
    const left = await t.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', u.id)
      .execute();
    expect(left).toEqual([]);
  });

  it('ends a session past its absolute lifetime even while in use', async () => {
    const u = await worker();
    const s = await signIn(t, u.username);
    await t.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000), last_seen_at: new Date() })
      .where('user_id', '=', u.id)
      .execute();
    expect((await s.get('/api/auth/me')).status).toBe(401);
  });

  it('keeps a session in use alive by moving its last-seen time', async () => {
    const u = await worker();
    const s = await signIn(t, u.username);
    const idleFor = t.config.sessionIdleMs - 60_000;
    await t.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(Date.now() - idleFor) })
      .where('user_id', '=', u.id)
      .execute();
    expect((await s.get('/api/auth/me')).status).toBe(200);
    const row = await t.db
      .selectFrom('sessions')
      .select('last_seen_at')
      .where('user_id', '=', u.id)
      .executeTakeFirstOrThrow();
    expect(Date.now() - row.last_seen_at.getTime()).toBeLessThan(60_000);
  });
});

describe('logout', () => {
  it('ends the session, clears the cookie and is audited', async () => {
    const u = await worker();
    const s = await signIn(t, u.username);
    const res = await s.post('/api/auth/logout');
    expect(res.status).toBe(204);
    expect(sessionCookieOf(res.headers)).toMatch(
      /^bangfu_sid=;.*Expires=Thu, 01 Jan 1970 00:00:00 GMT/,
    );
    expect((await s.get('/api/auth/me')).status).toBe(401);
    expect(await auditOf('auth.logout', u.username)).toHaveLength(1);
  });
});

describe('changeOwnPassword', () => {
  it('refuses a wrong current password, naming the field', async () => {
    const u = await worker();
    const s = await signIn(t, u.username);
    const res = await s.post('/api/auth/password', {
      currentPassword: 'Not-the-passw0rd',
      newPassword: 'Brand-new-Passw0rd',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(res.body.error.issues).toEqual([{ path: 'currentPassword', message: 'wrong password' }]);
  });

  it.each([
    ['too short and too simple', 'short', /at least 10 characters/],
    ['the login name inside', '{username}-Passw0rd', /must not contain the login name/],
    ['the current password again', testPassword, /must differ from the current password/],
  ])('refuses a new password with %s, naming newPassword', async (_, newPassword, problem) => {
    const u = await worker();
    const s = await signIn(t, u.username);
    const res = await s.post('/api/auth/password', {
      currentPassword: testPassword,
      newPassword: newPassword.replace('{username}', u.username),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(res.body.error.issues).toEqual([
      { path: 'newPassword', message: expect.stringMatching(problem) },
    ]);
  });

  it('clears mustChangePassword and ends the user’s other sessions, keeping this one', async () => {
    const u = await buildUser(t.db, county, { roles: ['case_worker'], mustChangePassword: true });
    const here = await signIn(t, u.username);
    const elsewhere = await signIn(t, u.username);
    expect((await here.get('/api/auth/me')).body.mustChangePassword).toBe(true);
    const newPassword = 'Brand-new-Passw0rd';
    const res = await here.post('/api/auth/password', {
      currentPassword: testPassword,
      newPassword,
    });
    expect(res.status).toBe(204);
    expect((await elsewhere.get('/api/auth/me')).status).toBe(401);
    const me = await here.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.mustChangePassword).toBe(false);
    expect((await attemptLogin(t, u.username, testPassword)).status).toBe(401);
    expect((await attemptLogin(t, u.username, newPassword)).status).toBe(204);
    expect(await auditOf('auth.password_changed', u.username)).toHaveLength(1);
  });
});

describe('security headers', () => {
  it('sends CSP, nosniff and no-store on API answers, errors included', async () => {
    for (const res of [
      await anonymousClient(t).get('/api/health'),
      await anonymousClient(t).get('/api/auth/me'),
    ]) {
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('sends CSP on the pages of the web app', async () => {
    const webDir = mkdtempSync(join(tmpdir(), 'bangfu-web-'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>帮扶</title>');
    const { app } = await buildApp(
      { db: t.db, mode: t.handle.mode, config: t.config, cipher: testCipher },
      { logger: false, webDir },
    );
    try {
      const page = await app.inject({ method: 'GET', url: '/orgs/12' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('帮扶');
      expect(String(page.headers['content-security-policy'])).toContain("default-src 'self'");
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      // The API keeps answering JSON, not the app shell, for unknown /api paths.
      const missing = await app.inject({ method: 'GET', url: '/api/nothing-here' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe('NOT_FOUND');
    } finally {
      await app.close();
      rmSync(webDir, { recursive: true, force: true });
    }
  });

  it('ignores a session cookie that is not one of ours', async () => {
    const res = await clientOf(t, 'bangfu_sid=forged', null).get('/api/auth/me');
    expect(res.status).toBe(401);
  });
});
