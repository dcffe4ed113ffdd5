import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import { householdQuerySchema } from '../../shared/households/household-file';
import { xlsxMimeType } from './import-workbooks';
import {
  exportFileInTemplate,
  exportListInTemplate,
  templateExportFileName,
} from './template-export';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const tags = ['imports'];

/**
 * Export in the import template's format (docs/imports.md): the filtered list
 * or one file, every sensitive value in clear — household.reveal, audited.
 */
export function templateExportRoutes(app: App, { db, cipher }: AppDeps): void {
  const deps = { db, cipher };
  const send = (reply: FastifyReply, data: Buffer) => {
    const name = encodeURIComponent(templateExportFileName(new Date().toISOString().slice(0, 10)));
    return reply
      .header('content-type', xlsxMimeType)
      .header(
        'content-disposition',
        `attachment; filename="households-template.xlsx"; filename*=UTF-8''${name}`,
      )
      .header('cache-control', 'no-store')
      .send(data);
  };

  app.get(
    '/api/households/template-export',
    {
      // ID numbers, phones and bank accounts in clear.
      config: { access: 'household.reveal' },
      schema: {
        tags,
        summary: 'The filtered list in the import template’s format (values in clear, audited)',
        querystring: householdQuerySchema.omit({ after: true, limit: true }),
      },
    },
    async (req, reply) => {
      const { data } = await exportListInTemplate(deps, contextOf(req), req.query);
      return send(reply, data);
    },
  );

  app.get(
    '/api/households/:id/template-export',
    {
      config: { access: 'household.reveal' },
      schema: {
        tags,
        summary: 'One file in the import template’s format (values in clear, audited)',
        params: idParams,
      },
    },
    async (req, reply) => {
      const { data } = await exportFileInTemplate(deps, contextOf(req), req.params.id);
      return send(reply, data);
    },
  );
}
