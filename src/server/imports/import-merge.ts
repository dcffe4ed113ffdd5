import type { HouseholdFile, HouseholdFileInput } from '../../shared/households/household-file';

/**
 * What an import changes in a file that already exists. The import template
 * (household-import.ts) carries only some of a file's fields; a sheet row
 * says nothing about the rest, so those are kept from the stored file rather
 * than cleared: the household's own details that have no column, the
 * exclusion answers, the accident and migrant-worker records, the monthly
 * incomes; and for a member found again by ID number, its stored identity
 * (so its history and documents stay with it) and the fields without a column
 * (school, disability, dependant, the diagnosis). Members the sheet no longer
 * lists leave the file; new ones join it; incomes and household expenses are
 * the sheet's. A blank cell keeps the stored value too (an import never
 * erases; clearing a value is done on screen). Limitation: fields the import
 * fills with a default when blank (standard level, main cause, the two flags)
 * take the sheet's value.
 */
export function mergeImportIntoStored(
  stored: HouseholdFile,
  storedMemberIdByHash: ReadonlyMap<string, number>,
  imported: HouseholdFileInput,
  hashOfIdNumber: (idNumber: string) => string,
): HouseholdFileInput {
  const storedMembers = new Map(stored.members.map((m) => [m.id, m]));
  return {
    ...imported,
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
    members: imported.members.map((m) => {
      const id = m.idNumber ? storedMemberIdByHash.get(hashOfIdNumber(m.idNumber)) : undefined;
      const was = id === undefined ? undefined : storedMembers.get(id);
      if (!was) return m;
      return {
        ...m,
        id: was.id,
        school: was.school,
        livingWithHouseholdSince: was.livingWithHouseholdSince,
        isDependant: was.isDependant,
        isDisabledOrSeriouslyIll: was.isDisabledOrSeriouslyIll,
        disabilityType: was.disabilityType,
        disabilityGrade: was.disabilityGrade,
        // undefined keeps the stored (encrypted) diagnosis
        diagnosis: undefined,
      };
    }),
  };
}
