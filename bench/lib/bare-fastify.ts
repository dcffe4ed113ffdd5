import Fastify from 'fastify';

/**
 * The baseline of the API load benchmark: a bare Fastify route on the same
 * machine answering fixed bodies (the real answers captured from Bangfu), with
 * no session, no database. `tsx bench/lib/bare-fastify.ts PORT` then one line
 * of JSON on stdin: `{ "/path": body, … }`.
 */
const port = Number(process.argv[2]);
let input = '';
for await (const chunk of process.stdin) input += chunk;
const bodies = JSON.parse(input) as Record<string, unknown>;
const app = Fastify({ logger: false });
for (const [path, body] of Object.entries(bodies)) {
  const text = JSON.stringify(body);
  app.get(path, (_req, reply) => reply.type('application/json; charset=utf-8').send(text));
}
await app.listen({ port, host: '127.0.0.1' });
console.log('ready');
