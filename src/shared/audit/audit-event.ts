import { z } from 'zod';

/**
 * What an audit record says. The `action` decides the shape of `details`, so a
 * reader (or a later migration) knows exactly what each kind of record holds.
 * before/after snapshots are stored beside it; the diff is derived from them.
 */
const loginFailureReasons = z.enum(['unknown_user', 'bad_password', 'locked', 'inactive']);

export const auditEventSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('auth.login'), details: z.object({}) }),
  z.object({
    action: z.literal('auth.login_failed'),
    details: z.object({
      username: z.string(),
      reason: loginFailureReasons,
      lockedUntil: z.string().nullable(),
    }),
  }),
  z.object({ action: z.literal('auth.logout'), details: z.object({}) }),
  z.object({ action: z.literal('auth.password_changed'), details: z.object({}) }),
  z.object({ action: z.literal('org.created'), details: z.object({}) }),
  z.object({ action: z.literal('org.updated'), details: z.object({}) }),
  z.object({
    action: z.literal('org.moved'),
    details: z.object({
      fromParentId: z.number(),
      toParentId: z.number(),
      descendantsMoved: z.number(),
    }),
  }),
  z.object({ action: z.literal('org.deactivated'), details: z.object({}) }),
  z.object({ action: z.literal('org.reactivated'), details: z.object({}) }),
  z.object({
    action: z.literal('org.imported'),
    details: z.object({ fileName: z.string(), created: z.number() }),
  }),
  z.object({ action: z.literal('user.created'), details: z.object({}) }),
  z.object({ action: z.literal('user.updated'), details: z.object({}) }),
  z.object({
    action: z.literal('user.password_reset'),
    details: z.object({ by: z.enum(['admin', 'cli']) }),
  }),
  z.object({ action: z.literal('user.unlocked'), details: z.object({}) }),
  z.object({ action: z.literal('system.backup_taken'), details: z.object({ file: z.string() }) }),
  z.object({ action: z.literal('policy.rate_created'), details: z.object({}) }),
  z.object({ action: z.literal('policy.rate_updated'), details: z.object({}) }),
  z.object({
    action: z.literal('policy.version_saved'),
    details: z.object({ policyVersionId: z.string() }),
  }),
  z.object({ action: z.literal('household.created'), details: z.object({}) }),
  z.object({ action: z.literal('household.updated'), details: z.object({}) }),
  z.object({
    action: z.literal('household.assessed'),
    details: z.object({
      reason: z.string(),
      policyVersionId: z.string(),
      category: z.string().nullable(),
      jobId: z.number().optional(),
    }),
  }),
  /** The read log: who saw which sensitive value in clear, and why. */
  z.object({
    action: z.literal('household.revealed'),
    details: z.object({
      field: z.string(),
      memberId: z.number().nullable(),
      reason: z.string(),
    }),
  }),
  /** Files exported in the import template's format, every sensitive value in clear. */
  z.object({
    action: z.literal('household.exported_full'),
    details: z.object({
      filter: z.record(z.string(), z.unknown()),
      count: z.number(),
      householdIds: z.array(z.number()),
    }),
  }),
  z.object({
    action: z.literal('household.document_added'),
    details: z.object({ documentId: z.number(), docType: z.string(), fileName: z.string() }),
  }),
  z.object({
    action: z.literal('household.document_removed'),
    details: z.object({ documentId: z.number(), docType: z.string(), fileName: z.string() }),
  }),
  z.object({
    action: z.literal('household.document_read'),
    details: z.object({ documentId: z.number(), docType: z.string() }),
  }),
  z.object({
    action: z.literal('duplicate.reviewed'),
    details: z.object({
      kind: z.string(),
      decision: z.string(),
      householdIds: z.array(z.number()),
    }),
  }),
  z.object({
    action: z.literal('dictionary.item_saved'),
    details: z.object({ dictionaryCode: z.string(), itemCode: z.string() }),
  }),
  z.object({
    action: z.literal('case.action'),
    details: z.object({
      action: z.string(),
      step: z.string(),
      toStatus: z.string(),
      toStep: z.string(),
      opinion: z.string().nullable(),
      fileNo: z.string().optional(),
    }),
  }),
  z.object({
    action: z.literal('card.issued'),
    details: z.object({ cardNo: z.string(), householdId: z.number(), reason: z.string() }),
  }),
  z.object({
    action: z.literal('card.status_changed'),
    details: z.object({ cardNo: z.string(), action: z.string(), reason: z.string() }),
  }),
  z.object({
    action: z.literal('notice.batch_created'),
    details: z.object({
      title: z.string(),
      startsOn: z.string(),
      endsOn: z.string(),
      householdIds: z.array(z.number()),
    }),
  }),
  z.object({
    action: z.literal('notice.objection_recorded'),
    details: z.object({ objectionId: z.number(), householdId: z.number(), channel: z.string() }),
  }),
  z.object({
    action: z.literal('notice.objection_resolved'),
    details: z.object({ objectionId: z.number(), householdId: z.number(), upheld: z.boolean() }),
  }),
  z.object({
    action: z.literal('workflow_config.saved'),
    details: z.object({ regionCode: z.string() }),
  }),
  z.object({
    action: z.literal('workflow_config.removed'),
    details: z.object({ regionCode: z.string() }),
  }),
  // Temporary-relief files, transfers and reporting up (docs/transfers-and-reporting.md).
  z.object({
    action: z.literal('household.temporary_entered'),
    details: z.object({ reason: z.string(), until: z.string(), fileNo: z.string() }),
  }),
  z.object({
    action: z.literal('household.temporary_converted'),
    details: z.object({ fileNo: z.string().nullable() }),
  }),
  z.object({
    action: z.literal('household.temporary_closed'),
    details: z.object({ reason: z.string(), fileNo: z.string().nullable() }),
  }),
  z.object({
    action: z.literal('transfer.requested'),
    details: z.object({
      transferId: z.number(),
      reason: z.string(),
      fromNodeId: z.number(),
      toNodeId: z.number(),
      toNodeName: z.string(),
    }),
  }),
  ...(['transfer.released', 'transfer.refused', 'transfer.cancelled'] as const).map((action) =>
    z.object({
      action: z.literal(action),
      details: z.object({
        transferId: z.number(),
        fromNodeId: z.number(),
        toNodeId: z.number(),
        opinion: z.string().nullable(),
      }),
    }),
  ),
  z.object({
    action: z.literal('household.transferred'),
    details: z.object({
      transferId: z.number(),
      fromNodeId: z.number(),
      fromNodeName: z.string(),
      toNodeId: z.number(),
      toNodeName: z.string(),
      regionChanged: z.boolean(),
    }),
  }),
  z.object({
    action: z.literal('report.submitted'),
    details: z.object({
      submissionId: z.number(),
      upToSeq: z.number(),
      newCount: z.number(),
      changedCount: z.number(),
      exitedCount: z.number(),
    }),
  }),
  // The four exits, monthly incomes, follow-ups, the relapse watch and re-admission (docs/exits.md).
  z.object({
    action: z.literal('exit.proposed'),
    details: z.object({
      exitId: z.number(),
      kind: z.string(),
      reasonCode: z.string(),
      source: z.string(),
    }),
  }),
  z.object({
    action: z.literal('exit.action'),
    details: z.object({
      exitId: z.number(),
      action: z.string(),
      toStatus: z.string(),
      opinion: z.string().nullable(),
    }),
  }),
  z.object({
    action: z.literal('income.recorded'),
    details: z.object({ months: z.array(z.string()) }),
  }),
  z.object({
    action: z.literal('follow_up.recorded'),
    details: z.object({ followUpId: z.number(), signals: z.array(z.string()) }),
  }),
  z.object({
    action: z.literal('relapse.flagged'),
    details: z.object({ flagId: z.number(), signal: z.string() }),
  }),
  z.object({
    action: z.literal('relapse.dismissed'),
    details: z.object({ flagId: z.number(), reason: z.string() }),
  }),
  z.object({
    action: z.literal('exit.readmitted'),
    details: z.object({ reason: z.string(), flagsClosed: z.number() }),
  }),
  z.object({
    action: z.literal('job.started'),
    details: z.object({ kind: z.string(), jobId: z.number() }),
  }),
  z.object({
    action: z.literal('job.cancelled'),
    details: z.object({ kind: z.string(), jobId: z.number() }),
  }),
  // Household import (docs/imports.md).
  z.object({
    action: z.literal('import.uploaded'),
    details: z.object({ importId: z.number(), fileName: z.string(), mode: z.string() }),
  }),
  z.object({
    action: z.literal('import.committed'),
    details: z.object({ importId: z.number(), jobId: z.number(), toWrite: z.number() }),
  }),
  /** One per batch of the commit job: the files it wrote (each has its own household.* records). */
  z.object({
    action: z.literal('import.batch_committed'),
    details: z.object({
      importId: z.number(),
      jobId: z.number(),
      householdIds: z.array(z.number()),
      failed: z.number(),
    }),
  }),
  z.object({ action: z.literal('import.cancelled'), details: z.object({ importId: z.number() }) }),
  // Annual review rounds (docs/reviews.md).
  z.object({
    action: z.literal('review.round_opened'),
    details: z.object({
      roundId: z.number(),
      name: z.string(),
      taskCount: z.number(),
      sampleCount: z.number(),
      sampleShare: z.number(),
      sampleSeed: z.string(),
      skipped: z.number(),
    }),
  }),
  z.object({
    action: z.literal('review.round_closed'),
    details: z.object({
      roundId: z.number(),
      forced: z.boolean(),
      reason: z.string().nullable(),
      pendingSample: z.number(),
      pending: z.number(),
    }),
  }),
  z.object({
    action: z.literal('review.task_kept'),
    details: z.object({
      roundId: z.number(),
      taskId: z.number(),
      assessmentId: z.number(),
      reapplied: z.boolean(),
      inSample: z.boolean(),
      note: z.string().nullable(),
    }),
  }),
  z.object({
    action: z.literal('review.task_exit_proposed'),
    details: z.object({
      roundId: z.number(),
      taskId: z.number(),
      exitId: z.number(),
      inSample: z.boolean(),
    }),
  }),
  z.object({
    action: z.literal('review.task_reopened'),
    details: z.object({
      taskId: z.number(),
      exitId: z.number(),
      exitStatus: z.enum(['rejected', 'withdrawn']),
    }),
  }),
  // Registry matching (docs/registry-matching.md).
  z.object({
    action: z.literal('registry.round_imported'),
    details: z.object({
      roundId: z.number(),
      kind: z.string(),
      fileName: z.string(),
      rows: z.number(),
      matchedById: z.number(),
      matchedByScore: z.number(),
      unmatched: z.number(),
      rejected: z.number(),
      /** Rows read whose ID number was unusable (rounds since 2026-11-29). */
      idUnusable: z.number().optional(),
    }),
  }),
  z.object({
    action: z.literal('registry.finding_confirmed'),
    details: z.object({
      findingId: z.number(),
      kind: z.string(),
      memberId: z.number(),
      method: z.string(),
      score: z.number(),
      action: z.record(z.string(), z.unknown()),
    }),
  }),
  z.object({
    action: z.literal('registry.finding_dismissed'),
    details: z.object({
      findingId: z.number(),
      kind: z.string(),
      memberId: z.number(),
      reason: z.string(),
    }),
  }),
  // The household archive exchange file (docs/exchange-format.md).
  z.object({
    action: z.literal('exchange.exported'),
    details: z.object({ nodeId: z.number(), nodeCode: z.string() }),
  }),
  z.object({
    action: z.literal('exchange.imported'),
    details: z.object({
      nodeId: z.number(),
      created: z.number(),
      registered: z.number(),
      skipped: z.number(),
    }),
  }),
]);
export type AuditEvent = z.infer<typeof auditEventSchema>;
export type AuditAction = AuditEvent['action'];
export const auditActions = auditEventSchema.options.map((o) => o.shape.action.value);

export const auditEntityTypes = [
  'session',
  'org_node',
  'user',
  'system',
  'policy_rate',
  'policy_version',
  'household',
  'duplicate_review',
  'dictionary',
  'job',
  'report_submission',
  'review_round',
  'worker_card',
  'notice_batch',
  'workflow_config',
  'import',
  'registry_round',
] as const;
export type AuditEntityType = (typeof auditEntityTypes)[number];

export const auditQuerySchema = z.object({
  userId: z.coerce.number().int().positive().optional(),
  nodeId: z.coerce.number().int().positive().optional(),
  entityType: z.enum(auditEntityTypes).optional(),
  entityId: z.coerce.number().int().positive().optional(),
  action: z.string().max(60).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  /** Keyset cursor: the id of the last record of the previous page. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export type FieldChange = { field: string; before: unknown; after: unknown };

/** Field-level differences between two snapshots. */
export function diffSnapshots(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): FieldChange[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: FieldChange[] = [];
  for (const field of keys) {
    const b = before?.[field] ?? null;
    const a = after?.[field] ?? null;
    if (JSON.stringify(b) !== JSON.stringify(a)) changes.push({ field, before: b, after: a });
  }
  return changes;
}
