import { inTransaction } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import type { RevealRequest } from '../../shared/households/household-file';
import { auditSourceOf, recordAudit } from '../audit/audit.service';
import type { HouseholdDeps } from './households.service';
import * as q from './households.queries';

/**
 * Shows one sensitive value in clear to a user allowed to (household.reveal),
 * with the reason they gave. The read is written to the audit log (the read
 * log an auditor filters by `household.revealed`) in the same transaction:
 * no log, no value.
 */
export async function revealField(
  deps: HouseholdDeps,
  ctx: RequestContext,
  householdId: number,
  request: RevealRequest,
): Promise<{ field: RevealRequest['field']; memberId: number | null; value: string | null }> {
  return inTransaction(deps.db, async (trx) => {
    const row = await q.selectHouseholdInScope(trx, ctx.actor.scopePath, householdId);
    if (!row) throw new AppError('NOT_FOUND', `household ${householdId} not found`);
    const memberId = request.memberId ?? null;
    const stored = await q.selectSecret(trx, householdId, request.field, memberId);
    if (stored === undefined)
      throw new AppError(
        'NOT_FOUND',
        `member ${memberId ?? '(head)'} not found in household ${householdId}`,
      );
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'household.revealed',
      details: { field: request.field, memberId, reason: request.reason },
      entityType: 'household',
      entityId: householdId,
      nodeId: row.node_id,
    });
    return {
      field: request.field,
      memberId,
      value: stored === null ? null : deps.cipher.decrypt(stored),
    };
  });
}
