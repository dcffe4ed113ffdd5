import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Db } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import { parseIdNumber } from '../../shared/households/id-number';
import {
  householdStatusLabels,
  phoneSchema,
  standardLevelLabels,
  type HouseholdFigures,
  type HouseholdQuery,
  type HouseholdSummary,
} from '../../shared/households/household-file';
import { hardshipCategoryLabels } from '../../shared/households/policy';
import { hardshipCauseLabels, workStatusLabels } from '../../shared/households/dictionaries';
import { findRegion } from '../../shared/regions/region-code';
import type { FieldCipher } from '../privacy/field-cipher';
import { presentSummary } from './households.present';
import * as q from './households.queries';
import { addGuardedRow } from '../../shared/imports/spreadsheet-safety';

type Cursor = [string | number | null, number];

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(c) &&
      c.length === 2 &&
      (c[0] === null || typeof c[0] === 'string' || typeof c[0] === 'number') &&
      Number.isSafeInteger(c[1])
    )
      return c as Cursor;
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION', 'after: not a cursor from this list', {
    issues: [{ path: 'after', message: 'invalid cursor' }],
  });
}

function cursorOf(row: q.PageRow, sort: HouseholdQuery['sort']): Cursor {
  switch (sort) {
    case 'updated_desc':
      return [row.updated_at_key, row.id];
    case 'created_desc':
      return [row.created_at_key, row.id];
    case 'name_asc':
      return [row.head_name_pinyin, row.id];
    case 'per_capita_asc':
      return [row.per_capita_fen, row.id];
  }
}

/** The search box takes a name, pinyin, initials, a full ID number or a phone number. */
function searchHashes(cipher: FieldCipher, text: string | undefined) {
  if (!text) return {};
  const id = parseIdNumber(text);
  if (id.ok) return { idNumber: cipher.hash('id_number', id.value) };
  const phone = phoneSchema.safeParse(text);
  if (phone.success) return { phone: cipher.hash('phone', phone.data) };
  return {};
}

async function scopeOf(db: Db, ctx: RequestContext, nodeId: number | undefined): Promise<string> {
  if (!nodeId) return ctx.actor.scopePath;
  const node = await q.selectNodeInScope(db, ctx.actor.scopePath, nodeId);
  if (!node) throw new AppError('NOT_FOUND', `org node ${nodeId} not found`);
  return node.path;
}

/** One page of files in the caller's scope, filtered and sorted; `nextCursor` for the next. */
export async function listHouseholds(
  deps: { db: Db; cipher: FieldCipher },
  ctx: RequestContext,
  query: HouseholdQuery,
): Promise<{ items: HouseholdSummary[]; nextCursor: string | null }> {
  const rows = await q.selectHouseholdPage(deps.db, {
    ...query,
    scopePath: await scopeOf(deps.db, ctx, query.nodeId),
    qHash: searchHashes(deps.cipher, query.q),
    cursor: query.after ? decodeCursor(query.after) : null,
  });
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(presentSummary),
    nextCursor: rows.length > query.limit ? encodeCursor(cursorOf(page.at(-1)!, query.sort)) : null,
  };
}

/** Rows an export may hold: beyond this, narrow the filter (the importer's exchange file is for archives). */
export const exportRowLimit = 50_000;

/** The filtered list as a workbook (masked values only), streamed page by page. */
export async function exportHouseholds(
  deps: { db: Db; cipher: FieldCipher },
  ctx: RequestContext,
  query: HouseholdQuery,
): Promise<Buffer> {
  // Streamed row by row (each committed row is written out and zipped by zlib off
  // the main thread): building the whole workbook at the end stalled the event
  // loop for over a second at 10,000 rows (bench/event-loop.ts).
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = 'Bangfu';
  const ws = wb.addWorksheet('困难职工档案', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '档案编号', key: 'fileNo', width: 16 },
    { header: '户主姓名', key: 'headName', width: 12 },
    { header: '身份证号(脱敏)', key: 'id', width: 22 },
    { header: '联系电话(脱敏)', key: 'phone', width: 16 },
    { header: '家庭人口', key: 'members', width: 10 },
    { header: '建档单位', key: 'node', width: 28 },
    { header: '所在地区', key: 'region', width: 24 },
    { header: '困难类别', key: 'category', width: 12 },
    { header: '月人均收入(元)', key: 'perCapita', width: 16 },
    { header: '主要致困原因', key: 'cause', width: 14 },
    { header: '工作状态', key: 'work', width: 10 },
    { header: '单亲家庭', key: 'single', width: 10 },
    { header: '零就业家庭', key: 'zero', width: 12 },
    { header: '标准级别', key: 'level', width: 10 },
    { header: '档案状态', key: 'status', width: 10 },
    { header: '最近更新', key: 'updated', width: 20 },
  ];
  ws.getColumn('perCapita').numFmt = '#,##0.00';
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  let after: string | undefined;
  let count = 0;
  do {
    const page = await listHouseholds(deps, ctx, {
      ...query,
      limit: 200,
      ...(after ? { after } : {}),
    });
    for (const h of page.items) {
      // Names are typed by people: none may run as a formula when the file is opened.
      addGuardedRow(ws, {
        fileNo: h.fileNo ?? '',
        headName: h.headName,
        id: h.headIdNumberMasked,
        phone: h.phoneMasked ?? '',
        members: h.memberCount,
        node: h.nodeName,
        region: findRegion(h.regionCode)?.fullName ?? h.regionCode,
        category: h.category
          ? hardshipCategoryLabels[h.category].zh
          : h.eligible === false
            ? '不符合条件'
            : '未认定',
        perCapita: h.perCapitaMonthlyFen === null ? null : h.perCapitaMonthlyFen / 100,
        cause: hardshipCauseLabels[h.mainCause],
        work: h.headWorkStatus ? workStatusLabels[h.headWorkStatus] : '',
        single: h.isSingleParent ? '是' : '否',
        zero: h.isZeroEmployment ? '是' : '否',
        level: standardLevelLabels[h.standardLevel],
        status: householdStatusLabels[h.status],
        updated: h.updatedAt.slice(0, 10),
      }).commit();
      count += 1;
      // Let other requests in between rows: no stall longer than a few rows' work.
      if (count % 25 === 0) await new Promise((r) => setImmediate(r));
    }
    if (count > exportRowLimit)
      throw new AppError(
        'VALIDATION',
        `more than ${exportRowLimit} files match: narrow the filter`,
      );
    after = page.nextCursor ?? undefined;
  } while (after);
  ws.commit();
  await wb.commit();
  await finished;
  return Buffer.concat(chunks);
}

/** Counts of the active files in the caller's scope (or under nodeId). */
export async function getHouseholdFigures(
  db: Db,
  ctx: RequestContext,
  nodeId: number | undefined,
): Promise<HouseholdFigures> {
  const { byCategory, byCause, flags, applications } = await q.selectFigures(
    db,
    await scopeOf(db, ctx, nodeId),
  );
  const figures: HouseholdFigures = {
    total: 0,
    applications,
    byCategory: {},
    byMainCause: {},
    singleParent: Number(flags.single_parent),
    zeroEmployment: Number(flags.zero_employment),
    stale: Number(flags.stale),
    provisional: Number(flags.provisional),
  };
  for (const r of byCategory) {
    const key = (r.category ??
      (r.eligible === false
        ? 'not_eligible'
        : 'unassessed')) as keyof HouseholdFigures['byCategory'];
    figures.byCategory[key] = (figures.byCategory[key] ?? 0) + Number(r.n);
    figures.total += Number(r.n);
  }
  for (const r of byCause)
    figures.byMainCause[r.main_cause as keyof HouseholdFigures['byMainCause']] = Number(r.n);
  return figures;
}
