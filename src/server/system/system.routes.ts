import type { App, AppDeps } from '../http/app-types';
import { getSchemaVersion } from '../db/migrate';
import { AppError } from '../../shared/errors';
import { contextOf } from '../http/context';
import { takeBackup } from './system.service';
import { auditActions } from '../../shared/audit/audit-event';

export function systemRoutes(app: App, deps: AppDeps, schemaVersion: string | null): void {
  // Answers from memory so that it stays prompt even while the database is busy.
  app.get(
    '/api/health',
    { config: { access: 'public' }, schema: { tags: ['system'] } },
    async (req) => {
      const deep = (req.query as { deep?: string }).deep === '1';
      return {
        status: 'ok',
        database: deps.mode,
        schemaVersion: deep ? await getSchemaVersion(deps.db) : schemaVersion,
      };
    },
  );

  app.get(
    '/api/system/info',
    { config: { access: 'system.manage' }, schema: { tags: ['system'] } },
    async () => ({
      database: deps.mode,
      schemaVersion: await getSchemaVersion(deps.db),
      dataDir: deps.mode === 'embedded' ? deps.config.dataDir : null,
      auditActions,
      node: process.version,
    }),
  );

  app.post(
    '/api/system/backup',
    {
      config: { access: 'system.manage' },
      schema: { tags: ['system'], summary: 'Embedded mode: write a backup now' },
    },
    async (req) => {
      if (!deps.backupNow)
        throw new AppError(
          'INVALID_STATE',
          'backups of PostgreSQL are taken with `npx bangfu backup` (pg_dump)',
        );
      return { file: await takeBackup(deps.db, contextOf(req), deps.backupNow) };
    },
  );
}
