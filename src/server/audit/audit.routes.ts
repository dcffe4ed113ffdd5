import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import { auditQuerySchema } from '../../shared/audit/audit-event';
import { findAuditRecords } from './audit.service';

export function auditRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/audit',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Audit log within the caller’s subtree, newest first',
        querystring: auditQuerySchema,
      },
    },
    (req) => findAuditRecords(db, contextOf(req), req.query),
  );
}
