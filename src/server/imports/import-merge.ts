import type { HouseholdFile, HouseholdFileInput } from '../../shared/households/household-file';
import type { ImportBlankFields } from '../../shared/imports/household-import';

/** The keyed hashes of a stored file's sensitive values (the file itself shows them masked). */
export type StoredHashes = {
  phone: string | null;
  bankAccount: string | null;
  /** Member id → hash of its ID number. */
  members: ReadonlyMap<number, string | null>;
};

export type Hashers = {
  idNumber: (idNumber: string) => string;
  phone: (phone: string) => string;
  bankAccount: (account: string) => string;
};

/** The item types the template has a column for (the rest are never in a sheet). */
const incomeTypesInSheet: ReadonlySet<string> = new Set([
  'wages',
  'business',
  'property',
  'transfers',
  'other',
]);
const expenditureTypesInSheet: ReadonlySet<string> = new Set([
  'medical',
  'schooling',
  'disability_care',
  'housing',
]);

type Item = { memberRef: string | null; type: string; amountFen: number; note?: string | null };

function sumsOf(items: readonly Item[], keyOf: (i: Item) => string) {
  const sums = new Map<string, number>();
  for (const i of items) sums.set(keyOf(i), (sums.get(keyOf(i)) ?? 0) + i.amountFen);
  return sums;
}

function isSameSums(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/**
 * What an import changes in a file that already exists. The import template
 * (household-import.ts) carries only some of a file's fields; a sheet row
 * says nothing about the rest, so those are kept from the stored file rather
 * than cleared: the node that keeps the file (moving a file is a transfer),
 * the household's own details that have no column, the exclusion answers, the
 * accident and migrant-worker records, the monthly incomes; and for a member
 * found again by ID number, its stored identity (so its history and documents
 * stay with it) and the fields without a column (school, disability,
 * dependant, the diagnosis). Members the sheet no longer lists leave the
 * file; new ones join it.
 *
 * A blank cell keeps the stored value (an import never erases; clearing a
 * value is done on screen), also where the import fills a blank with the
 * form's default (`blankFields`: standard level, the two flags, a member's
 * sex, work and study). Incomes (per member and type) and household expenses
 * (per type) are the sheet's where they differ from the stored ones summed at
 * the sheet's granularity; where they are the same, the stored items stay with
 * their notes, splits and members. Items the sheet cannot speak of stay
 * always: types the template has no column for, columns this sheet lacks
 * (`absentIncomes`, `absentExpenditures`), household-level incomes.
 */
export function mergeImportIntoStored(
  stored: HouseholdFile,
  storedMemberIdByHash: ReadonlyMap<string, number>,
  imported: HouseholdFileInput,
  hashOfIdNumber: (idNumber: string) => string,
  blankFields?: ImportBlankFields,
): HouseholdFileInput {
  const storedMembers = new Map(stored.members.map((m) => [m.id, m]));
  const blankHousehold = new Set(blankFields?.household ?? []);
  const members = imported.members.map((m, index) => {
    const id = m.idNumber ? storedMemberIdByHash.get(hashOfIdNumber(m.idNumber)) : undefined;
    const was = id === undefined ? undefined : storedMembers.get(id);
    if (!was) return m;
    const blank = new Set(blankFields?.members[index] ?? []);
    const keep = <K extends keyof typeof m & keyof typeof was>(key: K) =>
      (blank.has(key as never) ? was[key] : m[key]) as (typeof m)[K];
    return {
      ...m,
      id: was.id,
      sex: keep('sex'),
      birthDate: keep('birthDate'),
      isAbleToWork: keep('isAbleToWork'),
      workStatus: keep('workStatus'),
      isInFullTimeStudy: keep('isInFullTimeStudy'),
      studyLevel: keep('studyLevel'),
      healthStatus: keep('healthStatus'),
      school: was.school,
      livingWithHouseholdSince: was.livingWithHouseholdSince,
      isDependant: was.isDependant,
      isDisabledOrSeriouslyIll: was.isDisabledOrSeriouslyIll,
      disabilityType: was.disabilityType,
      disabilityGrade: was.disabilityGrade,
      // undefined keeps the stored (encrypted) diagnosis
      diagnosis: undefined,
    };
  });

  // A stored member's ref is its id; in the merged file members go by the sheet's refs.
  const indexOfStoredId = new Map<string, number>();
  members.forEach((m, i) => {
    if (m.id !== undefined) indexOfStoredId.set(String(m.id), i);
  });
  const remap = <T extends Item>(i: T): T => ({
    ...i,
    memberRef: i.memberRef === null ? null : members[indexOfStoredId.get(i.memberRef)!]!.ref,
  });
  /**
   * The stored items of members still in the file (and of the household), the
   * sheet's where the sheet speaks of them (`isInSheet`) and differs from them
   * summed by `keyOf`; the rest stay as stored.
   */
  const itemsOf = <T extends Item>(
    storedItems: readonly T[],
    importedItems: readonly T[],
    isInSheet: (i: T) => boolean,
    keyOf: (i: Item, side: 'stored' | 'imported') => string,
  ): T[] => {
    const staying = storedItems.filter(
      (i) => i.memberRef === null || indexOfStoredId.has(i.memberRef),
    );
    const spoken = staying.filter(isInSheet);
    const isSame = isSameSums(
      sumsOf(spoken, (i) => keyOf(i, 'stored')),
      sumsOf(importedItems, (i) => keyOf(i, 'imported')),
    );
    if (isSame) return staying.map(remap);
    return [...importedItems, ...staying.filter((i) => !isInSheet(i)).map(remap)];
  };
  const absentIncomes = blankFields?.absentIncomes;
  const absentExpenditures = new Set<string>(blankFields?.absentExpenditures ?? []);
  const incomeKey = (i: Item, side: 'stored' | 'imported') => {
    if (side === 'stored') return `${i.memberRef}|${i.type}`;
    const m = members.find((x) => x.ref === i.memberRef);
    return `${m?.id ?? `new:${i.memberRef}`}|${i.type}`;
  };
  const incomes = itemsOf(
    stored.incomes,
    imported.incomes,
    // Incomes are per person in the sheet, in the columns that person's sheet has.
    (i) =>
      i.memberRef !== null &&
      incomeTypesInSheet.has(i.type) &&
      !absentIncomes?.[indexOfStoredId.get(i.memberRef)!]?.includes(i.type as never),
    incomeKey,
  );
  const rigidExpenditures = itemsOf(
    stored.rigidExpenditures,
    imported.rigidExpenditures,
    // Expenses are per household in the sheet, whoever they are for.
    (i) => expenditureTypesInSheet.has(i.type) && !absentExpenditures.has(i.type),
    (i) => i.type,
  );

  return {
    ...imported,
    nodeId: stored.nodeId,
    standardLevel: blankHousehold.has('standardLevel')
      ? stored.standardLevel
      : imported.standardLevel,
    isSingleParent: blankHousehold.has('isSingleParent')
      ? stored.isSingleParent
      : imported.isSingleParent,
    isZeroEmployment: blankHousehold.has('isZeroEmployment')
      ? stored.isZeroEmployment
      : imported.isZeroEmployment,
    // A blank (or absent) cell says nothing: the stored value stays. Clearing is done on screen.
    phone: imported.phone ?? undefined,
    bankAccount: imported.bankAccount ?? undefined,
    address: imported.address ?? stored.address,
    employerName: imported.employerName ?? stored.employerName,
    situation: imported.situation ?? stored.situation,
    bankName: imported.bankName ?? stored.bankName,
    secondaryCauses: imported.secondaryCauses.length
      ? imported.secondaryCauses
      : stored.secondaryCauses.filter((c) => c !== imported.mainCause),
    employerType: stored.employerType,
    industry: stored.industry,
    isUnionMember: stored.isUnionMember,
    politicalStatus: stored.politicalStatus,
    maritalStatus: stored.maritalStatus,
    hukouType: stored.hukouType,
    modelWorkerType: stored.modelWorkerType,
    housingAreaBand: stored.housingAreaBand,
    housingType: imported.housingType ?? stored.housingType,
    exclusions: stored.exclusions,
    accident: stored.accident,
    monthlyIncomes: stored.monthlyIncomes,
    migrantWorker: stored.migrantWorker,
    members,
    incomes,
    rigidExpenditures,
  };
}

/**
 * Whether writing `merged` (from `mergeImportIntoStored`) would change the
 * stored file: the fields an import can set, compared with the sensitive
 * values as keyed hashes. The rest of a merged file is the stored file's own.
 */
export function isUnchangedByImport(
  stored: HouseholdFile,
  hashes: StoredHashes,
  merged: HouseholdFileInput,
  hash: Hashers,
): boolean {
  const hashOr = (
    value: string | null | undefined,
    storedHash: string | null,
    f: (v: string) => string,
  ) => (value === undefined ? storedHash : value === null ? null : f(value));
  const items = (list: readonly Item[], keyOf: (ref: string | null) => string) =>
    list.map((i) => `${keyOf(i.memberRef)}|${i.type}|${i.amountFen}|${i.note ?? ''}`).sort();
  const storedItemKey = (ref: string | null) => (ref === null ? '-' : ref);
  const mergedItemKey = (ref: string | null) => {
    if (ref === null) return '-';
    const m = merged.members.find((x) => x.ref === ref);
    return m?.id !== undefined ? String(m.id) : `new:${ref}`;
  };
  const household = (f: HouseholdFile | HouseholdFileInput) => [
    f.nodeId,
    f.regionCode,
    f.standardLevel,
    f.address,
    f.employerName,
    f.housingType,
    f.isSingleParent,
    f.isZeroEmployment,
    f.mainCause,
    f.secondaryCauses.join(','),
    f.situation,
    f.bankName,
  ];
  const member = (
    m: HouseholdFile['members'][number] | HouseholdFileInput['members'][number],
    idHash: string | null,
  ) => [
    m.id ?? null,
    m.relation,
    m.name,
    idHash,
    m.birthDate,
    m.sex,
    m.isAbleToWork,
    m.workStatus ?? null,
    m.isInFullTimeStudy,
    m.studyLevel ?? null,
    m.healthStatus ?? null,
  ];
  const before = JSON.stringify([
    household(stored),
    hashes.phone,
    hashes.bankAccount,
    stored.members.map((m) => member(m, hashes.members.get(m.id) ?? null)),
    items(stored.incomes, storedItemKey),
    items(stored.rigidExpenditures, storedItemKey),
  ]);
  const after = JSON.stringify([
    household(merged),
    hashOr(merged.phone, hashes.phone, hash.phone),
    hashOr(merged.bankAccount, hashes.bankAccount, hash.bankAccount),
    merged.members.map((m) =>
      member(
        m,
        hashOr(
          m.idNumber,
          m.id === undefined ? null : (hashes.members.get(m.id) ?? null),
          hash.idNumber,
        ),
      ),
    ),
    items(merged.incomes, mergedItemKey),
    items(merged.rigidExpenditures, mergedItemKey),
  ]);
  return before === after;
}
