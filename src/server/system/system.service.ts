import type { Db } from '../db/database';
import type { RequestContext } from '../http/context';
import { auditSourceOf, recordAudit } from '../audit/audit.service';

/** Takes a backup of the embedded database on demand and records who asked for it. */
export async function takeBackup(
  db: Db,
  ctx: RequestContext,
  backupNow: () => Promise<string>,
): Promise<string> {
  const file = await backupNow();
  await recordAudit(db, auditSourceOf(ctx), {
    action: 'system.backup_taken',
    details: { file },
    entityType: 'system',
    entityId: null,
    nodeId: ctx.actor.nodeId,
  });
  return file;
}
