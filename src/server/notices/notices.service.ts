import ExcelJS from 'exceljs';
import { inTransaction, type Conn, type Db } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import { todayInShanghai } from '../../shared/households/id-number';
import { hardshipCategoryLabels, type HardshipCategory } from '../../shared/households/policy';
import { noticeEarliestEnd } from '../../shared/cases/registration';
import {
  buildNoticeRows,
  maskName,
  noticePeriodStatus,
  noticeRefusal,
  noticeRefusalMessage,
  type CreateNoticeBatchInput,
  type CreateObjectionInput,
  type EligibleApplication,
  type NoticeBatchSummary,
  type NoticeBatchView,
  type NoticeObjectionView,
  type NoticeRefusal,
  type ObjectionChannel,
  type ResolveObjectionInput,
} from '../../shared/notices/notice-sheet';
import { auditSourceOf, recordAudit } from '../audit/audit.service';
import { getGoverningRegionCode } from '../orgs/orgs.service';
import { workflowFor } from '../cases/cases.service';
import { defaultWorkflowConfig } from '../../shared/cases/registration';
import * as q from './notices.queries';

/**
 * 公示: the public notice of applications in the unit (domain.md §3 step 4).
 * A case worker puts applications that stand at review_notice on a batch for
 * a node; the period lasts the region's noticeWorkingDays working days;
 * objections are recorded and resolved. A case passes review_notice only when
 * `requireNoticeDone` finds its notice over and every objection resolved and
 * not upheld.
 */

function categoryLabel(code: string | null): string {
  if (!code) return '未认定';
  return hardshipCategoryLabels[code as HardshipCategory]?.zh ?? code;
}

function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} not found`);
}

/** The workflow of the region a node lies in (nearest region code up the tree). */
async function workflowOfNode(conn: Conn, nodePath: string) {
  const regionCode = await getGoverningRegionCode(conn, nodePath);
  return regionCode ? workflowFor(conn, regionCode) : defaultWorkflowConfig;
}

/** Applications under a node in scope that may be put on a notice now. */
export async function findEligibleApplications(
  db: Db,
  ctx: RequestContext,
  nodeId: number,
): Promise<{ applications: EligibleApplication[]; defaults: BatchDefaults }> {
  const node = await q.selectNodeInScope(db, ctx.actor.scopePath, nodeId);
  if (!node) throw notFound(`node ${nodeId}`);
  const rows = await q.selectEligible(db, node.path);
  const config = await workflowOfNode(db, node.path);
  const today = todayInShanghai();
  return {
    applications: rows.map((r) => ({
      householdId: r.id,
      headName: r.head_name,
      categoryLabel: categoryLabel(r.category),
      unit: r.employer_name?.trim() || r.node_name,
      memberCount: r.member_count,
      nodeName: r.node_name,
      stepSince: new Date(r.case_step_since).toISOString(),
    })),
    defaults: {
      title: `${node.name}困难职工建档公示`,
      unitName: node.name,
      startsOn: today,
      workingDays: config.noticeWorkingDays,
      endsOn: noticeEarliestEnd(today, config),
    },
  };
}

export type BatchDefaults = {
  title: string;
  unitName: string;
  startsOn: string;
  workingDays: number;
  endsOn: string;
};

/**
 * Makes a notice batch for a node from applications under it at review_notice
 * (each not yet noticed for its current application). The period starts on
 * `startsOn` (default today) and ends noticeWorkingDays working days later.
 */
export async function createNoticeBatch(
  db: Db,
  ctx: RequestContext,
  input: CreateNoticeBatchInput,
): Promise<NoticeBatchView> {
  requireCaseWorker(ctx, '发布公示');
  const batchId = await inTransaction(db, async (trx) => {
    const node = await q.selectNodeInScope(trx, ctx.actor.scopePath, input.nodeId);
    if (!node) throw notFound(`node ${input.nodeId}`);
    const eligible = await q.selectEligible(trx, node.path, input.householdIds);
    const missing = input.householdIds.filter((id) => !eligible.some((e) => e.id === id));
    if (missing.length)
      throw new AppError(
        'INVALID_STATE',
        `householdIds: ${missing.join(', ')} are not applications at review_notice under this node, or already on a notice`,
        {
          userMessage: `所选申请中有 ${missing.length} 户不在“民主评议与公示”环节或已公示，请刷新后重选`,
          details: { householdIds: missing },
          issues: [{ path: 'householdIds', message: 'not eligible' }],
        },
      );
    const config = await workflowOfNode(trx, node.path);
    const startsOn = input.startsOn ?? todayInShanghai();
    const endsOn = noticeEarliestEnd(startsOn, config);
    const title = input.title ?? `${node.name}困难职工建档公示`;
    const id = await q.insertBatch(trx, {
      node_id: node.id,
      node_path: node.path,
      title,
      unit_name: input.unitName ?? node.name,
      contact_phone: input.contactPhone,
      starts_on: startsOn,
      ends_on: endsOn,
      working_days: config.noticeWorkingDays,
      created_by: ctx.actor.userId,
    });
    await q.insertBatchHouseholds(trx, id, input.householdIds);
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'notice.batch_created',
      details: { title, startsOn, endsOn, householdIds: input.householdIds },
      entityType: 'notice_batch',
      entityId: id,
      nodeId: node.id,
      after: { title, startsOn, endsOn, households: input.householdIds.length },
    });
    return id;
  });
  return getNoticeBatch(db, ctx, batchId);
}

function presentSummary(row: NonNullable<Awaited<ReturnType<typeof q.selectBatch>>>) {
  const today = todayInShanghai();
  return {
    id: row.id,
    nodeId: row.node_id,
    nodeName: row.node_name,
    title: row.title,
    unitName: row.unit_name,
    contactPhone: row.contact_phone,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    workingDays: row.working_days,
    periodStatus: noticePeriodStatus({ startsOn: row.starts_on, endsOn: row.ends_on }, today),
    householdCount: row.household_count,
    objectionCount: row.objection_count,
    openObjectionCount: row.open_objection_count,
    createdAt: new Date(row.created_at).toISOString(),
  } satisfies NoticeBatchSummary;
}

/** Batches in scope (optionally under one node), newest first. */
export async function findNoticeBatches(
  db: Db,
  ctx: RequestContext,
  nodeId?: number,
): Promise<NoticeBatchSummary[]> {
  let underPath: string | undefined;
  if (nodeId) {
    const node = await q.selectNodeInScope(db, ctx.actor.scopePath, nodeId);
    if (!node) throw notFound(`node ${nodeId}`);
    underPath = node.path;
  }
  const rows = await q.selectBatches(db, ctx.actor.scopePath, underPath);
  return rows.map(presentSummary);
}

/** One batch with its sheet (names masked) and its objections. */
export async function getNoticeBatch(
  db: Db,
  ctx: RequestContext,
  batchId: number,
): Promise<NoticeBatchView> {
  const row = await q.selectBatch(db, ctx.actor.scopePath, batchId);
  if (!row) throw notFound(`notice batch ${batchId}`);
  const households = await q.selectBatchHouseholds(db, batchId);
  const objections = await q.selectObjections(db, batchId);
  return {
    ...presentSummary(row),
    issuedBy: row.unit_name,
    issuedOn: row.starts_on,
    rows: buildNoticeRows(
      households.map((h) => ({
        householdId: h.id,
        headName: h.head_name,
        category: h.category,
        employerName: h.employer_name,
        nodeName: h.node_name,
        memberCount: h.member_count,
      })),
      categoryLabel,
    ),
    objections: objections.map((o): NoticeObjectionView => ({
      id: o.id,
      householdId: o.household_id,
      headNameMasked: maskName(o.head_name),
      receivedOn: o.received_on,
      channel: (o.channel ?? 'other') as ObjectionChannel,
      content: o.content,
      resolution: o.resolution,
      upheld: o.upheld,
      resolvedAt: o.resolved_at ? new Date(o.resolved_at).toISOString() : null,
      resolvedByName: o.resolved_by_name,
      createdByName: o.created_by_name,
    })),
  };
}

/** The batch's sheet as .xlsx: the same content as the print page, styled for printing on A4. */
export async function exportNoticeBatch(
  db: Db,
  ctx: RequestContext,
  batchId: number,
): Promise<{ data: Buffer; fileName: string }> {
  const batch = await getNoticeBatch(db, ctx, batchId);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Bangfu';
  const ws = wb.addWorksheet('公示名单', {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.6, right: 0.6, top: 0.8, bottom: 0.8, header: 0.3, footer: 0.3 },
      printTitlesRow: '4:4',
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
  });
  ws.columns = [
    { key: 'no', width: 8 },
    { key: 'name', width: 14 },
    { key: 'category', width: 14 },
    { key: 'unit', width: 36 },
    { key: 'size', width: 12 },
  ];
  const border = { style: 'thin' as const };
  const box = { top: border, left: border, bottom: border, right: border };
  ws.mergeCells('A1:E1');
  ws.getCell('A1').value = '困难职工建档公示';
  ws.getCell('A1').font = { bold: true, size: 18 };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  ws.getRow(1).height = 30;
  ws.mergeCells('A2:E2');
  ws.getCell('A2').value = batch.title;
  ws.getCell('A2').alignment = { horizontal: 'center' };
  ws.mergeCells('A3:E3');
  ws.getCell('A3').value =
    `公示期：${batch.startsOn} 至 ${batch.endsOn}（${batch.workingDays}个工作日）`;
  ws.getCell('A3').alignment = { horizontal: 'center' };
  const header = ws.getRow(4);
  header.values = ['序号', '户主姓名', '困难类别', '所在单位', '家庭人口'];
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F0FE' } };
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
    cell.border = box;
  });
  for (const r of batch.rows) {
    const row = ws.addRow([r.no, r.headNameMasked, r.categoryLabel, r.unit, r.memberCount]);
    row.eachCell((cell, col) => {
      cell.border = box;
      cell.alignment = { horizontal: col === 4 ? 'left' : 'center', vertical: 'middle' };
    });
  }
  ws.addRow([]);
  const lines = [
    `公示期间，如对上述人员有异议，请向${batch.unitName}反映。联系电话：${batch.contactPhone ?? ''}`,
    '反映情况须实事求是，以单位或个人名义均可；我们将对反映人信息予以保密。',
    `${batch.issuedBy}`,
    `${batch.issuedOn}`,
  ];
  lines.forEach((text, i) => {
    const row = ws.addRow([text]);
    ws.mergeCells(`A${row.number}:E${row.number}`);
    row.getCell(1).alignment = { horizontal: i >= 2 ? 'right' : 'left', wrapText: true };
  });
  return {
    data: Buffer.from(await wb.xlsx.writeBuffer()),
    fileName: `公示-${batch.unitName}-${batch.startsOn}.xlsx`,
  };
}

function requireCaseWorker(ctx: RequestContext, what: string): void {
  if (!ctx.actor.roles.includes('case_worker'))
    throw new AppError('FORBIDDEN', `${what}: for case workers`, {
      userMessage: `${what}须由经办人办理`,
      details: { reason: 'case_role' },
    });
}

/** Records an objection (异议) about a household of a batch in scope. */
export async function recordObjection(
  db: Db,
  ctx: RequestContext,
  batchId: number,
  input: CreateObjectionInput,
): Promise<NoticeBatchView> {
  await inTransaction(db, async (trx) => {
    const batch = await q.selectBatch(trx, ctx.actor.scopePath, batchId);
    if (!batch) throw notFound(`notice batch ${batchId}`);
    if (!(await q.isInBatch(trx, batchId, input.householdId)))
      throw new AppError('VALIDATION', `householdId: not on notice batch ${batchId}`, {
        userMessage: '该户不在本批公示名单中',
        issues: [{ path: 'householdId', message: 'not on this notice' }],
      });
    const id = await q.insertObjection(trx, {
      batch_id: batchId,
      household_id: input.householdId,
      received_on: input.receivedOn,
      channel: input.channel,
      content: input.content,
      created_by: ctx.actor.userId,
    });
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'notice.objection_recorded',
      details: { objectionId: id, householdId: input.householdId, channel: input.channel },
      entityType: 'notice_batch',
      entityId: batchId,
      nodeId: batch.node_id,
      after: { receivedOn: input.receivedOn, channel: input.channel },
    });
  });
  return getNoticeBatch(db, ctx, batchId);
}

/** Resolves an objection with its finding; upheld means the application is to be rejected. */
export async function resolveObjection(
  db: Db,
  ctx: RequestContext,
  objectionId: number,
  input: ResolveObjectionInput,
): Promise<NoticeBatchView> {
  if (!ctx.actor.roles.some((r) => r === 'case_worker' || r === 'reviewer'))
    throw new AppError('FORBIDDEN', 'resolving an objection: for case workers and reviewers', {
      userMessage: '处理异议须由经办人或审核人办理',
      details: { reason: 'case_role' },
    });
  const batchId = await inTransaction(db, async (trx) => {
    const objection = await q.selectObjection(trx, ctx.actor.scopePath, objectionId);
    if (!objection) throw notFound(`objection ${objectionId}`);
    if (objection.resolved_at)
      throw new AppError('CONFLICT', `objection ${objectionId} is already resolved`, {
        userMessage: '该异议已处理，请刷新',
        details: { reason: 'objection_resolved' },
      });
    if (
      !(await q.resolveObjection(trx, objectionId, {
        resolution: input.resolution,
        upheld: input.upheld,
        by: ctx.actor.userId,
      }))
    )
      throw new AppError('CONFLICT', `objection ${objectionId} was resolved meanwhile`, {
        userMessage: '该异议已由他人处理，请刷新',
        details: { reason: 'objection_resolved' },
      });
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'notice.objection_resolved',
      details: { objectionId, householdId: objection.household_id, upheld: input.upheld },
      entityType: 'notice_batch',
      entityId: objection.batch_id,
      nodeId: objection.node_id,
      before: { resolution: null, upheld: null },
      after: { resolution: input.resolution, upheld: input.upheld },
    });
    return objection.batch_id;
  });
  return getNoticeBatch(db, ctx, batchId);
}

/** Where a household stands with its notice, for its case panel. */
export type HouseholdNoticeView = {
  batches: Pick<NoticeBatchSummary, 'id' | 'title' | 'startsOn' | 'endsOn' | 'periodStatus'>[];
  refusal: NoticeRefusal | null;
  refusalMessage: string | null;
};

export async function getHouseholdNotice(
  db: Db,
  ctx: RequestContext,
  householdId: number,
): Promise<HouseholdNoticeView> {
  const visible = await q.selectHouseholdInScope(db, ctx.actor.scopePath, householdId);
  if (!visible) throw notFound(`household ${householdId}`);
  const today = todayInShanghai();
  const standing = await q.selectNoticeStanding(db, householdId);
  const refusal = noticeRefusal(standingOf(standing), today);
  return {
    batches: standing.batches.map((b) => ({
      id: b.id,
      title: b.title,
      startsOn: b.starts_on,
      endsOn: b.ends_on,
      periodStatus: noticePeriodStatus({ startsOn: b.starts_on, endsOn: b.ends_on }, today),
    })),
    refusal,
    refusalMessage: refusal ? noticeRefusalMessage(refusal) : null,
  };
}

function standingOf(standing: Awaited<ReturnType<typeof q.selectNoticeStanding>>) {
  return {
    batches: standing.batches.map((b) => ({ id: b.id, startsOn: b.starts_on, endsOn: b.ends_on })),
    objections: standing.objections.map((o) => ({
      id: o.id,
      batchId: o.batch_id,
      resolved: o.resolved_at !== null,
      upheld: o.upheld,
    })),
  };
}

/**
 * The rule at review_notice, called by actOnCase before a pass: the household
 * was on a notice whose period has ended, and every objection about it is
 * resolved and not upheld. INVALID_STATE saying what is missing otherwise.
 */
export async function requireNoticeDone(trx: Conn, householdId: number): Promise<void> {
  const refusal = noticeRefusal(
    standingOf(await q.selectNoticeStanding(trx, householdId)),
    todayInShanghai(),
  );
  if (!refusal) return;
  throw new AppError(
    'INVALID_STATE',
    `cannot pass review_notice: ${refusal.reason}; allowed: ${refusal.reason === 'objection_upheld' ? 'reject' : 'reject, or pass once the notice is done'}`,
    {
      userMessage: noticeRefusalMessage(refusal),
      details: { ...refusal, reason: `notice_${refusal.reason}` },
    },
  );
}
