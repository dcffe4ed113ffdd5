import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, errorCodes, httpStatusByCode } from '../../shared/errors';
import { buildNode, buildUser, createTestApp, type TestApp } from '../test/test-app';
import { anonymousClient, signIn, type Client } from '../test/clients';
import { installErrorHandler, toAppError } from './error-handler';

let t: TestApp;
let admin: Client;
let county: { id: number; code: string };
beforeAll(async () => {
  t = await createTestApp();
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city' });
  county = await buildNode(t.db, city, { type: 'county' });
  admin = await signIn(t, (await buildUser(t.db, city, { roles: ['federation_admin'] })).username);
});
afterAll(() => t.close());

/** A bare Fastify with only the error handler, and routes that fail on purpose. */
async function buildThrowingApp() {
  const lines: string[] = [];
  const app = Fastify({
    logger: {
      level: 'error',
      stream: new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    },
    genReqId: () => randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  app.get('/boom', async () => {
    throw new Error('password_hash column of users at /srv/bangfu/secret.ts:12');
  });
  app.get('/thrown-string', async () => {
    throw 'a bare string';
  });
  app.get('/conflict', async () => {
    throw Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
      constraint: 'org_nodes_code_key',
    });
  });
  app.get(
    '/bad-response',
    { schema: { response: { 200: z.object({ id: z.number() }) } } },
    async () => ({ id: 'not a number' }) as unknown as { id: number },
  );
  await app.ready();
  return { app, lines };
}

describe('toAppError', () => {
  it('maps every error code to its own HTTP status', () => {
    expect(Object.keys(httpStatusByCode).sort()).toEqual([...errorCodes].sort());
    expect(new Set(Object.values(httpStatusByCode)).size).toBe(errorCodes.length);
  });

  it.each([
    ['23505', 'CONFLICT'],
    ['23503', 'CONFLICT'],
    ['40001', 'CONFLICT'],
    ['40P01', 'CONFLICT'],
    ['42P01', 'INTERNAL'],
  ])('maps PostgreSQL error %s to %s', (code, expected) => {
    expect(toAppError(Object.assign(new Error('pg'), { code })).code).toBe(expected);
  });

  it('keeps an AppError as it is', () => {
    const error = new AppError('INVALID_STATE', 'already deactivated');
    expect(toAppError(error)).toBe(error);
  });
});

describe('the error handler', () => {
  it('answers an unknown error with 500 INTERNAL and its request id, and logs it', async () => {
    const { app, lines } = await buildThrowingApp();
    try {
      const res = await app.inject({ method: 'GET', url: '/boom' });
      expect(res.statusCode).toBe(500);
      const id = res.headers['x-request-id'] ?? res.json().error.requestId;
      expect(res.json()).toEqual({
        error: { code: 'INTERNAL', message: `internal error (request ${id})`, requestId: id },
      });
      expect(res.body).not.toMatch(/password_hash|secret|\.ts|at /);
      const logged = lines.map((l) => JSON.parse(l) as Record<string, any>);
      expect(logged).toHaveLength(1);
      expect(logged[0]!.reqId).toBe(id);
      expect(logged[0]!.err.message).toContain('password_hash column');
      expect(logged[0]!.err.stack).toContain('errors.test.ts');

      const bare = await app.inject({ method: 'GET', url: '/thrown-string' });
      expect(bare.statusCode).toBe(500);
      expect(bare.body).not.toContain('a bare string');
    } finally {
      await app.close();
    }
  });

  it('hides a response that does not match its schema behind 500 INTERNAL', async () => {
    const { app } = await buildThrowingApp();
    try {
      const res = await app.inject({ method: 'GET', url: '/bad-response' });
      expect(res.statusCode).toBe(500);
      expect(res.json().error.code).toBe('INTERNAL');
      expect(res.body).not.toContain('not a number');
    } finally {
      await app.close();
    }
  });

  it('answers a unique violation with 409 CONFLICT naming the constraint', async () => {
    const { app } = await buildThrowingApp();
    try {
      const res = await app.inject({ method: 'GET', url: '/conflict' });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({
        code: 'CONFLICT',
        details: { constraint: 'org_nodes_code_key' },
      });
    } finally {
      await app.close();
    }
  });

  it('answers a real unique violation from the database with 409 CONFLICT', async () => {
    // Codes are unique across the whole tree; only the database's constraint says so.
    const res = await admin.post('/api/orgs', {
      parentId: county.id,
      type: 'grassroots',
      name: '重复编码的工会',
      code: county.code,
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'CONFLICT',
      details: { constraint: 'org_nodes_code_key' },
    });
  });

  it('names the field path of every validation error, body and query alike', async () => {
    const body = await admin.post('/api/users', {
      username: 'ok.name',
      displayName: '',
      nodeId: 'seven',
      roles: ['case_worker', 'chief'],
      password: 'Valid-Passw0rd-2026',
    });
    expect(body.status).toBe(400);
    expect(body.body.error.code).toBe('VALIDATION');
    const paths = body.body.error.issues.map((i: { path: string }) => i.path).sort();
    expect(paths).toEqual(['displayName', 'nodeId', 'roles.1']);
    for (const path of paths) expect(body.body.error.message).toContain(`${path}: `);

    const query = await admin.get('/api/users', { limit: 0 });
    expect(query.status).toBe(400);
    expect(query.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['limit']);

    const params = await admin.get('/api/orgs/not-a-number');
    expect(params.status).toBe(400);
    expect(params.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['id']);
  });

  it('answers malformed JSON with 400 VALIDATION and no parser internals', async () => {
    const res = await admin.send('POST', '/api/orgs', {
      headers: { 'content-type': 'application/json' },
      body: undefined,
    });
    expect(res.status).toBe(400);
    const broken = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": ',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('VALIDATION');
    expect(broken.body).not.toMatch(/ at |node_modules/);
  });

  it('answers an unknown /api route with a 404 NOT_FOUND body', async () => {
    const res = await anonymousClient(t).get('/api/no-such-thing', { q: 'x' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      error: {
        code: 'NOT_FOUND',
        message: 'no route GET /api/no-such-thing',
        requestId: res.headers['x-request-id'],
      },
    });
    const wrongMethod = await admin.send('DELETE', '/api/users/1');
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.body.error.code).toBe('NOT_FOUND');
  });

  it('puts a fresh x-request-id on every answer, whatever the client sent', async () => {
    const answers = [
      await anonymousClient(t).get('/api/health'),
      await anonymousClient(t).get('/api/auth/me'),
      await anonymousClient(t).get('/api/nothing'),
      await admin.get('/api/users', { limit: 0 }),
      await admin.send('GET', '/api/health', { headers: { 'x-request-id': 'chosen-by-client' } }),
    ];
    const ids = answers.map((r) => String(r.headers['x-request-id']));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of answers.filter((a) => a.status >= 400))
      expect(r.body.error.requestId).toBe(r.headers['x-request-id']);
  });
});
