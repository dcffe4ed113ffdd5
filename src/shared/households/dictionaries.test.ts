import { describe, expect, it } from 'vitest';
import {
  defaultDictionaries,
  dictionaryCodes,
  dictionarySchema,
  getDefaultDictionary,
  hardshipCauses,
  hardshipCausesSchema,
  memberRelations,
  studyLevels,
  workStatuses,
} from './dictionaries';

describe('default dictionaries', () => {
  it('has one valid dictionary for every code', () => {
    expect(defaultDictionaries.map((d) => d.code).sort()).toEqual([...dictionaryCodes].sort());
    for (const d of defaultDictionaries) expect(dictionarySchema.parse(d)).toEqual(d);
  });

  it.each([
    ['work_status', workStatuses],
    ['member_relation', memberRelations],
    ['study_level', studyLevels],
    ['hardship_cause', hardshipCauses],
  ] as const)('locks %s to the codes the rules use', (code, codes) => {
    const d = getDefaultDictionary(code);
    expect(d.isLocked).toBe(true);
    expect(d.items.map((i) => i.code)).toEqual([...codes]);
  });

  it.each([
    ['health_status', 14, '恶性肿瘤'],
    ['disability_type', 7, '多重残疾'],
    ['disability_grade', 4, '四级'],
    ['work_status', 8, '灵活就业'],
    ['housing_type', 7, '廉租房'],
    ['housing_area_band', 4, '70平方米以上'],
    ['hardship_cause', 9, '企业关停并转'],
  ] as const)('seeds %s from domain.md §8 (%i items)', (code, count, label) => {
    const d = getDefaultDictionary(code);
    expect(d.items).toHaveLength(count);
    expect(d.items.map((i) => i.labelZh)).toContain(label);
  });

  it('refuses a dictionary with a code twice', () => {
    const d = getDefaultDictionary('housing_type');
    const result = dictionarySchema.safeParse({ ...d, items: [...d.items, d.items[0]] });
    expect(result.error?.issues[0]?.message).toBe('duplicate code');
  });
});

describe('hardshipCausesSchema', () => {
  it.each([
    [{ main: 'illness' }, true],
    [{ main: 'illness', secondary: ['disability', 'schooling', 'low_income'] }, true],
    [{ main: 'illness', secondary: ['disability', 'schooling', 'low_income', 'other'] }, false],
    [{ main: 'illness', secondary: ['illness'] }, false],
    [{ main: 'illness', secondary: ['schooling', 'schooling'] }, false],
    [{ main: 'gambling' }, false],
  ])('%j → %s', (value, ok) => {
    expect(hardshipCausesSchema.safeParse(value).success).toBe(ok);
  });
});
