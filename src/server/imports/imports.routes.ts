import multipart from '@fastify/multipart';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import { AppError } from '../../shared/errors';
import { importUploadQuerySchema } from '../../shared/imports/household-import';
import * as service from './imports.service';
import { buildHouseholdTemplate, templateFileName, xlsxMimeType } from './import-workbooks';

const tags = ['imports'];
const idParams = z.object({ id: z.coerce.number().int().positive() });

function attachment(name: string, ascii: string): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The household import (批量导入): template, upload and check, preview, commit, error report. */
export function importsRoutes(app: App, deps: AppDeps): void {
  const { db, cipher, config } = deps;
  const importDeps = { db, cipher, dataDir: config.dataDir };

  // Checks running in the background finish before the database closes.
  app.addHook('onClose', async () => {
    await Promise.allSettled([...service.runningChecks.values()]);
  });

  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    await scope.register(multipart, {
      limits: { fileSize: service.maxUploadBytes, files: 1, fields: 5, parts: 10 },
      throwFileSizeLimit: false,
    });

    scope.get(
      '/api/imports/template',
      {
        config: { access: 'household.manage' },
        schema: { tags, summary: 'The .xlsx template of the household import (家庭, 成员, 说明)' },
      },
      async (_req, reply) =>
        reply
          .header('content-type', xlsxMimeType)
          .header(
            'content-disposition',
            attachment(templateFileName, 'household-import-template.xlsx'),
          )
          .send(await buildHouseholdTemplate(db)),
    );

    scope.get(
      '/api/imports',
      {
        config: { access: 'household.manage' },
        schema: { tags, summary: 'Recent imports in scope (history), newest first' },
      },
      (req) => service.findImports(db, contextOf(req)),
    );

    scope.post(
      '/api/imports',
      {
        config: { access: 'household.manage' },
        schema: {
          tags,
          summary: 'Upload an .xlsx or .csv of households and start its check (dry run)',
          description:
            'multipart/form-data with one file field named `file`; answers 202 with the import, status validating.',
          consumes: ['multipart/form-data'],
          querystring: importUploadQuerySchema,
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
        const view = await service.startImport(
          importDeps,
          contextOf(req),
          {
            fileName: cleanFileName(file.filename),
            stream: file.file,
            isTruncated: () => file.file.truncated,
          },
          req.query,
        );
        return reply.status(202).send(view);
      },
    );

    scope.get(
      '/api/imports/:id',
      {
        config: { access: 'household.manage' },
        schema: {
          tags,
          summary: 'An import: status, preview counts, first rejected rows, job progress',
          params: idParams,
        },
      },
      (req) => service.getImport(db, contextOf(req), req.params.id),
    );

    scope.get(
      '/api/imports/:id/error-report',
      {
        config: { access: 'household.manage' },
        schema: {
          tags,
          summary: 'The uploaded workbook again with bad cells highlighted and an error column',
          params: idParams,
        },
      },
      async (req, reply) => {
        const report = await service.errorReport(importDeps, contextOf(req), req.params.id);
        return reply
          .header('content-type', xlsxMimeType)
          .header('content-disposition', attachment(report.fileName, 'import-errors.xlsx'))
          .send(report.stream);
      },
    );

    scope.post(
      '/api/imports/:id/commit',
      {
        config: { access: 'household.manage' },
        schema: { tags, summary: 'Write a checked import (a background job)', params: idParams },
      },
      (req) => service.commitImport(db, contextOf(req), req.params.id),
    );

    scope.post(
      '/api/imports/:id/cancel',
      {
        config: { access: 'household.manage' },
        schema: { tags, summary: 'Cancel a check or a commit in progress', params: idParams },
      },
      (req) => service.cancelImport(db, contextOf(req), req.params.id),
    );
  });
}

/** The name as the user's computer called it, without any path. */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop()?.trim() ?? '';
  return base.slice(0, 200) || '(未命名)';
}
