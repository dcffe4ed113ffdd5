import ExcelJS from 'exceljs';
import { inTransaction, type Db } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import {
  hardshipCauseLabels,
  memberRelationLabels,
  studyLevelLabels,
  workStatusLabels,
} from '../../shared/households/dictionaries';
import { standardLevelLabels, type HouseholdQuery } from '../../shared/households/household-file';
import { matchHeader, type ImportColumnKey } from '../../shared/imports/household-import';
import { guardCellValue } from '../../shared/imports/spreadsheet-safety';
import { auditSourceOf, recordAudit } from '../audit/audit.service';
import { loadDictionaries } from '../dictionaries/dictionaries.service';
import { loadFilesByIds } from '../households/bulk-assess';
import { listHouseholds } from '../households/household-list.service';
import type { FieldCipher } from '../privacy/field-cipher';
import { buildHouseholdTemplate } from './import-workbooks';

/**
 * Export in the import template's format (docs/imports.md): files in force
 * written into the template the import offers (the same sheets, header rows,
 * columns, drop-downs and text-formatted ID columns), one row per household on
 * 家庭 and one per other member on 成员, every value in clear — so importing the
 * workbook back finds each household as it is. It carries ID numbers, phones
 * and bank accounts in clear: household.reveal, a row limit, and one audit
 * record per export (household.exported_full) written before the file is built.
 */

export type TemplateExportDeps = { db: Db; cipher: FieldCipher };

/** Files one export may hold: beyond this, narrow the filter (the workbook is built in memory). */
export const templateExportLimit = 5_000;

export const templateExportFileName = (date: string) => `困难职工档案-导入模板格式-${date}.xlsx`;

type Values = Partial<Record<ImportColumnKey, string | number | null>>;

const yesNo = (v: boolean | null | undefined) =>
  v === null || v === undefined ? null : v ? '是' : '否';
const sexLabel = (s: string | null) => (s === 'male' ? '男' : s === 'female' ? '女' : null);
const yuan = (fen: number) => Math.round(fen) / 100;

const incomeKeys: Record<string, ImportColumnKey> = {
  wages: 'wages',
  business: 'business',
  property: 'property',
  transfers: 'transfers',
  other: 'otherIncome',
};
const expenditureKeys: Record<string, ImportColumnKey> = {
  medical: 'medical',
  schooling: 'schooling',
  disability_care: 'disabilityCare',
  housing: 'housing',
};

/** The filter as the audit record keeps it: a searched ID number or phone never in clear. */
function filterForAudit(query: Partial<HouseholdQuery>): Record<string, unknown> {
  const { limit: _l, after: _a, ...rest } = query;
  void _l;
  void _a;
  const out: Record<string, unknown> = { ...rest };
  if (typeof rest.q === 'string' && /\d{6,}/.test(rest.q)) out.q = '（按号码查找）';
  return out;
}

/** Ids of the active files the list's filter finds, in the list's order, refused past the limit. */
async function idsOfList(
  deps: TemplateExportDeps,
  ctx: RequestContext,
  query: Omit<HouseholdQuery, 'limit' | 'after'>,
): Promise<number[]> {
  if (query.status && query.status !== 'active')
    throw new AppError('VALIDATION', 'status: only files in force (active) are exported', {
      userMessage: '按导入模板导出只包括在档档案：请把“档案状态”选为“在档”或不选',
      issues: [{ path: 'status', message: 'only active' }],
    });
  const ids: number[] = [];
  let after: string | undefined;
  do {
    const page = await listHouseholds(deps, ctx, {
      ...query,
      status: 'active',
      limit: 200,
      ...(after ? { after } : {}),
    });
    ids.push(...page.items.map((h) => h.id));
    if (ids.length > templateExportLimit)
      throw new AppError('VALIDATION', `more than ${templateExportLimit} files match`, {
        userMessage: `符合条件的档案超过 ${templateExportLimit} 户，请缩小筛选范围（例如按单位）后分批导出`,
      });
    after = page.nextCursor ?? undefined;
  } while (after);
  return ids;
}

/** The sealed values of these files' members and households, within the caller's scope. */
async function sealedValues(conn: Db, scopePath: string, ids: number[]) {
  if (!ids.length) return { households: [], members: [] };
  const households = await conn
    .selectFrom('households')
    .select(['id', 'phone_enc', 'bank_account_enc'])
    .where('id', 'in', ids)
    .where('node_path', 'like', `${scopePath}%`)
    .execute();
  const members = await conn
    .selectFrom('household_members as m')
    .innerJoin('households as h', 'h.id', 'm.household_id')
    .select(['m.id', 'm.id_number_enc'])
    .where('m.household_id', 'in', ids)
    .where('h.node_path', 'like', `${scopePath}%`)
    .where('m.removed_at', 'is', null)
    .execute();
  return { households, members };
}

/**
 * Fills the import template with the files: 家庭 (the head's row with the
 * household's fields) and 成员 (every other member), from row 3 on — the
 * template's example rows are replaced. Every text cell goes through the
 * spreadsheet-injection guard.
 */
async function buildWorkbook(
  deps: TemplateExportDeps,
  ids: number[],
  sealed: Awaited<ReturnType<typeof sealedValues>>,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await buildHouseholdTemplate(deps.db)) as unknown as ArrayBuffer);
  const dictionaries = await loadDictionaries(deps.db);
  const labelOf = (dictionary: string, code: string | null) =>
    code === null
      ? null
      : (dictionaries.find((d) => d.code === dictionary)?.items.find((i) => i.code === code)
          ?.labelZh ?? code);
  const open = (v: string | null | undefined) => (v ? deps.cipher.decrypt(v) : null);
  const householdSealed = new Map(sealed.households.map((h) => [h.id, h]));
  const memberId = new Map(sealed.members.map((m) => [m.id, open(m.id_number_enc)]));

  const sheetOf = (name: string) => {
    const ws = wb.getWorksheet(name);
    if (!ws) throw new Error(`template without sheet ${name}`);
    const columns = new Map<ImportColumnKey, number>();
    ws.getRow(2).eachCell((cell, col) => {
      const key = matchHeader(String(cell.value ?? ''));
      if (key) columns.set(key, col);
    });
    // The example row (grey, skipped by the import) gives way to the first file.
    ws.getRow(3).eachCell((cell) => {
      cell.value = null;
      cell.font = {};
    });
    let next = 3;
    return (values: Values) => {
      const row = ws.getRow(next++);
      for (const [key, col] of columns) {
        const v = values[key];
        if (v === null || v === undefined || v === '') continue;
        row.getCell(col).value = guardCellValue(v);
      }
      row.commit();
    };
  };
  const addHousehold = sheetOf('家庭');
  const addMember = sheetOf('成员');

  for (let i = 0; i < ids.length; i += 200) {
    const files = await loadFilesByIds(deps.db, ids.slice(i, i + 200));
    const byId = new Map(files.map((f) => [f.row.id, f.file]));
    for (const id of ids.slice(i, i + 200)) {
      const file = byId.get(id);
      const secret = householdSealed.get(id);
      if (!file || !secret) continue;
      const head = file.members.find((m) => m.relation === 'head');
      if (!head) continue;
      const headId = memberId.get(Number(head.ref)) ?? null;
      const incomesOf = (ref: string): Values => {
        const out: Record<string, number> = {};
        for (const inc of file.incomes)
          if (inc.memberRef === ref && incomeKeys[inc.type])
            out[incomeKeys[inc.type]!] = (out[incomeKeys[inc.type]!] ?? 0) + inc.amountFen;
        return Object.fromEntries(Object.entries(out).map(([k, fen]) => [k, yuan(fen)]));
      };
      const expenditures: Record<string, number> = {};
      for (const e of file.rigidExpenditures)
        if (expenditureKeys[e.type])
          expenditures[expenditureKeys[e.type]!] =
            (expenditures[expenditureKeys[e.type]!] ?? 0) + e.amountFen;
      const person = (m: (typeof file.members)[number]): Values => ({
        name: m.name,
        idNumber: memberId.get(Number(m.ref)) ?? null,
        sex: sexLabel(m.sex),
        birthDate: m.birthDate,
        isAbleToWork: yesNo(m.isAbleToWork),
        workStatus: m.workStatus ? workStatusLabels[m.workStatus] : null,
        healthStatus: labelOf('health_status', m.healthStatus),
        ...incomesOf(m.ref),
      });
      addHousehold({
        ...person(head),
        regionCode: file.regionCode,
        standardLevel: standardLevelLabels[file.standardLevel],
        phone: open(secret.phone_enc),
        address: file.address,
        employerName: file.employerName,
        mainCause: hardshipCauseLabels[file.mainCause],
        secondaryCauses: file.secondaryCauses.map((c) => hardshipCauseLabels[c]).join('、') || null,
        isSingleParent: yesNo(file.isSingleParent),
        isZeroEmployment: yesNo(file.isZeroEmployment),
        housingType: labelOf('housing_type', file.housingType),
        ...Object.fromEntries(Object.entries(expenditures).map(([k, fen]) => [k, yuan(fen)])),
        bankName: file.bankName,
        bankAccount: open(secret.bank_account_enc),
        situation: file.situation,
      });
      for (const m of file.members) {
        if (m === head) continue;
        addMember({
          ...person(m),
          headIdNumber: headId,
          relation: memberRelationLabels[m.relation],
          isInFullTimeStudy: yesNo(m.isInFullTimeStudy),
          studyLevel: m.studyLevel ? studyLevelLabels[m.studyLevel] : null,
        });
      }
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Audits the export (one record: the filter, the count, the file ids) in the
 * transaction that reads the sealed values; the workbook is built after.
 */
async function auditedSealedValues(
  deps: TemplateExportDeps,
  ctx: RequestContext,
  ids: number[],
  filter: Record<string, unknown>,
  entity: { entityType: 'household' | 'org_node'; entityId: number; nodeId: number | null },
) {
  return inTransaction(deps.db, async (trx) => {
    const sealed = await sealedValues(trx, ctx.actor.scopePath, ids);
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'household.exported_full',
      details: { filter, count: sealed.households.length, householdIds: ids },
      ...entity,
    });
    return sealed;
  });
}

/** The filtered list (GET /api/households filters, the caller's scope) in the template's format. */
export async function exportListInTemplate(
  deps: TemplateExportDeps,
  ctx: RequestContext,
  query: Omit<HouseholdQuery, 'limit' | 'after'>,
): Promise<{ data: Buffer; count: number }> {
  const ids = await idsOfList(deps, ctx, query);
  const sealed = await auditedSealedValues(deps, ctx, ids, filterForAudit(query), {
    entityType: 'org_node',
    entityId: query.nodeId ?? ctx.actor.nodeId,
    nodeId: query.nodeId ?? ctx.actor.nodeId,
  });
  return { data: await buildWorkbook(deps, ids, sealed), count: ids.length };
}

/** One file in the template's format; outside the caller's scope it is NOT_FOUND. */
export async function exportFileInTemplate(
  deps: TemplateExportDeps,
  ctx: RequestContext,
  id: number,
): Promise<{ data: Buffer; count: number }> {
  const row = await deps.db
    .selectFrom('households')
    .select(['id', 'node_id', 'status'])
    .where('id', '=', id)
    .where('node_path', 'like', `${ctx.actor.scopePath}%`)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `household ${id} not found`);
  if (row.status !== 'active')
    throw new AppError('INVALID_STATE', `household ${id} is ${row.status}; only active files`, {
      userMessage: '只有在档档案可以按导入模板导出',
      details: { status: row.status, allowed: ['active'] },
    });
  const sealed = await auditedSealedValues(
    deps,
    ctx,
    [id],
    { householdId: id },
    { entityType: 'household', entityId: id, nodeId: row.node_id },
  );
  return { data: await buildWorkbook(deps, [id], sealed), count: 1 };
}
