import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { inTransaction, type Db } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import { householdFileInputSchema } from '../../shared/households/household-file';
import {
  archiveEndSchema,
  archiveFormat,
  archiveHeaderSchema,
  archiveHouseholdSchema,
  archiveVersion,
  type ArchiveHousehold,
  type ArchiveImportResult,
} from '../../shared/exchange/household-archive';
import { auditSourceOf, recordAudit } from '../audit/audit.service';
import { loadFilesByIds } from '../households/bulk-assess';
import { createHousehold } from '../households/households.service';
import { registerDirectly } from '../cases/cases.service';
import type { FieldCipher } from '../privacy/field-cipher';
import * as q from './exchange.queries';

/**
 * The household archive exchange file (docs/exchange-format.md): export of a
 * subtree's active files as JSON Lines, import of such a file into this
 * instance through the households service (the same checks as the form).
 */

export type ExchangeDeps = { db: Db; cipher: FieldCipher };

const pageSize = 200;

async function nodeOrNotFound(db: Db, ctx: RequestContext, nodeId: number) {
  const node = await q.selectNodeInScope(db, ctx.actor.scopePath, nodeId);
  if (!node)
    throw new AppError('NOT_FOUND', `nodeId: org node ${nodeId} not found`, {
      issues: [{ path: 'nodeId', message: 'not found' }],
    });
  return node;
}

/**
 * The archive of a node's subtree, line by line (a page of files at a time).
 * The export itself is audited (exchange.exported) before the first line: it
 * carries every sensitive value in clear.
 */
export async function exportArchive(
  deps: ExchangeDeps,
  ctx: RequestContext,
  nodeId: number,
): Promise<{ fileName: string; lines: AsyncGenerator<string> }> {
  const node = await nodeOrNotFound(deps.db, ctx, nodeId);
  await inTransaction(deps.db, (trx) =>
    recordAudit(trx, auditSourceOf(ctx), {
      action: 'exchange.exported',
      details: { nodeId: node.id, nodeCode: node.code },
      entityType: 'org_node',
      entityId: node.id,
      nodeId: node.id,
    }),
  );
  async function* lines(): AsyncGenerator<string> {
    yield JSON.stringify({
      type: 'header',
      format: archiveFormat,
      version: archiveVersion,
      exportedAt: new Date().toISOString(),
      node: { code: node.code, name: node.name },
    });
    let after = 0;
    let count = 0;
    for (;;) {
      const page = await q.selectArchivePage(deps.db, node.path, after, pageSize);
      if (!page.length) break;
      after = page.at(-1)!.id;
      const ids = page.map((h) => h.id);
      const files = new Map((await loadFilesByIds(deps.db, ids)).map((f) => [f.row.id, f.file]));
      const sealed = new Map((await q.selectSealedMembers(deps.db, ids)).map((m) => [m.id, m]));
      const open = (v: string | null) => (v ? deps.cipher.decrypt(v) : null);
      for (const h of page) {
        const file = files.get(h.id)!;
        const refOf = new Map(file.members.map((m, i) => [String(m.id), `m${i + 1}`]));
        const line: ArchiveHousehold = {
          type: 'household',
          nodeCode: h.node_code,
          fileNo: h.file_no,
          caseStatus: h.case_status as ArchiveHousehold['caseStatus'],
          file: {
            regionCode: file.regionCode,
            standardLevel: file.standardLevel,
            phone: open(h.phone_enc),
            address: file.address,
            employerName: file.employerName,
            employerType: file.employerType,
            industry: file.industry,
            isUnionMember: file.isUnionMember,
            politicalStatus: file.politicalStatus,
            maritalStatus: file.maritalStatus,
            hukouType: file.hukouType,
            modelWorkerType: file.modelWorkerType,
            housingType: file.housingType,
            housingAreaBand: file.housingAreaBand,
            isSingleParent: file.isSingleParent,
            isZeroEmployment: file.isZeroEmployment,
            mainCause: file.mainCause,
            secondaryCauses: file.secondaryCauses,
            situation: file.situation,
            bankName: file.bankName,
            bankAccount: open(h.bank_account_enc),
            members: file.members.map((m) => {
              const { id, idNumberMasked, hasDiagnosis, ref, ...rest } = m;
              void idNumberMasked;
              void hasDiagnosis;
              void ref;
              return {
                ...rest,
                ref: refOf.get(String(id))!,
                idNumber: open(sealed.get(id)?.id_number_enc ?? null),
                diagnosis: open(sealed.get(id)?.diagnosis_enc ?? null),
              };
            }),
            incomes: file.incomes.map((i) => ({
              ...i,
              memberRef: i.memberRef === null ? null : refOf.get(i.memberRef)!,
            })),
            rigidExpenditures: file.rigidExpenditures.map((i) => ({
              ...i,
              memberRef: i.memberRef === null ? null : refOf.get(i.memberRef)!,
            })),
            exclusions: file.exclusions,
            accident: file.accident,
            monthlyIncomes: file.monthlyIncomes,
            migrantWorker: file.migrantWorker,
          },
        };
        count += 1;
        yield JSON.stringify(line);
      }
    }
    yield JSON.stringify({ type: 'end', households: count });
  }
  return { fileName: `${node.code}-household-archive.jsonl`, lines: lines() };
}

function refuse(message: string, line: number): never {
  throw new AppError('VALIDATION', `line ${line}: ${message}`, {
    userMessage: `交换文件第 ${line} 行：${message}`,
  });
}

/**
 * Imports an archive under `nodeId`: each household is placed at the node of
 * its `nodeCode` when that node is in the caller's scope, else at `nodeId`;
 * created through the households service (checks, encryption, assessment,
 * audit) and registered directly when it was registered in the sending
 * instance. A household the service refuses (a person already in an active
 * file here, say) is skipped with the reason. The file is checked whole
 * (header, every line's shape, the end line's count) before anything is written.
 */
export async function importArchive(
  deps: ExchangeDeps,
  ctx: RequestContext,
  nodeId: number,
  stream: Readable,
): Promise<ArchiveImportResult> {
  const target = await nodeOrNotFound(deps.db, ctx, nodeId);
  const households: { line: number; record: ArchiveHousehold }[] = [];
  let lineNo = 0;
  let sawEnd = false;
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    lineNo += 1;
    if (!text.trim()) continue;
    if (sawEnd) refuse('结束行之后还有内容', lineNo);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      refuse('不是 JSON', lineNo);
    }
    if (lineNo === 1) {
      const header = archiveHeaderSchema.safeParse(value);
      if (!header.success)
        refuse(`不是版本 ${archiveVersion} 的 ${archiveFormat} 交换文件`, lineNo);
      continue;
    }
    const end = archiveEndSchema.safeParse(value);
    if (end.success) {
      if (end.data.households !== households.length)
        refuse(`结束行记有 ${end.data.households} 户，文件中只有 ${households.length} 户`, lineNo);
      sawEnd = true;
      continue;
    }
    const record = archiveHouseholdSchema.safeParse(value);
    if (!record.success) refuse('不是档案行', lineNo);
    households.push({ line: lineNo, record: record.data });
  }
  if (!lineNo) refuse('文件是空的', 1);
  if (!sawEnd) refuse('缺少结束行，文件可能不完整', lineNo);

  const codes = [...new Set(households.map((h) => h.record.nodeCode))];
  const nodes = new Map(
    (await q.selectNodesByCode(deps.db, target.path, codes)).map((n) => [n.code, n.id]),
  );
  const result: ArchiveImportResult = { created: 0, registered: 0, skipped: [] };
  for (const { line, record } of households) {
    const name =
      (record.file.members as { relation?: string; name?: string }[] | undefined)?.find(
        (m) => m.relation === 'head',
      )?.name ?? '';
    const parsed = householdFileInputSchema.safeParse({
      ...record.file,
      nodeId: nodes.get(record.nodeCode) ?? target.id,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const reason = issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid';
      result.skipped.push({ line, name, reason });
      continue;
    }
    try {
      await inTransaction(deps.db, async (trx) => {
        const saved = await createHousehold({ db: trx, cipher: deps.cipher }, ctx, parsed.data);
        if (record.caseStatus === 'registered') {
          await registerDirectly(
            trx,
            auditSourceOf(ctx),
            saved.id,
            `交换文件导入：原档案编号 ${record.fileNo ?? '无'}`,
          );
          result.registered += 1;
        }
      });
      result.created += 1;
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'INTERNAL') throw error;
      result.skipped.push({
        line,
        name,
        reason: error.message,
        ...(error.userMessage ? { userMessage: error.userMessage } : {}),
      });
    }
  }
  await inTransaction(deps.db, (trx) =>
    recordAudit(trx, auditSourceOf(ctx), {
      action: 'exchange.imported',
      details: {
        nodeId: target.id,
        created: result.created,
        registered: result.registered,
        skipped: result.skipped.length,
      },
      entityType: 'org_node',
      entityId: target.id,
      nodeId: target.id,
    }),
  );
  return result;
}
