import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { inTransaction, type Conn, type Db } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import {
  householdFileInputSchema,
  toAssessmentInput,
  type HouseholdFile,
  type HouseholdFileInput,
} from '../../shared/households/household-file';
import { assessmentInputSchema, runAssessmentRequest } from '../../shared/households/assessment';
import { parseIdNumber, todayInShanghai } from '../../shared/households/id-number';
import {
  assembleHousehold,
  isSkippedRow,
  issueOfSchemaPath,
  readPersonRow,
  type CheckedImportFile,
  type ImportBlankFields,
  type ImportDictionaries,
  type ImportIssue,
  type ImportMode,
  type ImportStatus,
  type ImportSummary,
  type ImportView,
  type PersonRecord,
  type RawRow,
} from '../../shared/imports/household-import';
import { auditSourceOf, recordAudit } from '../audit/audit.service';
import { loadDictionaries } from '../dictionaries/dictionaries.service';
import { loadAssessmentTables } from '../policy/policy.service';
import type { FieldCipher } from '../privacy/field-cipher';
import { cancelJob, queueJob } from '../jobs/jobs.service';
import { loadFilesByIds } from '../households/bulk-assess';
import { readImportRows, type SheetInfo } from './import-reader';
import {
  isUnchangedByImport,
  mergeImportIntoStored,
  type Hashers,
  type StoredHashes,
} from './import-merge';
import { writeErrorReport } from './import-workbooks';
import * as q from './imports.queries';

/**
 * The household import (批量导入): upload → check (dry run) → preview → commit.
 *
 * The check reads the file as a stream, stages each row (encrypted) in
 * `import_rows`, finds repeats and orphans with set-based SQL, then assembles
 * each household from its staged rows and checks it with the form's own schema,
 * the dictionaries in force, one person one active file (against the database
 * and within the file) and the scope of the target node. It stores each
 * household's outcome (new / changed / unchanged / rejected) with its checked
 * input, so the commit job (import-job.ts) writes exactly what was previewed.
 */

export type ImportDeps = { db: Db; cipher: FieldCipher; dataDir: string };

/** Upload limit (bytes): a 1-million-row .xlsx of plain rows is about 60 MB. */
export const maxUploadBytes = 100 * 1024 * 1024;
/** Rows staged per transaction while reading. */
const stageChunk = 500;
/** Households checked per transaction. */
const checkChunk = 200;
/** How many rejected rows the preview lists (the report has them all). */
const previewIssues = 50;

export function importsDir(dataDir: string): string {
  return join(dataDir, 'imports');
}

function fileKindOf(fileName: string): 'xlsx' | 'csv' {
  if (/\.xlsx$/i.test(fileName)) return 'xlsx';
  if (/\.csv$/i.test(fileName)) return 'csv';
  if (/\.(xls|et|wps)$/i.test(fileName))
    throw new AppError('VALIDATION', 'old .xls workbook', {
      userMessage: '这是旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 格式后再上传',
    });
  throw new AppError('VALIDATION', 'only .xlsx and .csv files are taken', {
    userMessage: '只能上传 .xlsx 或 .csv 文件，请使用导入模板填写',
  });
}

// ---------------------------------------------------------------- presenting

function iso(v: Date | string | null): string {
  return v ? new Date(v).toISOString() : '';
}

async function presentImport(
  conn: Conn,
  row: q.ImportRow,
  withIssues: boolean,
): Promise<ImportView> {
  const issues = withIssues ? await q.selectErrors(conn, row.id, previewIssues) : [];
  return {
    id: row.id,
    status: row.status as ImportStatus,
    fileName: row.file_name,
    fileKind: row.file_kind as 'xlsx' | 'csv',
    mode: row.mode as ImportMode,
    nodeId: row.node_id,
    nodeName: row.node_name,
    createdBy: row.created_by_name ?? row.created_by_username,
    createdAt: iso(row.created_at),
    rowsRead: row.rows_read,
    summary: (row.summary ?? null) as ImportSummary | null,
    error: row.error,
    jobId: row.job_id,
    job:
      row.job_id && row.job_status
        ? {
            status: row.job_status,
            progressDone: row.job_done ?? 0,
            progressTotal: row.job_total ?? 0,
            result: (row.job_result ?? null) as Record<string, unknown> | null,
          }
        : null,
    issues: issues.map((e) => ({
      sheet: e.sheet,
      row: e.row_no,
      column: e.column_key as ImportIssue['column'],
      columnLabel: e.column_label,
      message: e.message,
    })),
    issueCount: withIssues ? await q.countErrors(conn, row.id) : 0,
  };
}

/** One import in the caller's scope, with its first rejected rows; NOT_FOUND otherwise. */
export async function getImport(db: Db, ctx: RequestContext, id: number): Promise<ImportView> {
  const row = await q.selectImportInScope(db, ctx.actor.scopePath, id);
  if (!row) throw new AppError('NOT_FOUND', `import ${id} not found`);
  return presentImport(db, row, true);
}

/** Recent imports in the caller's scope (history), newest first. */
export async function findImports(db: Db, ctx: RequestContext): Promise<ImportView[]> {
  const rows = await q.selectImportsInScope(db, ctx.actor.scopePath, 50);
  return Promise.all(rows.map((r) => presentImport(db, r, false)));
}

// ---------------------------------------------------------------- upload

/** Checks running in this process, by import id (tests and the CLI wait for them). */
export const runningChecks = new Map<number, Promise<void>>();

/**
 * Stores an uploaded file under the data directory (refusing it past
 * `maxUploadBytes`), records the import (audited as import.uploaded) and
 * starts its check in the background. Returns at once with status validating.
 */
export async function startImport(
  deps: ImportDeps,
  ctx: RequestContext,
  upload: { fileName: string; stream: Readable; isTruncated: () => boolean },
  options: { nodeId: number; mode: ImportMode },
): Promise<ImportView> {
  const fileKind = fileKindOf(upload.fileName);
  const node = await q.selectNodeInScope(deps.db, ctx.actor.scopePath, options.nodeId);
  if (!node)
    throw new AppError('NOT_FOUND', `nodeId: org node ${options.nodeId} not found`, {
      issues: [{ path: 'nodeId', message: 'not found' }],
    });
  if (!node.is_active)
    throw new AppError('VALIDATION', `nodeId: ${node.name} is deactivated`, {
      userMessage: `${node.name}已停用，不能导入档案`,
    });
  const dir = importsDir(deps.dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const filePath = join(dir, `${randomUUID()}.${fileKind}`);
  await pipeline(upload.stream, createWriteStream(filePath, { mode: 0o600 }));
  if (upload.isTruncated()) {
    await rm(filePath, { force: true });
    throw new AppError('VALIDATION', `upload too large (limit ${maxUploadBytes} bytes)`, {
      userMessage: `文件超过 ${Math.round(maxUploadBytes / 1024 / 1024)} MB，请拆分成几个文件分批导入`,
    });
  }
  const { size } = await stat(filePath);
  const view = await inTransaction(deps.db, async (trx) => {
    const id = await q.insertImport(trx, {
      node_id: node.id,
      node_path: node.path,
      file_name: upload.fileName,
      file_path: filePath,
      file_kind: fileKind,
      file_size: size,
      mode: options.mode,
      created_by: ctx.actor.userId,
    });
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'import.uploaded',
      details: { importId: id, fileName: upload.fileName, mode: options.mode },
      entityType: 'import',
      entityId: id,
      nodeId: node.id,
      after: { fileName: upload.fileName, fileSize: size, nodeId: node.id, mode: options.mode },
    });
    return presentImport(trx, (await q.selectImport(trx, id))!, false);
  });
  runCheck(deps, view.id);
  return view;
}

/** Starts the check of an import in the background (or again, after a restart). */
export function runCheck(deps: ImportDeps, importId: number): Promise<void> {
  const running = runningChecks.get(importId);
  if (running) return running;
  const p = checkImport(deps, importId)
    .catch(async (error: unknown) => {
      const message =
        error instanceof AppError
          ? (error.userMessage ?? error.message)
          : `校验失败：${error instanceof Error ? error.message : String(error)}`;
      // The database may be gone (the server is stopping): the check then restarts on the next start.
      await q
        .updateImport(deps.db, importId, { status: 'failed', error: message }, 'validating')
        .catch(() => undefined);
    })
    .finally(() => runningChecks.delete(importId));
  runningChecks.set(importId, p);
  return p;
}

// ---------------------------------------------------------------- the check (dry run)

type StagedPayload = PersonRecord & { sheet: string; row: number };

function dictionaryIndexes(
  dicts: Awaited<ReturnType<typeof loadDictionaries>>,
): ImportDictionaries {
  const index = (code: string) => {
    const out: Record<string, string> = {};
    for (const item of dicts.find((d) => d.code === code)?.items ?? [])
      if (item.isActive) {
        out[item.labelZh.replace(/\s+/g, '')] = item.code;
        out[item.code] = item.code;
      }
    return out;
  };
  return { healthStatus: index('health_status'), housingType: index('housing_type') };
}

function idHash(cipher: FieldCipher, id: string): string {
  const parsed = parseIdNumber(id);
  return cipher.hash('id_number', parsed.ok ? parsed.value : id);
}

/**
 * A keyed digest of what an import would write to a file: equal digests mean
 * an identical file. Sensitive values enter as their keyed hashes.
 */
export function digestOf(cipher: FieldCipher, input: HouseholdFileInput): string {
  const canonical = {
    ...input,
    phone: input.phone ? cipher.hash('phone', input.phone) : null,
    bankAccount: input.bankAccount ? cipher.hash('bank_account', input.bankAccount) : null,
    members: input.members.map((m) => ({
      ...m,
      idNumber: m.idNumber ? cipher.hash('id_number', m.idNumber) : null,
    })),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

function errorRow(importId: number, i: ImportIssue): q.ErrorRow {
  return {
    import_id: importId,
    sheet: i.sheet,
    row_no: i.row,
    column_key: i.column,
    column_label: i.columnLabel,
    message: i.message,
  };
}

async function isStillChecking(db: Db, importId: number): Promise<boolean> {
  return (await q.selectImportStatus(db, importId)) === 'validating';
}

/** The dry run: every row and every household checked, nothing written to any file. */
export async function checkImport(deps: ImportDeps, importId: number): Promise<void> {
  const { db, cipher } = deps;
  const imp = await q.selectImport(db, importId);
  if (!imp || imp.status !== 'validating') return;
  await inTransaction(db, (trx) => q.clearStaging(trx, importId));
  const dictionaries = dictionaryIndexes(await loadDictionaries(db));
  const sheets: SheetInfo[] = [];
  const headersBySheet = new Map<string, RawRow['headers']>();
  let seq = 0;
  let rowsRead = 0;
  let staged: q.StagedRow[] = [];
  let errors: q.ErrorRow[] = [];
  const flush = async () => {
    const [rows, errs] = [staged, errors];
    staged = [];
    errors = [];
    await inTransaction(db, async (trx) => {
      await q.insertStagedRows(trx, rows);
      await q.insertErrors(trx, errs);
      await q.updateImport(trx, importId, { rows_read: rowsRead });
    });
  };
  for await (const row of readImportRows(imp.file_path, imp.file_kind as 'xlsx' | 'csv', (s) =>
    sheets.push(s),
  )) {
    if (isSkippedRow(row)) continue;
    if (!headersBySheet.has(row.sheet)) headersBySheet.set(row.sheet, row.headers);
    rowsRead += 1;
    const { person, issues } = readPersonRow(row, row.role, dictionaries);
    errors.push(...issues.map((i) => errorRow(importId, i)));
    if (person) {
      const payload: StagedPayload = { ...person, sheet: row.sheet, row: row.row };
      const ownOk = person.idNumber ? parseIdNumber(person.idNumber) : null;
      staged.push({
        import_id: importId,
        seq: ++seq,
        sheet: row.sheet,
        row_no: row.row,
        is_head: person.isHead,
        head_hash: idHash(cipher, person.headIdNumber),
        person_hash: ownOk?.ok ? cipher.hash('id_number', ownOk.value) : null,
        has_errors: issues.length > 0,
        payload_enc: cipher.encrypt(JSON.stringify(payload)),
      });
    }
    if (staged.length >= stageChunk || errors.length >= stageChunk) {
      await flush();
      if (!(await isStillChecking(db, importId))) return;
    }
  }
  await flush();
  if (!sheets.some((s) => s.role))
    throw new AppError('VALIDATION', 'no import sheet found', {
      userMessage:
        '没有找到可导入的工作表：表头应包含“身份证号”“姓名”“行政区划代码”“主要致困原因”等列，请使用导入模板',
    });
  if (rowsRead === 0)
    throw new AppError('VALIDATION', 'no rows', {
      userMessage: '表中没有可导入的数据行（示例行和空行不计）',
    });

  await findRepeatsAndOrphans(db, importId);
  await checkHouseholds(deps, imp, headersBySheet);

  const counts = await q.selectSummaryCounts(db, importId);
  const by = Object.fromEntries(counts.outcomes.map((o) => [o.outcome, o.n]));
  const summary: ImportSummary = {
    rows: rowsRead,
    households: counts.outcomes.reduce((s, o) => s + o.n, 0),
    new: by.new ?? 0,
    changed: by.changed ?? 0,
    unchanged: by.unchanged ?? 0,
    rejected: by.rejected ?? 0,
    rejectedRows: counts.rejectedRows,
    categories: Object.fromEntries(counts.categories.map((c) => [c.category, c.n])),
  };
  await q.updateImport(
    db,
    importId,
    { status: 'validated', summary, rows_read: rowsRead, validated_at: new Date().toISOString() },
    'validating',
  );
}

const where = (sheet: string, row: number) => `“${sheet}”表第 ${row} 行`;

async function findRepeatsAndOrphans(db: Db, importId: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    const repeats = await q.selectRepeats(trx, importId);
    const orphans = await q.selectOrphanMembers(trx, importId);
    const errs: q.ErrorRow[] = [];
    for (const r of repeats)
      errs.push({
        import_id: importId,
        sheet: r.sheet,
        row_no: r.row_no,
        column_key: 'idNumber',
        column_label: null,
        message:
          r.kind === 'head'
            ? `同一户主在表中重复出现（与${where(r.first_sheet, r.first_row)}重复）：每户只填一行，请删除重复行`
            : `此人已在${where(r.first_sheet, r.first_row)}出现：一人只能在一户档案中`,
      });
    for (const o of orphans)
      errs.push({
        import_id: importId,
        sheet: o.sheet,
        row_no: o.row_no,
        column_key: 'headIdNumber',
        column_label: null,
        message: '家庭表中找不到这个户主身份证号：请先在家庭表中填写该户，或核对户主身份证号',
      });
    await q.insertErrors(trx, errs);
    await q.flagRows(
      trx,
      importId,
      repeats.filter((r) => r.kind === 'head').map((r) => r.seq),
      true,
    );
    await q.flagRows(
      trx,
      importId,
      repeats.filter((r) => r.kind === 'person').map((r) => r.seq),
      false,
    );
  });
}

type Tables = Awaited<ReturnType<typeof loadAssessmentTables>>;

function categoryOf(input: HouseholdFileInput, tables: Tables, today: string): string | null {
  try {
    const household = assessmentInputSchema.parse(toAssessmentInput(input));
    const result = runAssessmentRequest({ household, asOf: today }, tables, today);
    return result.eligible ? (result.category ?? 'not_eligible') : 'not_eligible';
  } catch {
    return null;
  }
}

async function checkHouseholds(
  deps: ImportDeps,
  imp: q.ImportRow,
  headersBySheet: Map<string, RawRow['headers']>,
): Promise<void> {
  const { db, cipher } = deps;
  const importId = imp.id;
  const today = todayInShanghai();
  const tablesByRegion = new Map<string, Tables | null>();
  const tablesFor = async (region: string) => {
    if (!tablesByRegion.has(region))
      tablesByRegion.set(region, await loadAssessmentTables(db, region).catch(() => null));
    return tablesByRegion.get(region)!;
  };
  let after = 0;
  let householdSeq = 0;
  for (;;) {
    const heads = await q.selectHeadBatch(db, importId, after, checkChunk);
    if (!heads.length) break;
    after = heads.at(-1)!.seq;
    const hashes = heads.map((h) => h.head_hash);
    const members = await q.selectMemberRows(db, importId, hashes);
    const wrong = new Set(
      (await q.selectRowsWithErrors(db, importId, hashes)).map((r) => r.head_hash),
    );
    const existing = new Map(
      (await q.selectFilesByHead(db, hashes)).map((f) => [f.head_id_number_hash!, f]),
    );
    const personHashes = [
      ...heads.map((h) => h.person_hash),
      ...members.map((m) => m.person_hash),
    ].filter((h): h is string => !!h);
    const holders = new Map(
      (await q.selectActiveHolders(db, personHashes)).map((h) => [h.hash!, h]),
    );
    // The files this batch would update, to compare the sheet with by content.
    const stored = await storedFilesOf(
      db,
      [...existing.values()].map((f) => f.id),
    );

    const out: q.ImportHouseholdRow[] = [];
    const errs: q.ErrorRow[] = [];
    for (const head of heads) {
      const seq = ++householdSeq;
      const base = {
        import_id: importId,
        seq,
        head_hash: head.head_hash,
        household_id: null,
        digest: null,
        input_enc: null,
        category: null,
      };
      if (wrong.has(head.head_hash)) {
        out.push({ ...base, outcome: 'rejected' });
        continue;
      }
      const own = members.filter((m) => m.head_hash === head.head_hash);
      const decode = (r: q.StagedRow) => {
        const p = JSON.parse(cipher.decrypt(r.payload_enc)) as StagedPayload;
        return { ...p, headers: headersBySheet.get(r.sheet) ?? {} };
      };
      const assembled = assembleHousehold(imp.node_id, decode(head), own.map(decode));
      const parsed = householdFileInputSchema.safeParse(assembled.input);
      if (!parsed.success) {
        const seen = new Set<string>();
        for (const issue of parsed.error.issues) {
          const i = issueOfSchemaPath(assembled, issue.path, issue.message);
          const key = `${i.sheet}/${i.row}/${i.column}`;
          if (seen.has(key)) continue;
          seen.add(key);
          errs.push(errorRow(importId, i));
        }
        out.push({ ...base, outcome: 'rejected' });
        continue;
      }
      const input = parsed.data;
      const file = existing.get(head.head_hash);
      // One person, one active file: a member held by another file than the one this updates.
      const rowsOf = [head, ...own];
      let isHeld = false;
      rowsOf.forEach((r) => {
        const holder = r.person_hash ? holders.get(r.person_hash) : undefined;
        if (holder && holder.household_id !== file?.id) {
          isHeld = true;
          errs.push({
            import_id: importId,
            sheet: r.sheet,
            row_no: r.row_no,
            column_key: 'idNumber',
            column_label: null,
            message: `此人已在${holder.node_name}的在档困难职工档案中，一人只能在一户在档档案中。请联系该单位`,
          });
        }
      });
      if (isHeld) {
        out.push({ ...base, outcome: 'rejected' });
        continue;
      }
      if (file && !file.node_path.startsWith(imp.node_path)) {
        errs.push({
          import_id: importId,
          sheet: head.sheet,
          row_no: head.row_no,
          column_key: 'idNumber',
          column_label: null,
          message: `该户已在其他单位建档（不在“${imp.node_name}”及其下级），不能由本次导入修改`,
        });
        out.push({ ...base, outcome: 'rejected' });
        continue;
      }
      const digest = digestOf(cipher, input);
      // What the commit would write: the sheet over the stored file (import-merge.ts).
      const now = file && stored.get(file.id);
      const merged = now ? mergeImported(cipher, now, input, assembled.blankFields) : input;
      // The same sheet as the last import wrote, or the same content as the stored file.
      const isSame =
        !!file &&
        ((file.digest === digest && file.digest_version === file.version) ||
          (!!now && isUnchangedByImport(now.file, now.hashes, merged, hashersOf(cipher))));
      const outcome = !file ? 'new' : isSame ? 'unchanged' : 'changed';
      const tables = await tablesFor(merged.regionCode);
      const checked: CheckedImportFile = { ...assembled.input, blankFields: assembled.blankFields };
      out.push({
        ...base,
        outcome,
        household_id: file?.id ?? null,
        digest,
        input_enc: outcome === 'unchanged' ? null : cipher.encrypt(JSON.stringify(checked)),
        category: outcome === 'unchanged' || !tables ? null : categoryOf(merged, tables, today),
      });
    }
    await inTransaction(db, async (trx) => {
      await q.insertImportHouseholds(trx, out);
      await q.insertErrors(trx, errs);
      await q.updateImport(trx, importId, {});
    });
    if (!(await isStillChecking(db, importId))) return;
  }
}

type StoredForCompare = {
  file: HouseholdFile;
  hashes: StoredHashes;
  memberIdByHash: Map<string, number>;
};

/** Stored files with the hashes of their sensitive values, to compare an import with. */
async function storedFilesOf(db: Db, ids: number[]): Promise<Map<number, StoredForCompare>> {
  const out = new Map<number, StoredForCompare>();
  if (!ids.length) return out;
  const files = await loadFilesByIds(db, ids);
  const { households, members } = await q.selectStoredHashes(db, ids);
  for (const { file } of files) {
    const h = households.find((x) => x.id === file.id);
    const own = members.filter((m) => m.household_id === file.id);
    out.set(file.id, {
      file,
      hashes: {
        phone: h?.phone_hash ?? null,
        bankAccount: h?.bank_account_hash ?? null,
        members: new Map(own.map((m) => [m.id, m.id_number_hash])),
      },
      memberIdByHash: new Map(
        own.flatMap((m) => (m.id_number_hash ? [[m.id_number_hash, m.id] as const] : [])),
      ),
    });
  }
  return out;
}

function hashersOf(cipher: FieldCipher): Hashers {
  return {
    idNumber: (v) => cipher.hash('id_number', v),
    phone: (v) => cipher.hash('phone', v),
    bankAccount: (v) => cipher.hash('bank_account', v),
  };
}

function mergeImported(
  cipher: FieldCipher,
  stored: StoredForCompare,
  input: HouseholdFileInput,
  blankFields: ImportBlankFields,
): HouseholdFileInput {
  return mergeImportIntoStored(
    stored.file,
    stored.memberIdByHash,
    input,
    (v) => cipher.hash('id_number', v),
    blankFields,
  );
}

// ---------------------------------------------------------------- commit and cancel

/**
 * Starts writing a checked import: a background job (kind household_import)
 * writes the new and changed files in batches; audited as import.committed.
 * Only a checked import (status validated) may be committed, once.
 */
export async function commitImport(db: Db, ctx: RequestContext, id: number): Promise<ImportView> {
  return inTransaction(db, async (trx) => {
    const before = await q.selectImportInScope(trx, ctx.actor.scopePath, id);
    if (!before) throw new AppError('NOT_FOUND', `import ${id} not found`);
    const locked = (await q.lockImport(trx, id))!;
    if (locked.status !== 'validated')
      throw new AppError(
        'INVALID_STATE',
        `import ${id} is ${locked.status}; only a checked (validated) import can be committed`,
        {
          userMessage:
            locked.status === 'validating'
              ? '文件还在校验中，请等校验完成后再导入'
              : `该导入当前状态为“${statusLabels[locked.status as ImportStatus]}”，只有校验完成的导入可以提交`,
          details: { status: locked.status, allowed: ['validated'] },
        },
      );
    const total = await q.countToCommit(trx, id);
    const job = await queueJob(trx, ctx, {
      kind: importJobKind,
      params: { importId: id },
      total,
    });
    await q.updateImport(trx, id, { status: 'committing', job_id: job.id });
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'import.committed',
      details: { importId: id, jobId: job.id, toWrite: total },
      entityType: 'import',
      entityId: id,
      nodeId: locked.node_id,
      before: { status: 'validated' },
      after: { status: 'committing', jobId: job.id },
    });
    return presentImport(trx, (await q.selectImport(trx, id))!, true);
  });
}

export const importJobKind = 'household_import';

const statusLabels: Record<ImportStatus, string> = {
  validating: '校验中',
  validated: '已校验',
  failed: '校验失败',
  committing: '导入中',
  committed: '已导入',
  cancelled: '已取消',
};

/**
 * Cancels an import: a check stops at its next chunk; a commit job stops at
 * its next batch boundary (what is written stays written and audited).
 */
export async function cancelImport(db: Db, ctx: RequestContext, id: number): Promise<ImportView> {
  return inTransaction(db, async (trx) => {
    const before = await q.selectImportInScope(trx, ctx.actor.scopePath, id);
    if (!before) throw new AppError('NOT_FOUND', `import ${id} not found`);
    const locked = (await q.lockImport(trx, id))!;
    if (!['validating', 'validated', 'committing'].includes(locked.status))
      throw new AppError(
        'INVALID_STATE',
        `import ${id} is ${locked.status}; only validating, validated or committing imports can be cancelled`,
        {
          userMessage: `该导入当前状态为“${statusLabels[locked.status as ImportStatus]}”，不能取消`,
          details: { status: locked.status, allowed: ['validating', 'validated', 'committing'] },
        },
      );
    if (locked.status === 'committing' && locked.job_id) {
      const job = await cancelJob(trx, ctx, locked.job_id).catch((e: unknown) => {
        if (e instanceof AppError && e.code === 'INVALID_STATE') return null;
        throw e;
      });
      if (!job)
        throw new AppError('INVALID_STATE', `import ${id} has already finished writing`, {
          userMessage: '导入已经完成，不能取消',
        });
    }
    await q.updateImport(trx, id, { status: 'cancelled' });
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'import.cancelled',
      details: { importId: id },
      entityType: 'import',
      entityId: id,
      nodeId: locked.node_id,
      before: { status: locked.status },
      after: { status: 'cancelled' },
    });
    return presentImport(trx, (await q.selectImport(trx, id))!, true);
  });
}

/**
 * Imports left validating by a dead process (no heartbeat for `staleSeconds`)
 * are checked again from the start; the server looks for them each minute.
 */
export async function resumeChecks(deps: ImportDeps, staleSeconds = 60): Promise<number> {
  const stale = await q.selectStaleChecks(deps.db, staleSeconds);
  for (const s of stale) void runCheck(deps, s.id);
  return stale.length;
}

/**
 * The error report of an import in scope: the uploaded workbook with its bad
 * cells highlighted and an 错误说明 column (see import-workbooks.ts), written to
 * a temporary file that is removed once sent.
 */
export async function errorReport(
  deps: ImportDeps,
  ctx: RequestContext,
  id: number,
): Promise<{ fileName: string; stream: Readable }> {
  const row = await q.selectImportInScope(deps.db, ctx.actor.scopePath, id);
  if (!row) throw new AppError('NOT_FOUND', `import ${id} not found`);
  const dir = importsDir(deps.dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `report-${randomUUID()}.xlsx`);
  try {
    await writeErrorReport(deps.db, row, tmp);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  const stream = createReadStream(tmp);
  stream.on('close', () => void rm(tmp, { force: true }));
  return { fileName: `${row.file_name.replace(/\.(xlsx|csv)$/i, '')}-错误报告.xlsx`, stream };
}

/** The user a command-line import acts as (active, on an active node), or undefined. */
export async function importActorOf(db: Db, username: string) {
  return q.selectActiveUserByName(db, username);
}
