import { z } from 'zod';
import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import {
  householdFileInputSchema,
  householdFileUpdateSchema,
  householdQuerySchema,
  revealRequestSchema,
} from '../../shared/households/household-file';
import * as service from './households.service';
import { exportHouseholds, getHouseholdFigures, listHouseholds } from './household-list.service';
import { revealField } from './household-privacy.service';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const tags = ['households'];
const xlsxMimeType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The household file (一户一档): list, export, read, create, edit, re-assess, history, reveal. */
export function householdsRoutes(app: App, { db, cipher }: AppDeps): void {
  const deps = { db, cipher };

  app.get(
    '/api/households',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary: 'Files in scope, filtered, keyset-paged',
        querystring: householdQuerySchema,
      },
    },
    (req) => listHouseholds(deps, contextOf(req), req.query),
  );

  app.get(
    '/api/households/export',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary: 'The filtered list as .xlsx (sensitive values masked)',
        querystring: householdQuerySchema.omit({ after: true, limit: true }),
      },
    },
    async (req, reply) => {
      const data = await exportHouseholds(deps, contextOf(req), { ...req.query, limit: 200 });
      const name = encodeURIComponent(`困难职工档案-${new Date().toISOString().slice(0, 10)}.xlsx`);
      return reply
        .header('content-type', xlsxMimeType)
        .header(
          'content-disposition',
          `attachment; filename="households.xlsx"; filename*=UTF-8''${name}`,
        )
        .send(data);
    },
  );

  app.get(
    '/api/households/figures',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary: 'Counts of active files by category and cause, in scope or under nodeId',
        querystring: z.object({ nodeId: z.coerce.number().int().positive().optional() }),
      },
    },
    (req) => getHouseholdFigures(db, contextOf(req), req.query.nodeId),
  );

  app.post(
    '/api/households',
    {
      config: { access: 'household.manage' },
      schema: { tags, summary: 'Create a file (assessed at once)', body: householdFileInputSchema },
    },
    async (req, reply) => {
      const file = await service.createHousehold(deps, contextOf(req), req.body);
      return reply.status(201).send(file);
    },
  );

  app.get(
    '/api/households/:id',
    { config: { access: 'household.read' }, schema: { tags, params: idParams } },
    (req) => service.getHousehold(db, contextOf(req), req.params.id),
  );

  app.put(
    '/api/households/:id',
    {
      config: { access: 'household.manage' },
      schema: {
        tags,
        summary: 'Save the whole file; a stale version is refused with CONFLICT and what changed',
        params: idParams,
        body: householdFileUpdateSchema,
      },
    },
    (req) =>
      service.updateHousehold(deps, contextOf(req), req.params.id, req.body.version, req.body.file),
  );

  app.post(
    '/api/households/:id/assess',
    {
      config: { access: 'household.manage' },
      schema: { tags, summary: 'Re-assess the file now and store the result', params: idParams },
    },
    (req) => service.reassessHousehold(deps, contextOf(req), req.params.id),
  );

  app.get(
    '/api/households/:id/assessments',
    { config: { access: 'household.read' }, schema: { tags, params: idParams } },
    (req) => service.getAssessmentHistory(db, contextOf(req), req.params.id),
  );

  app.get(
    '/api/households/:id/assessments/:assessmentId',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        params: idParams.extend({ assessmentId: z.coerce.number().int().positive() }),
      },
    },
    (req) => service.getAssessment(db, contextOf(req), req.params.id, req.params.assessmentId),
  );

  app.get(
    '/api/households/:id/history',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary: 'Field-level history: every save and assessment',
        params: idParams,
        querystring: z.object({ before: z.coerce.number().int().positive().optional() }),
      },
    },
    (req) => service.getHistory(db, contextOf(req), req.params.id, req.query.before ?? null),
  );

  app.post(
    '/api/households/:id/reveal',
    {
      config: { access: 'household.reveal' },
      schema: {
        tags,
        summary: 'Show one sensitive value in clear, with a reason (written to the read log)',
        params: idParams,
        body: revealRequestSchema,
      },
    },
    (req) => revealField(deps, contextOf(req), req.params.id, req.body),
  );
}
