import { z } from 'zod';
import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import {
  reportItemsQuerySchema,
  reportListQuerySchema,
  reportPendingQuerySchema,
  reportSubmitSchema,
} from '../../shared/reports/report';
import * as service from './reports.service';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const tags = ['reports'];
const xlsxMimeType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 逐级上报: what a node would report, submitting it, the submissions below, their items. */
export function reportsRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/reports/pending',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary: 'What the node (the caller’s, or nodeId in scope) would report now, by kind',
        querystring: reportPendingQuerySchema,
      },
    },
    (req) => service.getPending(db, contextOf(req), req.query.nodeId),
  );

  app.post(
    '/api/reports',
    {
      config: { access: 'household.manage' },
      schema: {
        tags,
        summary: 'Report up: the files new, changed or exited since the node’s previous report',
        body: reportSubmitSchema,
      },
    },
    async (req, reply) => {
      const submission = await service.submitReport(db, contextOf(req), req.body);
      return reply.status(201).send(submission);
    },
  );

  app.get(
    '/api/reports',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary: 'Submissions of the nodes in scope, newest first',
        querystring: reportListQuerySchema,
      },
    },
    (req) => service.listSubmissions(db, contextOf(req), req.query),
  );

  app.get(
    '/api/reports/:id',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary: 'A submission and its items (paged, by kind of change)',
        params: idParams,
        querystring: reportItemsQuerySchema,
      },
    },
    (req) => service.getSubmission(db, contextOf(req), req.params.id, req.query),
  );

  app.get(
    '/api/reports/:id/export',
    {
      config: { access: 'household.read' },
      schema: { tags, summary: 'A submission’s items as .xlsx (masked)', params: idParams },
    },
    async (req, reply) => {
      const data = await service.exportSubmission(db, contextOf(req), req.params.id);
      const name = encodeURIComponent(`逐级上报-${req.params.id}.xlsx`);
      return reply
        .header('content-type', xlsxMimeType)
        .header(
          'content-disposition',
          `attachment; filename="report-${req.params.id}.xlsx"; filename*=UTF-8''${name}`,
        )
        .send(data);
    },
  );
}
