import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { sql, type Insertable } from 'kysely';
import { inTransaction, type Conn, type Db } from '../db/database';
import type { RegistryRowsTable } from '../db/schema';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import { maskIdNumber, todayInShanghai } from '../../shared/households/id-number';
import {
  describeFacts,
  extractKindLabels,
  findingExclusions,
  findingKindOf,
  extractColumns,
  matchMethodExplanations,
  readExtractRow,
  type ExtractColumnKey,
  type ExtractFacts,
  type ExtractKind,
  type ExtractRecord,
  type FindingAction,
  type FindingKind,
  type FindingQuery,
  type FindingStatus,
  type FindingView,
  type HouseholdRegistryView,
  type MatchMethod,
  type RegistryRoundView,
  type RegistryUploadQuery,
  type RejectedRowQuery,
  type RejectedRowsView,
  type RejectedRowView,
} from '../../shared/registry/registry';
import { auditSourceOf, recordAudit } from '../audit/audit.service';
import { assessStoredFile } from '../households/households.service';
import { namePinyin } from '../households/name-pinyin';
import { proposeExit } from '../exits/exits.service';
import type { FieldCipher } from '../privacy/field-cipher';
import { readExtractRows } from './registry-reader';
import * as q from './registry.queries';

/**
 * Registry matching (数据比对): an extract of another office's register is
 * read as a stream and staged (`registry_rows`, ID numbers only as keyed hash
 * and masked copy), matched against the members of the files in the chosen
 * subtree with two set-based statements (by ID hash; by name and birth,
 * scored), and every match becomes a finding on the household. A reviewer
 * confirms or dismisses each; a confirmation starts its action in the same
 * transaction.
 */

export type RegistryDeps = { db: Db; cipher: FieldCipher; dataDir: string };

/**
 * Upload limit. Matching runs inside the request (stage, two joins): 20 MB
 * of CSV is about 200,000 rows, a few seconds on the embedded database.
 */
export const maxExtractBytes = 20 * 1024 * 1024;
const stageChunk = 500;

function fileKindOf(fileName: string): 'xlsx' | 'csv' {
  if (/\.xlsx$/i.test(fileName)) return 'xlsx';
  if (/\.csv$/i.test(fileName)) return 'csv';
  throw new AppError('VALIDATION', 'only .xlsx and .csv extracts are taken', {
    userMessage: '只能上传 .xlsx 或 .csv 文件（旧版 .xls 请先另存为 .xlsx）',
  });
}

function presentRound(r: q.RoundRow): RegistryRoundView {
  return {
    id: r.id,
    kind: r.kind as ExtractKind,
    nodeId: r.node_id,
    nodeName: r.node_name,
    fileName: r.file_name,
    createdBy: r.created_by_name,
    createdAt: new Date(r.created_at).toISOString(),
    counts: {
      rows: r.rows_read,
      matchedById: r.matched_by_id,
      matchedByScore: r.matched_by_score,
      unmatched: r.unmatched,
      rejected: r.rows_rejected,
      idUnusable: r.rows_id_unusable,
    },
    openFindings: r.open_findings ?? 0,
  };
}

function presentFinding(r: q.FindingRow): FindingView {
  const method = r.method as MatchMethod;
  const extractKind = r.extract_kind as ExtractKind;
  const facts = r.facts as ExtractFacts;
  return {
    id: r.id,
    roundId: r.round_id,
    extractKind,
    kind: r.kind as FindingKind,
    status: r.status as FindingStatus,
    version: r.version,
    householdId: r.household_id,
    householdName: r.head_name,
    fileNo: r.file_no,
    householdStatus: r.household_status,
    nodeName: r.node_name,
    memberId: r.member_id,
    memberName: r.member_name,
    memberRelation: r.member_relation,
    memberIdNumberMasked: r.member_id_masked,
    method,
    score: r.score,
    why: r.row_id_problem
      ? `${matchMethodExplanations[method].zh}（${r.row_id_problem}）`
      : matchMethodExplanations[method].zh,
    evidence: {
      rowNo: r.row_no,
      sheet: r.sheet,
      name: r.row_name,
      idNumberMasked: r.row_id_masked,
      birthDate: r.row_birth_date,
      idProblem: r.row_id_problem,
      facts,
      summary: describeFacts(extractKind, facts),
    },
    decidedBy: r.decided_by_name,
    decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
    note: r.note,
    action: (r.action ?? null) as FindingAction | null,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

// ---------------------------------------------------------------- rounds

/**
 * Takes an extract: stores the upload for the time of the match, reads and
 * stages its rows, matches them and records the round with its counts
 * (audited as registry.round_imported) — one transaction. The file is
 * deleted afterwards; only the staged rows remain as evidence.
 */
export async function importExtract(
  deps: RegistryDeps,
  ctx: RequestContext,
  upload: { fileName: string; stream: Readable; isTruncated: () => boolean },
  query: RegistryUploadQuery,
): Promise<RegistryRoundView> {
  const fileKind = fileKindOf(upload.fileName);
  const node = await q.selectNodeInScope(
    deps.db,
    ctx.actor.scopePath,
    query.nodeId ?? ctx.actor.nodeId,
  );
  if (!node)
    throw new AppError('NOT_FOUND', `nodeId: org node ${query.nodeId} not found`, {
      issues: [{ path: 'nodeId', message: 'not found' }],
    });
  const dir = join(deps.dataDir, 'registry');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${randomUUID()}.${fileKind}`);
  try {
    await pipeline(upload.stream, createWriteStream(path, { mode: 0o600 }));
    if (upload.isTruncated())
      throw new AppError('VALIDATION', `upload too large (limit ${maxExtractBytes} bytes)`, {
        userMessage: `文件超过 ${maxExtractBytes / 1024 / 1024} MB，请拆分后分批比对`,
      });
    return await inTransaction(deps.db, async (trx) => {
      const roundId = await q.insertRound(trx, {
        kind: query.kind,
        node_id: node.id,
        node_path: node.path,
        file_name: upload.fileName,
        file_kind: fileKind,
        created_by: ctx.actor.userId,
      });
      const staged = await stageRows(trx, deps.cipher, roundId, query.kind, path, fileKind);
      if (!staged.rows)
        throw new AppError('VALIDATION', 'no extract rows found', {
          userMessage: `文件中没有找到${extractKindLabels[query.kind].zh}的数据行：表头须包含“身份证号”或“姓名”`,
        });
      const includeExited = query.kind === 'death';
      const matchedById = await q.matchById(trx, roundId, node.path, includeExited);
      const matchedByScore = await q.matchByScore(trx, roundId, node.path, includeExited);
      const counts = {
        rows_read: staged.rows,
        rows_rejected: staged.rejected,
        rows_id_unusable: staged.idUnusable,
        matched_by_id: matchedById,
        matched_by_score: matchedByScore,
        unmatched: staged.rows - staged.rejected - matchedById - matchedByScore,
      };
      await q.setRoundCounts(trx, roundId, counts);
      await recordAudit(trx, auditSourceOf(ctx), {
        action: 'registry.round_imported',
        details: {
          roundId,
          kind: query.kind,
          fileName: upload.fileName,
          rows: counts.rows_read,
          matchedById,
          matchedByScore,
          unmatched: counts.unmatched,
          rejected: counts.rows_rejected,
          idUnusable: counts.rows_id_unusable,
        },
        entityType: 'registry_round',
        entityId: roundId,
        nodeId: node.id,
      });
      return presentRound((await q.selectRoundInScope(trx, ctx.actor.scopePath, roundId))!);
    });
  } finally {
    await rm(path, { force: true });
  }
}

async function stageRows(
  trx: Conn,
  cipher: FieldCipher,
  roundId: number,
  kind: ExtractKind,
  path: string,
  fileKind: 'xlsx' | 'csv',
): Promise<{ rows: number; rejected: number; idUnusable: number }> {
  const today = todayInShanghai();
  let seq = 0;
  let rejected = 0;
  let idUnusable = 0;
  let batch: Insertable<RegistryRowsTable>[] = [];
  for await (const row of readExtractRows(path, fileKind, kind)) {
    const rec = readExtractRow(kind, row.cells, today);
    const isBlank =
      !rec.idNumber && !rec.invalidIdNumber && !rec.name && !Object.keys(rec.facts).length;
    if (isBlank) continue;
    if (rec.problems.length) rejected += 1;
    else if (rec.idProblem) idUnusable += 1;
    batch.push({
      round_id: roundId,
      seq: ++seq,
      sheet: row.sheet,
      row_no: row.row,
      id_hash: rec.idNumber ? cipher.hash('id_number', rec.idNumber) : null,
      id_masked: rec.idNumber
        ? maskIdNumber(rec.idNumber)
        : rec.invalidIdNumber
          ? maskIdNumber(rec.invalidIdNumber)
          : null,
      name: rec.name,
      name_pinyin: rec.name ? namePinyin(rec.name).full : null,
      birth_date: rec.birthDate,
      birth_year: rec.birthYear,
      facts: JSON.stringify(rec.facts),
      finding_kind: findingKindOf(kind, rec.facts),
      problem: rec.problems.length ? maskIdDigits(rec.problems.join('；')) : null,
      problems: rec.problems.length ? JSON.stringify(rejectionOf(rec, row.headers)) : null,
      id_problem: rec.idProblem ? maskIdDigits(rec.idProblem) : null,
    });
    if (batch.length >= stageChunk) {
      await q.insertRows(trx, batch);
      batch = [];
    }
  }
  await q.insertRows(trx, batch);
  return { rows: seq, rejected, idUnusable };
}

/** A full ID number (15 or 18 characters) inside a message, masked as everywhere else. */
function maskIdDigits(text: string): string {
  return text.replace(/\d{17}[\dXx]|\d{15}/g, (id) => maskIdNumber(id));
}

/**
 * Why a row is rejected, each reason with its column as the extract's header
 * named it; the ID number's own problem comes first when there was one (it is
 * why a row without a name cannot be matched at all).
 */
function rejectionOf(
  rec: ExtractRecord,
  headers: Partial<Record<ExtractColumnKey, string>>,
): { column: string | null; message: string }[] {
  const column = (key: ExtractColumnKey | null) =>
    key ? (headers[key] ?? extractColumns[key].label) : null;
  const out = rec.issues.map((i) => ({
    column: column(i.column),
    message: maskIdDigits(i.message),
  }));
  if (rec.idProblem)
    out.unshift({ column: column('idNumber'), message: maskIdDigits(rec.idProblem) });
  return out;
}

/** Recent rounds in the caller's scope, newest first. */
export async function findRounds(db: Db, ctx: RequestContext): Promise<RegistryRoundView[]> {
  return (await q.selectRoundsInScope(db, ctx.actor.scopePath, 100)).map(presentRound);
}

export async function getRound(
  db: Db,
  ctx: RequestContext,
  id: number,
): Promise<RegistryRoundView> {
  const row = await q.selectRoundInScope(db, ctx.actor.scopePath, id);
  if (!row) throw new AppError('NOT_FOUND', `registry round ${id} not found`);
  return presentRound(row);
}

/**
 * The rows of a round that could not be read (有误), in file order: sheet,
 * row number, and each reason with its column, so a clerk can correct the
 * extract; or (`which: 'id_unusable'`) the rows read whose ID number was
 * unusable, compared by name and birth date only. Same scope as the round
 * (NOT_FOUND outside it); pages of at most 500 with the round's total.
 */
export async function findRejectedRows(
  db: Db,
  ctx: RequestContext,
  roundId: number,
  query: RejectedRowQuery,
): Promise<RejectedRowsView> {
  const round = await q.selectRoundInScope(db, ctx.actor.scopePath, roundId);
  if (!round) throw new AppError('NOT_FOUND', `registry round ${roundId} not found`);
  const rows = await q.selectRejectedRows(
    db,
    ctx.actor.scopePath,
    roundId,
    query.which,
    query.after ?? 0,
    query.limit + 1,
  );
  const items = rows.slice(0, query.limit).map(presentRejectedRow);
  return {
    roundId,
    which: query.which,
    total: query.which === 'rejected' ? round.rows_rejected : round.rows_id_unusable,
    items,
    nextAfter: rows.length > query.limit ? items.at(-1)!.seq : null,
  };
}

function presentRejectedRow(r: q.RejectedRow): RejectedRowView {
  // Rounds staged before reasons were stored per column have the joined text only.
  const problems = Array.isArray(r.problems)
    ? (r.problems as RejectedRowView['problems'])
    : r.problem !== null
      ? maskIdDigits(r.problem)
          .split('；')
          .map((message) => ({ column: null, message }))
      : [{ column: extractColumns.idNumber.label, message: r.id_problem ?? '' }];
  return {
    seq: r.seq,
    sheet: r.sheet,
    rowNo: r.row_no,
    name: r.name,
    idNumberMasked: r.id_masked,
    problems,
  };
}

// ---------------------------------------------------------------- findings

/** The review queue (比对核查): findings on files in scope, newest first, keyset pages. */
export async function findFindings(db: Db, ctx: RequestContext, query: FindingQuery) {
  const rows = await q.selectFindings(db, {
    scopePath: ctx.actor.scopePath,
    kind: query.kind,
    status: query.status,
    roundId: query.roundId,
    householdId: query.householdId,
    before: query.before,
    limit: query.limit + 1,
  });
  const items = rows.slice(0, query.limit).map(presentFinding);
  return { items, nextBefore: rows.length > query.limit ? items.at(-1)!.id : null };
}

async function lockedFinding(trx: Conn, ctx: RequestContext, id: number) {
  const [row] = await q.selectFindings(trx, { scopePath: ctx.actor.scopePath, id, limit: 1 });
  if (!row) throw new AppError('NOT_FOUND', `finding ${id} not found`);
  return row;
}

function decidedAlready(row: q.FindingRow, version: number): AppError {
  if (row.status !== 'open' && row.version === version)
    return new AppError(
      'INVALID_STATE',
      `finding ${row.id} is already ${row.status}; only an open finding can be confirmed or dismissed`,
      {
        userMessage: `该比对结果已被${row.decided_by_name ?? '他人'}${row.status === 'confirmed' ? '确认' : '排除'}，只能处理待核查的结果`,
        details: { status: row.status, allowed: ['open'] },
      },
    );
  return new AppError('CONFLICT', `finding ${row.id} changed (version ${version} is stale)`, {
    userMessage: '该比对结果已被他人处理，请刷新后查看',
    details: { currentVersion: row.version, givenVersion: version },
  });
}

/**
 * Confirms a finding and starts its action in the same transaction:
 * vehicle / business / property answer the file's exclusion check "bars"
 * with the evidence and re-assess; a 低保 roll entry is kept as the
 * category's evidence and the file re-assessed; a death marks the member
 * (deceased_on) and, for the head or the last living member, proposes a
 * 注销 exit (source registry) — or records why it could not. Concurrent
 * decisions: the conditional update lets one win, the other gets CONFLICT.
 */
export async function confirmFinding(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: { version: number; note?: string },
): Promise<FindingView> {
  return inTransaction(db, async (trx) => {
    const row = await lockedFinding(trx, ctx, id);
    const won = await q.decideFinding(trx, id, input.version, {
      status: 'confirmed',
      decided_by: ctx.actor.userId,
      note: input.note ?? null,
    });
    if (!won) throw decidedAlready(await lockedFinding(trx, ctx, id), input.version);
    const source = auditSourceOf(ctx);
    const kind = row.kind as FindingKind;
    const facts = row.facts as ExtractFacts;
    const evidence =
      `数据比对（${extractKindLabels[row.extract_kind as ExtractKind].zh}，第 ${row.round_id} 批第 ${row.row_no} 行，核查确认）：${describeFacts(row.extract_kind as ExtractKind, facts)}`.slice(
        0,
        500,
      );
    let action: FindingAction;
    let before: Record<string, unknown> | null = null;
    let after: Record<string, unknown> | null = null;
    switch (kind) {
      case 'vehicle':
      case 'business':
      case 'property': {
        const exclusionId = findingExclusions[kind];
        const was = await q.selectExclusion(trx, row.household_id, exclusionId);
        await q.setExclusionBars(trx, row.household_id, exclusionId, evidence, ctx.actor.userId);
        before = { [`exclusion:${exclusionId}`]: was ?? null };
        after = { [`exclusion:${exclusionId}`]: { answer: true, evidence } };
        const outcome = await assessStoredFile(trx, source, row.household_id, 'reassessed');
        action = { type: 'exclusion', exclusionId, ...outcome };
        break;
      }
      case 'dibao_recipient': {
        after = { dibaoEvidence: evidence };
        const outcome = await assessStoredFile(trx, source, row.household_id, 'reassessed');
        action = { type: 'reassessed', ...outcome };
        break;
      }
      case 'deceased': {
        const deceasedOn = facts.deathDate ?? todayInShanghai();
        const { isHead, living } = await q.markDeceased(
          trx,
          row.member_id,
          deceasedOn,
          ctx.actor.userId,
        );
        before = { [`member:${row.member_id}:deceasedOn`]: null };
        after = { [`member:${row.member_id}:deceasedOn`]: deceasedOn };
        let exitId: number | null = null;
        let exitPending: string | null = null;
        if (isHead || living === 0) {
          await sql`savepoint registry_exit`.execute(trx);
          try {
            exitId = (
              await proposeExit(trx, ctx, row.household_id, {
                kind: 'cancelled',
                reasonCode: 'death',
                reason: `${isHead ? '户主' : '家庭最后一名成员'}${row.member_name}已死亡（${evidence}）`,
                documentIds: [],
                source: 'registry',
              })
            ).id;
            await sql`release savepoint registry_exit`.execute(trx);
          } catch (error) {
            if (!(error instanceof AppError) || error.code === 'INTERNAL') throw error;
            await sql`rollback to savepoint registry_exit`.execute(trx);
            exitPending = error.userMessage ?? error.message;
          }
        }
        action = { type: 'deceased', memberId: row.member_id, deceasedOn, exitId, exitPending };
        break;
      }
      case 'insurance_paid':
      case 'insurance_unpaid':
        action = { type: 'recorded' };
        break;
      default: {
        const never: never = kind;
        throw new Error(`unknown finding kind ${String(never)}`);
      }
    }
    await q.setFindingAction(trx, id, action);
    await recordAudit(trx, source, {
      action: 'registry.finding_confirmed',
      details: {
        findingId: id,
        kind,
        memberId: row.member_id,
        method: row.method,
        score: row.score,
        action,
      },
      entityType: 'household',
      entityId: row.household_id,
      nodeId: row.node_id,
      before,
      after,
    });
    return presentFinding(await lockedFinding(trx, ctx, id));
  });
}

/** Dismisses a finding (not the same person, or not relevant) with a required reason. */
export async function dismissFinding(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: { version: number; reason: string },
): Promise<FindingView> {
  return inTransaction(db, async (trx) => {
    const row = await lockedFinding(trx, ctx, id);
    const won = await q.decideFinding(trx, id, input.version, {
      status: 'dismissed',
      decided_by: ctx.actor.userId,
      note: input.reason,
    });
    if (!won) throw decidedAlready(await lockedFinding(trx, ctx, id), input.version);
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'registry.finding_dismissed',
      details: { findingId: id, kind: row.kind, memberId: row.member_id, reason: input.reason },
      entityType: 'household',
      entityId: row.household_id,
      nodeId: row.node_id,
    });
    return presentFinding(await lockedFinding(trx, ctx, id));
  });
}

/** A file's findings and its deceased members (the panel on the file page). */
export async function getHouseholdRegistry(
  db: Db,
  ctx: RequestContext,
  householdId: number,
): Promise<HouseholdRegistryView> {
  const household = await q.selectHouseholdInScope(db, ctx.actor.scopePath, householdId);
  if (!household) throw new AppError('NOT_FOUND', `household ${householdId} not found`);
  const rows = await q.selectFindings(db, {
    scopePath: ctx.actor.scopePath,
    householdId,
    limit: 200,
  });
  const deceased = await q.selectDeceased(db, ctx.actor.scopePath, householdId);
  return {
    findings: rows.map(presentFinding),
    deceased: deceased.map((d) => ({
      memberId: d.id,
      name: d.name,
      relation: d.relation,
      deceasedOn: d.deceased_on,
    })),
  };
}
