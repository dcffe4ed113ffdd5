import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { App, AppDeps } from './http/app-types';
import { installErrorHandler } from './http/error-handler';
import { installAccessControl, installRouteRegistry, type RegisteredRoute } from './http/access';
import { getSchemaVersion } from './db/migrate';
import { authRoutes } from './auth/auth.routes';
import { orgsRoutes } from './orgs/orgs.routes';
import { orgsImportRoutes } from './orgs/orgs-import.routes';
import { importsRoutes } from './imports/imports.routes';
import { registryRoutes } from './registry/registry.routes';
import { exchangeRoutes } from './exchange/exchange.routes';
import { templateExportRoutes } from './imports/template-export.routes';
import { usersRoutes } from './users/users.routes';
import { auditRoutes } from './audit/audit.routes';
import { systemRoutes } from './system/system.routes';
import { policyRoutes } from './policy/policy.routes';
import { policyImpactRoutes } from './policy/policy-impact.routes';
import { jobsRoutes } from './jobs/jobs.routes';
import { householdsRoutes } from './households/households.routes';
import { casesRoutes } from './cases/cases.routes';
import { dictionariesRoutes } from './dictionaries/dictionaries.routes';
import { documentsRoutes } from './documents/documents.routes';
import { duplicatesRoutes } from './duplicates/duplicates.routes';
import { exitsRoutes } from './exits/exits.routes';
import { reviewsRoutes } from './reviews/reviews.routes';
import { cardsRoutes } from './cards/cards.routes';
import { temporaryReliefRoutes } from './households/temporary-relief.routes';
import { transfersRoutes } from './transfers/transfers.routes';
import { reportsRoutes } from './reports/reports.routes';
import { noticesRoutes } from './notices/notices.routes';
import { workflowConfigsRoutes } from './workflow-configs/workflow-configs.routes';

export type BuiltApp = { app: App; routes: RegisteredRoute[] };

/** Every domain's routes, in one list: adding a domain is adding a line here. */
const domainRoutes = [
  authRoutes,
  orgsRoutes,
  orgsImportRoutes,
  importsRoutes,
  registryRoutes,
  exchangeRoutes,
  templateExportRoutes,
  usersRoutes,
  auditRoutes,
  policyRoutes,
  policyImpactRoutes,
  jobsRoutes,
  householdsRoutes,
  casesRoutes,
  dictionariesRoutes,
  documentsRoutes,
  duplicatesRoutes,
  exitsRoutes,
  reviewsRoutes,
  cardsRoutes,
  temporaryReliefRoutes,
  transfersRoutes,
  reportsRoutes,
  noticesRoutes,
  workflowConfigsRoutes,
];

/** Builds the HTTP application: plumbing, every domain's routes, docs and the web app. */
export async function buildApp(
  deps: AppDeps,
  options: { logger?: boolean; webDir?: string } = {},
): Promise<BuiltApp> {
  const app = Fastify({
    logger: options.logger === false ? false : { level: deps.config.logLevel },
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    trustProxy: deps.config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const routes: RegisteredRoute[] = [];
  installRouteRegistry(app, routes);
  installErrorHandler(app);
  app.addHook('onSend', async (req, reply) => {
    void reply.header('x-request-id', req.id);
    if (req.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
  });

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd writes its styles at run time (CSS-in-JS); the OpenAPI UI needs inline styles too.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: deps.config.secureCookies,
  });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Bangfu 帮扶 API',
        description: 'Hardship relief for workers: the union tree, households, cases, funds.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'bangfu_sid' } },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  installAccessControl(app, deps.db, deps.config);

  const schemaVersion = await getSchemaVersion(deps.db);
  systemRoutes(app, deps, schemaVersion);
  for (const register of domainRoutes) register(app, deps);

  const webDir = options.webDir ?? resolve(import.meta.dirname, '../../dist/web');
  if (existsSync(resolve(webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false, index: false });
    // Client-side routes: any GET outside /api that is not a file gets the app shell.
    app.get('/*', { schema: { hide: true } }, (req, reply) => {
      // A missing API route or built asset is a 404, never the app shell.
      if (req.url.startsWith('/api/') || req.url.startsWith('/assets/'))
        return reply.callNotFound();
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  }
  await app.ready();
  return { app, routes };
}
