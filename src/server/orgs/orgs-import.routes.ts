import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import { AppError } from '../../shared/errors';
import { orgImportQuerySchema, orgImportResultSchema } from '../../shared/orgs/org-import';
import * as service from './orgs-import.service';

const tags = ['orgs'];
const maxUploadBytes = 5 * 1024 * 1024;

/** Excel import of the union tree: template download, dry run, commit. */
export function orgsImportRoutes(app: App, { db }: AppDeps): void {
  // Multipart parsing only for these routes: everything else keeps JSON bodies.
  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    await scope.register(multipart, {
      limits: { fileSize: maxUploadBytes, files: 1, fields: 10, parts: 20 },
    });

    scope.get(
      '/api/orgs/import-template',
      {
        config: { access: 'org.manage' },
        schema: { tags, summary: 'The .xlsx template for importing part of the union tree' },
      },
      async (req, reply) => {
        const data = await service.buildImportTemplate(db, contextOf(req));
        const fileName = encodeURIComponent(service.importTemplateFileName);
        return reply
          .header('content-type', service.xlsxMimeType)
          .header(
            'content-disposition',
            `attachment; filename="org-import-template.xlsx"; filename*=UTF-8''${fileName}`,
          )
          .send(data);
      },
    );

    scope.post(
      '/api/orgs/import',
      {
        config: { access: 'org.manage' },
        schema: {
          tags,
          summary: 'Check (mode=validate) or import (mode=commit) an .xlsx file of org nodes',
          description: 'multipart/form-data with one file field named `file`.',
          consumes: ['multipart/form-data'],
          querystring: orgImportQuerySchema,
          response: { 200: orgImportResultSchema },
        },
      },
      async (req) => {
        if (!req.isMultipart())
          throw new AppError('VALIDATION', '请以 multipart/form-data 方式上传文件（字段名 file）');
        // Past 5 MB, toBuffer throws a 413 that the error handler words as `upload too large`.
        const file = await req.file();
        if (!file || file.fieldname !== 'file')
          throw new AppError('VALIDATION', '没有收到文件：请在字段 file 中上传 .xlsx 文件');
        const upload = { fileName: cleanFileName(file.filename), data: await file.toBuffer() };
        return service.importOrgTree(db, contextOf(req), upload, req.query.mode);
      },
    );
  });
}

/** The name as the user's computer called it, without any path, for the audit record. */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop()?.trim() ?? '';
  return base.slice(0, 200) || '(未命名)';
}
