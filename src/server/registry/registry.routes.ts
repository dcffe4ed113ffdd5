import multipart from '@fastify/multipart';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import { AppError } from '../../shared/errors';
import {
  confirmFindingSchema,
  dismissFindingSchema,
  findingQuerySchema,
  registryUploadQuerySchema,
  rejectedRowQuerySchema,
} from '../../shared/registry/registry';
import * as service from './registry.service';

const tags = ['registry'];
const idParams = z.object({ id: z.coerce.number().int().positive() });

/** Registry matching (数据比对): extracts, rounds, the findings queue, a file's findings. */
export function registryRoutes(app: App, deps: AppDeps): void {
  const { db, cipher, config } = deps;
  const registryDeps = { db, cipher, dataDir: config.dataDir };

  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    await scope.register(multipart, {
      limits: { fileSize: service.maxExtractBytes, files: 1, fields: 5, parts: 10 },
      throwFileSizeLimit: false,
    });

    scope.get(
      '/api/registry/rounds',
      {
        config: { access: 'household.read' },
        schema: { tags, summary: 'Matching rounds in scope with their counts, newest first' },
      },
      (req) => service.findRounds(db, contextOf(req)),
    );

    scope.post(
      '/api/registry/rounds',
      {
        config: { access: 'household.manage' },
        schema: {
          tags,
          summary: 'Upload an extract (.xlsx or UTF-8/GBK .csv) of a kind and match it',
          description:
            'multipart/form-data with one file field named `file`; matched against the files of `nodeId` (default: the caller’s node) and below.',
          consumes: ['multipart/form-data'],
          querystring: registryUploadQuerySchema,
        },
      },
      async (req, reply) => {
        if (!req.isMultipart())
          throw new AppError('VALIDATION', 'send multipart/form-data with a field named file', {
            userMessage: '请以 multipart/form-data 方式上传文件（字段名 file）',
          });
        const file = await req.file();
        if (!file || file.fieldname !== 'file')
          throw new AppError('VALIDATION', 'no file in field file', {
            userMessage: '没有收到文件：请在字段 file 中上传 .xlsx 或 .csv 文件',
          });
        const base = file.filename.split(/[\\/]/).pop()?.trim().slice(0, 200) || '(未命名)';
        const round = await service.importExtract(
          registryDeps,
          contextOf(req),
          { fileName: base, stream: file.file, isTruncated: () => file.file.truncated },
          req.query,
        );
        return reply.status(201).send(round);
      },
    );

    scope.get(
      '/api/registry/rounds/:id',
      {
        config: { access: 'household.read' },
        schema: { tags, summary: 'A matching round and its counts', params: idParams },
      },
      (req) => service.getRound(db, contextOf(req), req.params.id),
    );

    scope.get(
      '/api/registry/rounds/:id/rejected-rows',
      {
        config: { access: 'household.read' },
        schema: {
          tags,
          summary: 'The rows of a round that could not be read: sheet, row, column, reason',
          params: idParams,
          querystring: rejectedRowQuerySchema,
        },
      },
      (req) => service.findRejectedRows(db, contextOf(req), req.params.id, req.query),
    );

    scope.get(
      '/api/registry/findings',
      {
        config: { access: 'household.read' },
        schema: {
          tags,
          summary: 'The review queue (比对核查): findings on files in scope',
          querystring: findingQuerySchema,
        },
      },
      (req) => service.findFindings(db, contextOf(req), req.query),
    );

    scope.post(
      '/api/registry/findings/:id/confirm',
      {
        config: { access: 'household.manage' },
        schema: {
          tags,
          summary: 'Confirm a finding: starts its action (exclusion, re-assessment, death, exit)',
          params: idParams,
          body: confirmFindingSchema,
        },
      },
      (req) => service.confirmFinding(db, contextOf(req), req.params.id, req.body),
    );

    scope.post(
      '/api/registry/findings/:id/dismiss',
      {
        config: { access: 'household.manage' },
        schema: {
          tags,
          summary: 'Dismiss a finding with a reason',
          params: idParams,
          body: dismissFindingSchema,
        },
      },
      (req) => service.dismissFinding(db, contextOf(req), req.params.id, req.body),
    );

    scope.get(
      '/api/households/:id/registry',
      {
        config: { access: 'household.read' },
        schema: {
          tags,
          summary: 'A file’s registry findings and deceased members',
          params: idParams,
        },
      },
      (req) => service.getHouseholdRegistry(db, contextOf(req), req.params.id),
    );
  });
}
