import { useEffect, useState } from 'react';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatYuan } from '../../../shared/households/assessment';
import {
  hardshipCauseLabels,
  memberRelationLabels,
  studyLevelLabels,
  workStatusLabels,
  type DictionaryCode,
  type Dictionary,
} from '../../../shared/households/dictionaries';
import {
  householdStatusLabels,
  standardLevelLabels,
  type HouseholdStatus,
  type StandardLevel,
} from '../../../shared/households/household-file';
import {
  exclusionLabels,
  hardshipCategoryLabels,
  incomeTypeLabels,
  rigidExpenditureTypeLabels,
  type ExclusionId,
  type HardshipCategory,
  type IncomeType,
  type RigidExpenditureType,
} from '../../../shared/households/policy';
import { useLocale } from '../../i18n';
import { householdsApi } from './households-api';

/** Tag colour per category (困难类别): the deeper the hardship, the warmer. */
export const categoryColors: Record<HardshipCategory, string> = {
  deep: 'red',
  relative: 'orange',
  accident: 'purple',
  dibao: 'volcano',
  dibao_edge: 'gold',
  accident_legacy: 'magenta',
};

/** Money is fen in data and yuan with two decimals on screen. */
export const yuan = (fen: number | null | undefined): string =>
  fen === null || fen === undefined ? '—' : `¥${formatYuan(fen)}`;

let dictionariesOnce: Promise<Dictionary[]> | null = null;

/** GET /api/dictionaries once per page load (every household screen reads it). */
export function useDictionaries(): Dictionary[] {
  const [dictionaries, setDictionaries] = useState<Dictionary[]>([]);
  useEffect(() => {
    let isCurrent = true;
    dictionariesOnce ??= householdsApi.dictionaries().catch((error: unknown) => {
      dictionariesOnce = null;
      throw error;
    });
    dictionariesOnce
      .then((list) => {
        if (isCurrent) setDictionaries(list);
      })
      .catch(() => undefined);
    return () => {
      isCurrent = false;
    };
  }, []);
  return dictionaries;
}

/**
 * Labels of the file's codes in the current language: enumerations from
 * src/shared, dictionary-coded fields from the dictionaries in force (an
 * administrator may have relabelled them).
 */
export function useHouseholdLabels() {
  const { t } = useTranslation();
  const zh = useLocale() === 'zh-CN';
  const dictionaries = useDictionaries();

  const fromDictionary = (code: DictionaryCode, item: string | null | undefined) => {
    if (item === null || item === undefined || item === '') return null;
    const found = dictionaries.find((d) => d.code === code)?.items.find((i) => i.code === item);
    if (!found) return null;
    return zh ? found.labelZh : found.labelEn || found.labelZh;
  };
  const dict = (code: DictionaryCode, item: string | null | undefined): string =>
    item ? (fromDictionary(code, item) ?? item) : '—';
  const pair = (l: { zh: string; en: string }) => (zh ? l.zh : l.en);

  const category = (c: HardshipCategory | null, eligible: boolean | null): string =>
    c
      ? pair(hardshipCategoryLabels[c])
      : eligible === false
        ? t('households.notEligible')
        : t('households.notAssessed');

  return {
    zh,
    dict,
    category,
    categoryTag: (c: HardshipCategory | null, eligible: boolean | null, testId?: string) => (
      <Tag
        color={c ? categoryColors[c] : eligible === false ? 'default' : undefined}
        data-testid={testId}
        style={{ marginInlineEnd: 0 }}
      >
        {category(c, eligible)}
      </Tag>
    ),
    cause: (code: keyof typeof hardshipCauseLabels) =>
      fromDictionary('hardship_cause', code) ?? hardshipCauseLabels[code] ?? code,
    workStatus: (code: keyof typeof workStatusLabels | null) =>
      code ? (fromDictionary('work_status', code) ?? workStatusLabels[code] ?? code) : '—',
    relation: (code: keyof typeof memberRelationLabels) =>
      fromDictionary('member_relation', code) ?? memberRelationLabels[code] ?? code,
    studyLevel: (code: keyof typeof studyLevelLabels | null) =>
      code ? (fromDictionary('study_level', code) ?? studyLevelLabels[code] ?? code) : '—',
    standardLevel: (level: StandardLevel) =>
      zh ? standardLevelLabels[level] : t(`households.standardLevel_.${level}`),
    status: (status: HouseholdStatus) =>
      zh ? householdStatusLabels[status] : t(`households.status_.${status}`),
    incomeType: (type: IncomeType) => pair(incomeTypeLabels[type]),
    expenditureType: (type: RigidExpenditureType) => pair(rigidExpenditureTypeLabels[type]),
    exclusion: (id: ExclusionId) => pair(exclusionLabels[id]),
    yesNo: (value: boolean | null | undefined) =>
      value === null || value === undefined ? '—' : value ? t('common.yes') : t('common.no'),
    sex: (sex: 'male' | 'female') => t(`assessment.${sex}`),
  };
}
export type HouseholdLabels = ReturnType<typeof useHouseholdLabels>;
