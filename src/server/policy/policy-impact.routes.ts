import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import { impactExportQuerySchema, impactProposalSchema } from '../../shared/policy/policy-impact';
import * as service from './policy-impact.service';

const tags = ['policy'];
const xlsxMimeType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Impact preview (影响测算) of a new 低保 line or minimum wage, its export, and applying it. */
export function policyImpactRoutes(app: App, { db }: AppDeps): void {
  app.post(
    '/api/policy/impact',
    {
      config: { access: 'policy.manage' },
      schema: {
        tags,
        summary: 'Which files in scope a proposed rate would move (nothing is written)',
        body: impactProposalSchema,
      },
    },
    (req) => service.previewImpact(db, contextOf(req), req.body),
  );

  app.get(
    '/api/policy/impact/export',
    {
      config: { access: 'policy.manage' },
      schema: {
        tags,
        summary: 'The impact preview as .xlsx',
        querystring: impactExportQuerySchema,
      },
    },
    async (req, reply) => {
      const data = await service.exportImpact(db, contextOf(req), req.query);
      const name = encodeURIComponent(
        `影响测算-${req.query.regionCode}-${req.query.effectiveFrom}.xlsx`,
      );
      return reply
        .header('content-type', xlsxMimeType)
        .header(
          'content-disposition',
          `attachment; filename="impact.xlsx"; filename*=UTF-8''${name}`,
        )
        .send(data);
    },
  );

  app.post(
    '/api/policy/impact/apply',
    {
      config: { access: 'policy.manage' },
      schema: {
        tags,
        summary: 'Add the rate and queue the re-assessment of every file it governs',
        body: impactProposalSchema,
      },
    },
    async (req, reply) => {
      const answer = await service.applyImpact(db, contextOf(req), req.body);
      return reply.status(202).send(answer);
    },
  );
}
