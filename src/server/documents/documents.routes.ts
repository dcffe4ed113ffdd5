import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import { AppError } from '../../shared/errors';
import { documentUploadSchema } from '../../shared/households/documents';
import * as service from './documents.service';
import { sweepStaleUploads } from './file-store';

const tags = ['households'];
const householdParams = z.object({ id: z.coerce.number().int().positive() });
const documentParams = householdParams.extend({
  documentId: z.coerce.number().int().positive(),
});

/** Household documents (附件): list with what is missing, upload, download, remove. */
export function documentsRoutes(app: App, { db, config }: AppDeps): void {
  const deps: service.DocumentDeps = {
    db,
    store: { dir: config.documentsDir, maxBytes: config.documentMaxBytes },
  };
  // At start: half-written uploads of a previous run go; a failure here must not stop the app.
  sweepStaleUploads(config.documentsDir).catch((error: unknown) =>
    app.log.warn({ err: error }, 'could not sweep stale document uploads'),
  );

  // Multipart parsing only for these routes: everything else keeps JSON bodies.
  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    await scope.register(multipart, {
      // One byte past the limit truncates the stream: the store then refuses it.
      limits: { fileSize: config.documentMaxBytes + 1, files: 1, fields: 10, parts: 20 },
      throwFileSizeLimit: false,
    });

    scope.get(
      '/api/households/:id/documents',
      {
        config: { access: 'household.read' },
        schema: {
          tags,
          summary: 'The documents of a file and what it still lacks for its causes of hardship',
          params: householdParams,
        },
      },
      (req) => service.listDocuments(deps, contextOf(req), req.params.id),
    );

    scope.post(
      '/api/households/:id/documents',
      {
        config: { access: 'household.manage' },
        schema: {
          tags,
          summary: 'Upload a document (PDF, JPEG, PNG, TIFF, HEIC or OFD, judged by content)',
          description:
            'multipart/form-data: fields docType, memberId (optional), note (optional), then the ' +
            'file in the field `file`. The fields may also be given in the query string.',
          consumes: ['multipart/form-data'],
          params: householdParams,
          querystring: documentUploadSchema.partial(),
        },
      },
      async (req, reply) => {
        const ctx = contextOf(req);
        // Scope first: no byte is stored for a file the caller cannot see.
        const file = await service.getDocumentHousehold(db, ctx, req.params.id);
        if (!req.isMultipart())
          throw new AppError('VALIDATION', 'file: send multipart/form-data with the field file');
        const part = await req.file();
        if (!part || part.fieldname !== 'file')
          throw new AppError('VALIDATION', 'file: no file received in the field file', {
            issues: [{ path: 'file', message: 'required' }],
          });
        const fields: Record<string, unknown> = { ...req.query };
        for (const [name, value] of Object.entries(part.fields))
          if (value && !Array.isArray(value) && value.type === 'field') fields[name] = value.value;
        const meta = documentUploadSchema.safeParse(fields);
        if (!meta.success) {
          part.file.resume();
          throw meta.error;
        }
        const document = await service.addDocument(deps, ctx, file, meta.data, {
          fileName: part.filename,
          stream: part.file,
          isTruncated: () => part.file.truncated,
        });
        return reply.status(201).send(document);
      },
    );
  });

  app.get(
    '/api/households/:id/documents/:documentId/content',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary: 'The bytes of a document (audited); inline=1 shows PDF and images in the browser',
        params: documentParams,
        querystring: z.object({ inline: z.enum(['0', '1']).optional() }),
      },
    },
    async (req, reply) => {
      const doc = await service.readDocument(
        deps,
        contextOf(req),
        req.params.id,
        req.params.documentId,
        req.query.inline === '1',
      );
      const ascii = `document-${req.params.documentId}`;
      const disposition = `${doc.isInline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`;
      return reply
        .header('content-type', doc.contentType)
        .header('content-length', doc.sizeBytes)
        .header('content-disposition', disposition)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('cross-origin-resource-policy', 'same-origin')
        .send(doc.stream);
    },
  );

  app.delete(
    '/api/households/:id/documents/:documentId',
    {
      config: { access: 'household.manage' },
      schema: {
        tags,
        summary: 'Remove a document from the file (kept for the record; audited)',
        params: documentParams,
      },
    },
    async (req, reply) => {
      await service.removeDocument(deps, contextOf(req), req.params.id, req.params.documentId);
      return reply.status(204).send();
    },
  );
}
