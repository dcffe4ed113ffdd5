import { inTransaction, type Conn, type Db } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import {
  defaultDictionaries,
  getDefaultDictionary,
  type Dictionary,
  type DictionaryCode,
} from '../../shared/households/dictionaries';
import type {
  EditableDictionary,
  EditableDictionaryItem,
  SaveDictionaryItemInput,
} from '../../shared/dictionaries/dictionary-edit';
import { auditSourceOf, recordAudit } from '../audit/audit.service';
import * as q from './dictionaries.queries';

function mergeStored(stored: readonly q.DictionaryItemRow[]): EditableDictionary[] {
  return defaultDictionaries.map((d) => {
    const items = new Map<string, EditableDictionaryItem>(
      d.items.map((i) => [i.code, { ...i, version: 0, isDefault: true }]),
    );
    for (const row of stored.filter((r) => r.dictionary_code === d.code))
      items.set(row.item_code, {
        code: row.item_code,
        labelZh: row.label_zh,
        ...(row.label_en ? { labelEn: row.label_en } : {}),
        sort: row.sort,
        isActive: row.is_active,
        version: row.version,
        isDefault: items.get(row.item_code)?.isDefault ?? false,
      });
    return {
      ...d,
      items: [...items.values()].sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code)),
    };
  });
}

/**
 * The dictionaries in force, with each item's version and whether it is a
 * default: what GET /api/dictionaries answers and the dictionary screen edits.
 */
export async function findEditableDictionaries(conn: Conn): Promise<EditableDictionary[]> {
  return mergeStored(await q.selectDictionaryItems(conn));
}

/**
 * The dictionaries in force: the defaults of domain.md §8 with the stored
 * changes and additions laid over them, items ordered by `sort`.
 */
export async function loadDictionaries(conn: Conn): Promise<Dictionary[]> {
  return (await findEditableDictionaries(conn)).map((d) => ({
    ...d,
    items: d.items.map(({ version: _v, isDefault: _d, ...item }) => item),
  }));
}

/** Is `code` an item of the dictionary (active, or — when `allowInactive` — retired)? */
export function hasItem(
  dictionaries: readonly Dictionary[],
  dictionary: DictionaryCode,
  code: string,
  allowInactive = false,
): boolean {
  const item = dictionaries.find((d) => d.code === dictionary)?.items.find((i) => i.code === code);
  return !!item && (item.isActive || allowInactive);
}

/** Dictionaries are national data: only a user of the root node changes them. */
function assertNationalUser(ctx: RequestContext) {
  if (!/^\/\d+\/$/.test(ctx.actor.scopePath))
    throw new AppError(
      'FORBIDDEN',
      'dictionaries are national: only a root-node user changes them',
      {
        userMessage: '数据字典是全国统一的数据，只有全国总工会(根节点)的用户可以修改',
        details: { reason: 'national' },
      },
    );
}

function staleItem(code: string, itemCode: string, current: number, given: number) {
  return new AppError(
    'CONFLICT',
    `dictionary item ${code}/${itemCode} was changed by someone else (version ${given} is stale, current is ${current}); reload and try again`,
    {
      userMessage: '该字典项已被他人修改，请刷新后重试',
      details: { currentVersion: current, givenVersion: given },
    },
  );
}

function snapshot(item: { labelZh: string; labelEn?: string; sort: number; isActive: boolean }) {
  return {
    labelZh: item.labelZh,
    labelEn: item.labelEn ?? null,
    sort: item.sort,
    isActive: item.isActive,
  };
}

/**
 * Creates or changes one dictionary item (数据字典项). Codes are stable and
 * never removed: an item is retired by deactivating it, and stays valid on the
 * files that already hold it. A locked dictionary's codes drive rules, so its
 * items may be relabelled and re-sorted but neither added nor deactivated.
 * Refuses a stale `version` with CONFLICT; audited as dictionary.item_saved.
 */
export async function saveDictionaryItem(
  db: Db,
  ctx: RequestContext,
  code: DictionaryCode,
  itemCode: string,
  input: SaveDictionaryItemInput,
): Promise<EditableDictionaryItem> {
  assertNationalUser(ctx);
  const dictionary = getDefaultDictionary(code);
  const defaultItem = dictionary.items.find((i) => i.code === itemCode);
  return inTransaction(db, async (trx) => {
    const stored = await q.lockDictionaryItem(trx, code, itemCode);
    if (!defaultItem && !stored && dictionary.isLocked)
      throw new AppError(
        'INVALID_STATE',
        `itemCode: ${code} is locked: rules depend on its codes, so none can be added`,
        {
          userMessage: `“${dictionary.nameZh}”的代码由认定规则使用，不能新增字典项，只能修改名称和排序`,
          issues: [{ path: 'itemCode', message: 'locked dictionary: no new codes' }],
        },
      );
    if (dictionary.isLocked && !input.isActive)
      throw new AppError(
        'INVALID_STATE',
        `isActive: ${code} is locked: rules depend on its codes, so none can be deactivated`,
        {
          userMessage: `“${dictionary.nameZh}”的代码由认定规则使用，不能停用，只能修改名称和排序`,
          issues: [{ path: 'isActive', message: 'locked dictionary: items stay active' }],
        },
      );
    const currentVersion = stored?.version ?? 0;
    if (input.version !== currentVersion)
      throw staleItem(code, itemCode, currentVersion, input.version);
    const before = stored
      ? snapshot({
          labelZh: stored.label_zh,
          ...(stored.label_en ? { labelEn: stored.label_en } : {}),
          sort: stored.sort,
          isActive: stored.is_active,
        })
      : defaultItem
        ? snapshot(defaultItem)
        : null;
    const fields = {
      label_zh: input.labelZh,
      label_en: input.labelEn || null,
      sort: input.sort,
      is_active: input.isActive,
      updated_by: ctx.actor.userId,
    };
    if (!stored)
      await q.insertDictionaryItem(trx, { dictionary_code: code, item_code: itemCode, ...fields });
    else if (
      !(await q.updateDictionaryItem(
        trx,
        { dictionary_code: code, item_code: itemCode, version: stored.version },
        fields,
      ))
    )
      throw staleItem(code, itemCode, stored.version + 1, input.version);
    const saved = {
      code: itemCode,
      labelZh: input.labelZh,
      ...(input.labelEn ? { labelEn: input.labelEn } : {}),
      sort: input.sort,
      isActive: input.isActive,
      version: currentVersion + 1,
      isDefault: !!defaultItem,
    };
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'dictionary.item_saved',
      details: { dictionaryCode: code, itemCode },
      entityType: 'dictionary',
      entityId: null,
      nodeId: ctx.actor.nodeId,
      before,
      after: snapshot(saved),
    });
    return saved;
  });
}
