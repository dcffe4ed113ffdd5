import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import { AppError } from '../../shared/errors';
import { archiveQuerySchema } from '../../shared/exchange/household-archive';
import * as service from './exchange.service';

const tags = ['exchange'];
/** An archive of a large city's files: some hundred MB of JSON Lines. */
const maxArchiveBytes = 512 * 1024 * 1024;

/** The household archive exchange file (docs/exchange-format.md). */
export function exchangeRoutes(app: App, deps: AppDeps): void {
  const exchangeDeps = { db: deps.db, cipher: deps.cipher };
  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    await scope.register(multipart, {
      limits: { fileSize: maxArchiveBytes, files: 1, fields: 5, parts: 10 },
      throwFileSizeLimit: false,
    });

    scope.get(
      '/api/exchange/archive',
      {
        // The file carries ID numbers, phones, accounts and diagnoses in clear.
        config: { access: 'household.reveal' },
        schema: {
          tags,
          summary: 'The active files of a node’s subtree as a JSON Lines exchange file',
          querystring: archiveQuerySchema,
        },
      },
      async (req, reply) => {
        const archive = await service.exportArchive(exchangeDeps, contextOf(req), req.query.nodeId);
        async function* body() {
          for await (const line of archive.lines) yield `${line}\n`;
        }
        return reply
          .header('content-type', 'application/x-ndjson; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="${archive.fileName.replace(/[^\w.-]/g, '_')}"`,
          )
          .send(Readable.from(body()));
      },
    );

    scope.post(
      '/api/exchange/archive',
      {
        config: { access: 'household.manage' },
        schema: {
          tags,
          summary: 'Import an exchange file under a node (files created, registered or skipped)',
          consumes: ['multipart/form-data'],
          querystring: archiveQuerySchema,
        },
      },
      async (req) => {
        if (!req.isMultipart())
          throw new AppError('VALIDATION', 'send multipart/form-data with a field named file', {
            userMessage: '请以 multipart/form-data 方式上传文件（字段名 file）',
          });
        const file = await req.file();
        if (!file || file.fieldname !== 'file')
          throw new AppError('VALIDATION', 'no file in field file', {
            userMessage: '没有收到文件：请在字段 file 中上传交换文件',
          });
        const result = await service.importArchive(
          exchangeDeps,
          contextOf(req),
          req.query.nodeId,
          file.file,
        );
        if (file.file.truncated)
          throw new AppError('VALIDATION', 'archive too large', {
            userMessage: '交换文件过大，请按下级单位分别导出',
          });
        return result;
      },
    );
  });
}
