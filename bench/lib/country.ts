import type { HouseholdFileInput } from '../../src/shared/households/household-file';
import type { AssessmentResult } from '../../src/shared/households/assessment';
import {
  IdNumbers,
  fitAndAssess,
  planHousehold,
  targetShares,
  type Person,
  type Tables,
} from './plan';
import { weighted, type Rng } from './random';
import type { County, NodeRow, RateRow } from './tree';

/**
 * The households of a synthetic country in the order the generator writes
 * them, whatever they are written to (the database, or an import file): one
 * seeded sequence of draws, so one seed gives the same files on both paths.
 */

export type Anomaly =
  | {
      kind: 'likely_duplicate_person';
      householdIds: [number, number];
      name: string;
      birthDate: string;
    }
  | {
      kind: 'person_in_exited_file';
      activeHouseholdId: number;
      exitedHouseholdId: number;
      name: string;
    }
  | { kind: 'likely_deceased_member'; householdId: number; name: string; birthDate: string }
  | { kind: 'vehicle_owned'; householdId: number; headName: string };

export type PlannedFile = {
  householdId: number;
  county: County;
  union: NodeRow;
  status: 'active' | 'exited';
  file: HouseholdFileInput;
  result: AssessmentResult;
  createdAt: string;
  updatedAt: string;
};

/** The assessment tables of a county: the policy versions and its city's 低保 line and minimum wage. */
export function tablesOfCities(
  rates: readonly RateRow[],
  policyVersions: Tables['policyVersions'],
): (c: County) => Tables {
  const tablesOf = new Map<string, Tables>();
  return (c) => {
    const city = `${c.regionCode.slice(0, 4)}00`;
    let tables = tablesOf.get(city);
    if (!tables) {
      const own = rates.filter((r) => r.region_code === city);
      const of = (kind: string) =>
        own
          .filter((r) => r.kind === kind)
          .map((r) => ({
            regionCode: r.region_code,
            monthlyFen: r.monthly_fen,
            effectiveFrom: r.effective_from,
            effectiveTo: null,
          }));
      tablesOf.set(
        city,
        (tables = { policyVersions, dibaoLines: of('dibao'), minimumWages: of('minimum_wage') }),
      );
    }
    return tables;
  };
}

const isoAt = (ms: number) => new Date(ms).toISOString();

/**
 * Plans `count` active households (and, every 2,000, an exited file of a
 * person now heading an active one), yielding the files of each step in
 * order; planted anomalies are pushed onto `anomalies`. Household ids count
 * up from `firstHouseholdId`.
 */
export function* planCountry(o: {
  rng: Rng;
  count: number;
  pickCounty: (rng: Rng) => County;
  tablesFor: (c: County) => Tables;
  today: string;
  now: number;
  firstHouseholdId: number;
  anomalies: Anomaly[];
  /** The first sequence number of ID numbers (IdNumbers). */
  idSequenceFrom?: number;
}): Generator<PlannedFile[]> {
  const { rng, anomalies } = o;
  const year = Number(o.today.slice(0, 4));
  const ids = new IdNumbers(o.idSequenceFrom ?? 0);
  let nextId = o.firstHouseholdId;
  let lastHead: { person: Person; householdId: number; county: County } | null = null;

  const planFile = (
    county: County,
    status: 'active' | 'exited',
    options: Parameters<typeof planHousehold>[5],
  ): PlannedFile => {
    const target = weighted(rng, targetShares);
    const union = county.unions[Math.floor(rng() * county.unions.length)]!;
    const plan = planHousehold(rng, ids, county, union.id, target, options);
    const { file, result } = fitAndAssess(
      rng,
      plan,
      target,
      county.dibaoFen,
      o.tablesFor(county),
      o.today,
    );
    const createdMs = o.now - Math.floor(rng() * 1_000 * 86_400_000);
    const updatedMs = createdMs + Math.floor(rng() * (o.now - createdMs));
    return {
      householdId: nextId++,
      county,
      union,
      status,
      file,
      result,
      createdAt: isoAt(createdMs),
      updatedAt: isoAt(updatedMs),
    };
  };

  for (let i = 0; i < o.count; i++) {
    const county = o.pickCounty(rng);
    const dup = i > 0 && i % 997 === 0 && lastHead ? lastHead : null;
    const isDeceased = i % 1_499 === 7;
    const hasVehicle = i % 1_000 === 500;
    const written = planFile(county, 'active', {
      year,
      ...(dup ? { likelyDuplicateOf: dup.person } : {}),
      ...(isDeceased ? { hasLikelyDeceased: true } : {}),
      ...(hasVehicle ? { hasVehicle: true } : {}),
    });
    const head = written.file.members[0]!;
    if (dup)
      anomalies.push({
        kind: 'likely_duplicate_person',
        householdIds: [dup.householdId, written.householdId],
        name: dup.person.name,
        birthDate: dup.person.birthDate,
      });
    if (isDeceased) {
      const old = written.file.members.find((m) => m.birthDate === '1912-06-01')!;
      anomalies.push({
        kind: 'likely_deceased_member',
        householdId: written.householdId,
        name: old.name,
        birthDate: old.birthDate,
      });
    }
    if (hasVehicle)
      anomalies.push({
        kind: 'vehicle_owned',
        householdId: written.householdId,
        headName: head.name,
      });
    const step = [written];
    if (i % 2_000 === 1_000 && lastHead) {
      // An older, exited file of a person who now heads an active one: same ID number.
      const exited = planFile(lastHead.county, 'exited', { year, head: lastHead.person });
      anomalies.push({
        kind: 'person_in_exited_file',
        activeHouseholdId: lastHead.householdId,
        exitedHouseholdId: exited.householdId,
        name: lastHead.person.name,
      });
      step.push(exited);
    }
    lastHead = {
      person: {
        name: head.name,
        birthDate: head.birthDate,
        sex: head.sex,
        idNumber: head.idNumber!,
      },
      householdId: written.householdId,
      county,
    };
    yield step;
  }
}
