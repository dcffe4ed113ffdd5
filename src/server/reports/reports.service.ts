import ExcelJS from 'exceljs';
import { inTransaction, type Conn, type Db } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import { hardshipCategoryLabels } from '../../shared/households/policy';
import { householdStatusLabels } from '../../shared/households/household-file';
import {
  reportChangeLabels,
  type ReportChange,
  type ReportItemsPage,
  type ReportItemsQuery,
  type ReportListQuery,
  type ReportPending,
  type ReportSnapshot,
  type ReportSubmission,
  type ReportSubmitInput,
} from '../../shared/reports/report';
import { auditSourceOf, recordAudit } from '../audit/audit.service';
import * as q from './reports.queries';

/**
 * 逐级上报: a node reports to the level above the files of its subtree that
 * are new, changed or exited since its previous report
 * (docs/transfers-and-reporting.md). One INSERT … SELECT writes the submission
 * and its items; submissions of one node are serialised on the node's row.
 */

async function nodeInScope(conn: Conn, ctx: RequestContext, nodeId: number | undefined) {
  const node = await q.selectNodeInScope(conn, ctx.actor.scopePath, nodeId ?? ctx.actor.nodeId);
  if (!node)
    throw new AppError('NOT_FOUND', `nodeId: org node ${nodeId} not found`, {
      issues: [{ path: 'nodeId', message: 'not found' }],
    });
  return node;
}

const iso = (d: Date | string) => new Date(d).toISOString();

function presentSubmission(r: q.SubmissionRow): ReportSubmission {
  return {
    id: r.id,
    node: { id: r.node_id, name: r.node_name, code: r.node_code },
    note: r.note,
    upToSeq: r.up_to_seq,
    counts: { new: r.new_count, changed: r.changed_count, exited: r.exited_count },
    submittedBy: r.submitted_by_name,
    submittedAt: iso(r.submitted_at),
  };
}

/** 本级待上报: what the node (the caller's, or one in scope) would report now. */
export async function getPending(
  db: Db,
  ctx: RequestContext,
  nodeId: number | undefined,
): Promise<ReportPending> {
  const node = await nodeInScope(db, ctx, nodeId);
  const last = await q.selectLastSubmission(db, node.id);
  const counts = await q.countPending(db, node, last?.up_to_seq ?? 0);
  return {
    node: { id: node.id, name: node.name, code: node.code },
    last: last
      ? { id: last.id, submittedAt: iso(last.submitted_at), upToSeq: last.up_to_seq }
      : null,
    counts,
  };
}

/**
 * Submits the node's report: every file of its subtree changed since the
 * previous report, classified new / changed / exited, with a masked snapshot.
 * A second submission of the same node at the same time waits for the first
 * and then reports only what came after it: nothing twice, nothing missed.
 */
export async function submitReport(
  db: Db,
  ctx: RequestContext,
  input: ReportSubmitInput,
): Promise<ReportSubmission> {
  return inTransaction(db, async (trx) => {
    const node = await nodeInScope(trx, ctx, input.nodeId);
    if (!node.is_active)
      throw new AppError('VALIDATION', `nodeId: ${node.name} is deactivated`, {
        issues: [{ path: 'nodeId', message: 'deactivated' }],
      });
    await q.lockNode(trx, node.id);
    await q.holdHouseholdWrites(trx);
    const last = await q.selectLastSubmission(trx, node.id);
    const id = await q.insertSubmission(trx, {
      node,
      afterSeq: last?.up_to_seq ?? 0,
      note: input.note,
      userId: ctx.actor.userId,
    });
    const submission = presentSubmission((await q.selectSubmissionInScope(trx, '/', id))!);
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'report.submitted',
      details: {
        submissionId: id,
        upToSeq: submission.upToSeq,
        newCount: submission.counts.new,
        changedCount: submission.counts.changed,
        exitedCount: submission.counts.exited,
      },
      entityType: 'report_submission',
      entityId: id,
      nodeId: node.id,
      after: { ...submission.counts, upToSeq: submission.upToSeq },
    });
    return submission;
  });
}

/** Submissions of the nodes in scope (or under nodeId), newest first: the upper level reads its children's. */
export async function listSubmissions(db: Db, ctx: RequestContext, query: ReportListQuery) {
  const path = query.nodeId ? (await nodeInScope(db, ctx, query.nodeId)).path : ctx.actor.scopePath;
  const rows = await q.selectSubmissions(db, { path, limit: query.limit, before: query.before });
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(presentSubmission),
    nextBefore: rows.length > query.limit ? page.at(-1)!.id : null,
  };
}

async function loadSubmission(conn: Conn, ctx: RequestContext, id: number) {
  const row = await q.selectSubmissionInScope(conn, ctx.actor.scopePath, id);
  if (!row) throw new AppError('NOT_FOUND', `report submission ${id} not found`);
  return presentSubmission(row);
}

/** One submission with its items, paged, optionally of one kind of change. */
export async function getSubmission(
  db: Db,
  ctx: RequestContext,
  id: number,
  query: ReportItemsQuery,
): Promise<ReportItemsPage> {
  const submission = await loadSubmission(db, ctx, id);
  const rows = await q.selectItems(db, {
    submissionId: id,
    change: query.change,
    limit: query.limit,
    after: query.after ?? 0,
  });
  const page = rows.slice(0, query.limit);
  return {
    submission,
    items: page.map((r) => ({
      householdId: r.household_id,
      change: r.change as ReportChange,
      changeSeq: r.change_seq,
      snapshot: r.snapshot as ReportSnapshot,
    })),
    nextAfter: rows.length > query.limit ? page.at(-1)!.household_id : null,
  };
}

/** The submission as a workbook: one row per file, masked as in the snapshot. */
export async function exportSubmission(db: Db, ctx: RequestContext, id: number): Promise<Buffer> {
  const submission = await loadSubmission(db, ctx, id);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Bangfu';
  const ws = wb.addWorksheet('上报明细', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '变动类型', key: 'change', width: 10 },
    { header: '档案编号', key: 'fileNo', width: 26 },
    { header: '户主(脱敏)', key: 'head', width: 12 },
    { header: '困难类别', key: 'category', width: 12 },
    { header: '家庭人口', key: 'members', width: 10 },
    { header: '档案状态', key: 'status', width: 10 },
    { header: '档案类型', key: 'kind', width: 10 },
    { header: '建档单位', key: 'node', width: 28 },
  ];
  ws.getRow(1).font = { bold: true };
  let after = 0;
  for (;;) {
    const rows = await q.selectItems(db, {
      submissionId: id,
      change: undefined,
      limit: 500,
      after,
    });
    for (const r of rows.slice(0, 500)) {
      const s = r.snapshot as ReportSnapshot;
      ws.addRow({
        change: reportChangeLabels[r.change as ReportChange].zh,
        fileNo: s.fileNo ?? '',
        head: s.headNameMasked,
        category: s.category ? hardshipCategoryLabels[s.category].zh : '未认定',
        members: s.memberCount,
        status: householdStatusLabels[s.status],
        kind: s.fileKind === 'temporary' ? '临时救助' : '常规',
        node: s.nodeName,
      });
    }
    if (rows.length <= 500) break;
    after = rows[499]!.household_id;
    await new Promise((r) => setImmediate(r));
  }
  const info = wb.addWorksheet('上报信息');
  info.addRows([
    ['上报单位', submission.node.name],
    ['上报时间', submission.submittedAt],
    ['上报人', submission.submittedBy ?? ''],
    ['说明', submission.note ?? ''],
    ['新增', submission.counts.new],
    ['变更', submission.counts.changed],
    ['退出', submission.counts.exited],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
