import { z } from 'zod';
import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import {
  createRateSchema,
  rateQuerySchema,
  updateRateSchema,
} from '../../shared/policy/policy-rate';
import { assessmentRequestSchema } from '../../shared/households/assessment';
import {
  createPolicyVersionSchema,
  policyVersionParamsSchema,
  updatePolicyVersionSchema,
} from '../../shared/policy/policy-version-edit';
import * as service from './policy.service';
import * as versions from './policy-versions.service';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const tags = ['policy'];

export function policyRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/policy/rates',
    {
      config: { access: 'policy.read' },
      schema: {
        tags,
        summary: '低保 lines and minimum wages by region',
        querystring: rateQuerySchema,
      },
    },
    (req) => service.findRates(db, req.query),
  );

  app.post(
    '/api/policy/rates',
    { config: { access: 'policy.manage' }, schema: { tags, body: createRateSchema } },
    async (req, reply) => {
      const rate = await service.createRate(db, contextOf(req), req.body);
      return reply.status(201).send(rate);
    },
  );

  app.patch(
    '/api/policy/rates/:id',
    {
      config: { access: 'policy.manage' },
      schema: { tags, params: idParams, body: updateRateSchema },
    },
    (req) => service.updateRate(db, contextOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/policy/versions',
    {
      config: { access: 'policy.read' },
      schema: { tags, summary: 'Policy versions and their rules' },
    },
    () => versions.findPolicyVersionRows(db, service.todayInShanghai()),
  );

  app.post(
    '/api/policy/versions',
    {
      config: { access: 'policy.manage' },
      schema: {
        tags,
        summary: 'Add a policy version (root-node users only)',
        body: createPolicyVersionSchema,
      },
    },
    async (req, reply) => {
      const row = await versions.createPolicyVersion(
        db,
        contextOf(req),
        req.body,
        service.todayInShanghai(),
      );
      return reply.status(201).send(row);
    },
  );

  app.put(
    '/api/policy/versions/:id',
    {
      config: { access: 'policy.manage' },
      schema: {
        tags,
        summary: 'Change a policy version no assessment used and not yet in force',
        params: policyVersionParamsSchema,
        body: updatePolicyVersionSchema,
      },
    },
    (req) =>
      versions.updatePolicyVersion(
        db,
        contextOf(req),
        req.params.id,
        req.body,
        service.todayInShanghai(),
      ),
  );

  app.post(
    '/api/assessments/preview',
    {
      config: { access: 'policy.read' },
      schema: {
        tags: ['assessments'],
        summary: 'Assess a household without storing anything',
        body: assessmentRequestSchema,
      },
    },
    (req) => service.previewAssessment(db, req.body, service.todayInShanghai()),
  );
}
