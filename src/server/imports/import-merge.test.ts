import { describe, expect, it } from 'vitest';
import type { HouseholdFile, HouseholdFileInput } from '../../shared/households/household-file';
import { isUnchangedByImport, mergeImportIntoStored, type Hashers } from './import-merge';

/** Pure rules of what a sheet row does to a stored file (the database paths are in imports.test.ts). */

const hash: Hashers = {
  idNumber: (v) => `id#${v}`,
  phone: (v) => `ph#${v}`,
  bankAccount: (v) => `ba#${v}`,
};

const headId = '320102197504120013';
const childId = '320102200809010024';

const member = {
  relation: 'head',
  name: '张建国',
  birthDate: '1975-04-12',
  sex: 'male',
  isAbleToWork: false,
  workStatus: 'laid_off',
  isInFullTimeStudy: false,
  studyLevel: null,
  healthStatus: 'malignant_tumour',
  school: null,
  livingWithHouseholdSince: null,
  isDependant: false,
  isDisabledOrSeriouslyIll: true,
  disabilityType: null,
  disabilityGrade: null,
} as const;

function stored(): HouseholdFile {
  return {
    id: 9,
    nodeId: 5,
    regionCode: '320102',
    standardLevel: 'city',
    address: '中山路1号',
    employerName: null,
    housingType: null,
    isSingleParent: false,
    isZeroEmployment: true,
    mainCause: 'illness',
    secondaryCauses: [],
    situation: null,
    bankName: null,
    exclusions: {},
    accident: null,
    monthlyIncomes: [],
    migrantWorker: null,
    members: [
      { ...member, id: 11, ref: '11', idNumberMasked: null, hasDiagnosis: true },
      {
        ...member,
        id: 12,
        ref: '12',
        relation: 'child',
        name: '张小燕',
        birthDate: '2008-09-01',
        sex: 'female',
        isInFullTimeStudy: true,
        studyLevel: 'senior_secondary',
        healthStatus: null,
        workStatus: null,
        isDisabledOrSeriouslyIll: false,
        idNumberMasked: null,
        hasDiagnosis: false,
      },
    ],
    // Wages entered on screen as two items with notes; an expense the template has no column for.
    incomes: [
      { memberRef: '11', type: 'wages', amountFen: 100_000, note: '上半年' },
      { memberRef: '11', type: 'wages', amountFen: 50_000, note: '下半年' },
    ],
    rigidExpenditures: [{ memberRef: '11', type: 'other_allowed', amountFen: 9_000, note: '护理' }],
  } as unknown as HouseholdFile;
}

const hashes = {
  phone: 'ph#13812345678',
  bankAccount: null,
  members: new Map<number, string | null>([
    [11, `id#${headId}`],
    [12, `id#${childId}`],
  ]),
};
const memberIdByHash = new Map([
  [`id#${headId}`, 11],
  [`id#${childId}`, 12],
]);

/** The sheet: the same household, with blank cells where the template's defaults apply. */
function sheet(overrides: Partial<HouseholdFileInput> = {}): HouseholdFileInput {
  return {
    nodeId: 2,
    regionCode: '320102',
    standardLevel: 'grassroots',
    phone: null,
    address: '中山路1号',
    employerName: null,
    housingType: null,
    isSingleParent: false,
    isZeroEmployment: false,
    mainCause: 'illness',
    secondaryCauses: [],
    situation: null,
    bankName: null,
    bankAccount: null,
    members: [
      {
        ref: 'head',
        relation: 'head',
        name: '张建国',
        idNumber: headId,
        birthDate: '1975-04-12',
        sex: 'male',
        isAbleToWork: false,
        workStatus: null,
        isInFullTimeStudy: false,
        studyLevel: null,
        healthStatus: 'malignant_tumour',
      },
      {
        ref: 'm1',
        relation: 'child',
        name: '张小燕',
        idNumber: childId,
        birthDate: '2008-09-01',
        sex: 'female',
        isAbleToWork: false,
        workStatus: null,
        isInFullTimeStudy: false,
        studyLevel: null,
        healthStatus: null,
      },
    ],
    incomes: [{ memberRef: 'head', type: 'wages', amountFen: 150_000 }],
    rigidExpenditures: [],
    ...overrides,
  } as HouseholdFileInput;
}

const blanks = {
  household: ['standardLevel', 'isZeroEmployment'] as ('standardLevel' | 'isZeroEmployment')[],
  members: [['workStatus'], ['workStatus', 'isInFullTimeStudy', 'studyLevel']] as never,
};

const merge = (input: HouseholdFileInput) =>
  mergeImportIntoStored(stored(), memberIdByHash, input, hash.idNumber, blanks);

describe('an import over a stored file', () => {
  it('changes nothing when the sheet says what the file holds', () => {
    const merged = merge(sheet());
    // Node, defaults over blanks, split items with notes: all the stored file's.
    expect(merged.nodeId).toBe(5);
    expect(merged.standardLevel).toBe('city');
    expect(merged.isZeroEmployment).toBe(true);
    expect(merged.members[0]).toMatchObject({ id: 11, workStatus: 'laid_off' });
    expect(merged.members[1]).toMatchObject({ id: 12, studyLevel: 'senior_secondary' });
    expect(merged.incomes).toEqual([
      { memberRef: 'head', type: 'wages', amountFen: 100_000, note: '上半年' },
      { memberRef: 'head', type: 'wages', amountFen: 50_000, note: '下半年' },
    ]);
    expect(merged.rigidExpenditures).toEqual([
      { memberRef: 'head', type: 'other_allowed', amountFen: 9_000, note: '护理' },
    ]);
    expect(isUnchangedByImport(stored(), hashes, merged, hash)).toBe(true);
  });

  it('takes a different amount, keeping items the template has no column for', () => {
    const merged = merge(
      sheet({ incomes: [{ memberRef: 'head', type: 'wages', amountFen: 160_000 }] }),
    );
    expect(merged.incomes).toEqual([{ memberRef: 'head', type: 'wages', amountFen: 160_000 }]);
    expect(merged.rigidExpenditures).toHaveLength(1);
    expect(isUnchangedByImport(stored(), hashes, merged, hash)).toBe(false);
  });

  it('keeps the items of columns the sheet does not have', () => {
    const noWages = mergeImportIntoStored(
      stored(),
      memberIdByHash,
      sheet({ incomes: [] }),
      hash.idNumber,
      { ...blanks, absentIncomes: [['wages'], ['wages']], absentExpenditures: ['medical'] },
    );
    expect(noWages.incomes).toHaveLength(2);
    expect(isUnchangedByImport(stored(), hashes, noWages, hash)).toBe(true);
    // With the column, an empty cell is zero: the stored wages go.
    const zero = merge(sheet({ incomes: [] }));
    expect(zero.incomes).toEqual([]);
    expect(isUnchangedByImport(stored(), hashes, zero, hash)).toBe(false);
  });

  it('sees a changed cell, a new phone, a new member and a member who left', () => {
    const changed = (input: HouseholdFileInput) =>
      !isUnchangedByImport(stored(), hashes, merge(input), hash);
    expect(changed(sheet({ address: '新街口1号' }))).toBe(true);
    expect(changed(sheet({ phone: '13912345678' }))).toBe(true);
    expect(changed(sheet({ phone: '13812345678' }))).toBe(false);
    expect(changed(sheet({ members: sheet().members.slice(0, 1) }))).toBe(true);
    const newcomer = {
      ...sheet().members[1]!,
      ref: 'm2',
      name: '王芳',
      idNumber: '320102198001010028',
      relation: 'spouse' as const,
    };
    expect(changed(sheet({ members: [...sheet().members, newcomer] }))).toBe(true);
  });
});
