import { z } from 'zod';
import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import {
  createNoticeBatchSchema,
  createObjectionSchema,
  eligibleQuerySchema,
  noticeBatchQuerySchema,
  resolveObjectionSchema,
} from '../../shared/notices/notice-sheet';
import * as service from './notices.service';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const tags = ['notices'];
const xlsxMimeType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 公示: notice batches of applications at review_notice, their sheet, export and objections. */
export function noticesRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/notice-batches',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary: 'Notice batches in scope with period, status and objection counts',
        querystring: noticeBatchQuerySchema,
      },
    },
    (req) => service.findNoticeBatches(db, contextOf(req), req.query.nodeId),
  );

  app.get(
    '/api/notice-batches/eligible',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary: 'Applications under a node at review_notice not yet on a notice, and the defaults',
        querystring: eligibleQuerySchema,
      },
    },
    (req) => service.findEligibleApplications(db, contextOf(req), req.query.nodeId),
  );

  app.post(
    '/api/notice-batches',
    {
      config: { access: 'household.manage' },
      schema: {
        tags,
        summary: 'Put applications at review_notice on a notice for the region’s working days',
        body: createNoticeBatchSchema,
      },
    },
    async (req, reply) => {
      const batch = await service.createNoticeBatch(db, contextOf(req), req.body);
      return reply.code(201).send(batch);
    },
  );

  app.get(
    '/api/notice-batches/:id',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary: 'A batch: the sheet (names masked) and objections',
        params: idParams,
      },
    },
    (req) => service.getNoticeBatch(db, contextOf(req), req.params.id),
  );

  app.get(
    '/api/notice-batches/:id/export',
    {
      config: { access: 'household.read' },
      schema: { tags, summary: 'The notice sheet as .xlsx, set up for A4', params: idParams },
    },
    async (req, reply) => {
      const { data, fileName } = await service.exportNoticeBatch(db, contextOf(req), req.params.id);
      return reply
        .header('content-type', xlsxMimeType)
        .header(
          'content-disposition',
          `attachment; filename="notice.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        )
        .send(data);
    },
  );

  app.post(
    '/api/notice-batches/:id/objections',
    {
      config: { access: 'household.manage' },
      schema: {
        tags,
        summary: 'Record an objection about a household of the batch',
        params: idParams,
        body: createObjectionSchema,
      },
    },
    async (req, reply) => {
      const batch = await service.recordObjection(db, contextOf(req), req.params.id, req.body);
      return reply.code(201).send(batch);
    },
  );

  app.post(
    '/api/notice-objections/:id/resolve',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary: 'Resolve an objection (upheld or not); case workers and reviewers',
        params: idParams,
        body: resolveObjectionSchema,
      },
    },
    (req) => service.resolveObjection(db, contextOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/households/:id/notice',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary: 'The file’s notice batches and what still keeps it from passing review_notice',
        params: idParams,
      },
    },
    (req) => service.getHouseholdNotice(db, contextOf(req), req.params.id),
  );
}
