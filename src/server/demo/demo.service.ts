import { inTransaction, type Db, type Tx } from '../db/database';
import { AppError } from '../../shared/errors';
import { passwordProblems } from '../../shared/auth/password-policy';
import type { OrgNodeType } from '../../shared/orgs/org-node';
import type { Role } from '../../shared/permissions';
import { childRegions, findRegion } from '../../shared/regions/region-code';
import type { AuditSource } from '../audit/audit.service';
import { generatePassword, hashPassword } from '../auth/password';
import { ensureRootNode, getOrgNodeByCode, insertChildNode } from '../orgs/orgs.service';
import { insertUserAudited } from '../users/users.service';
import type { FieldCipher } from '../privacy/field-cipher';
import { demoHouseholdsStep } from './demo-households';
import {
  demoCity,
  demoDistricts,
  demoProvince,
  demoUnions,
  demoUsers,
  type DemoUnion,
} from './demo-city';

/** One node of the demo tree before it exists; `parentCode` null = the province's parent. */
export type PlannedNode = {
  code: string;
  name: string;
  type: OrgNodeType;
  parentCode: string | null;
  regionCode: string | null;
};

export type DemoNode = { id: number; path: string; code: string; name: string; type: OrgNodeType };

/** What the tree step made: later steps hang their data off these nodes and users. */
export type DemoCity = {
  province: DemoNode;
  city: DemoNode;
  /** Every node of the demo by code (the province included). */
  nodes: Map<string, DemoNode>;
  /** Every demo user by user name. */
  users: Map<string, { id: number; nodeId: number; roles: Role[] }>;
  /** Each union's kind (state-owned, private …) by its code. */
  unionKinds: Map<string, DemoUnion['kind']>;
};

/**
 * A later domain's demo data (households, cases, funds …), run after the tree in
 * the same transaction, through that domain's own service functions so that it
 * is audited. Add a step to `demoSteps` below; steps run in order.
 */
export type DemoStep = {
  name: string;
  run(trx: Tx, city: DemoCity, source: AuditSource): Promise<void>;
};

const demoSteps: DemoStep[] = [];

/** Steps that need the field cipher (sensitive values are stored encrypted). */
function stepsWith(cipher: FieldCipher | undefined): DemoStep[] {
  return cipher ? [...demoSteps, demoHouseholdsStep(cipher)] : demoSteps;
}

export type DemoLogin = {
  username: string;
  displayName: string;
  roles: Role[];
  nodeCode: string;
  nodeName: string;
};

export type DemoResult = {
  /** False when the demo city was already there: nothing was changed. */
  isCreated: boolean;
  /** The shared demo password when created now (it is stored only as hashes). */
  password: string | null;
  logins: DemoLogin[];
  /** Nodes created, by type. */
  nodeCounts: Partial<Record<OrgNodeType, number>>;
};

type RootSpec = Parameters<typeof ensureRootNode>[1];

/** The demo tree in creation order (parents before children), from the GB/T 2260 data. */
export function planDemoCity(): PlannedNode[] {
  const plan: PlannedNode[] = [
    { ...demoProvince, type: 'province', parentCode: null },
    {
      code: demoCity.code,
      name: demoCity.name,
      type: 'city',
      parentCode: demoProvince.code,
      regionCode: demoCity.regionCode,
    },
    {
      code: `${demoCity.code}-C`,
      name: demoCity.centreName,
      type: 'service_centre',
      parentCode: demoCity.code,
      regionCode: demoCity.regionCode,
    },
    ...demoCity.centreStations.map((name, i) => ({
      code: `${demoCity.code}-C-Z${i + 1}`,
      name,
      type: 'service_station' as const,
      parentCode: `${demoCity.code}-C`,
      regionCode: null,
    })),
  ];
  const unionNumber = new Map<string | null, number>();
  const addUnions = (district: string | null, parentFor: (u: DemoUnion) => string) => {
    for (const union of demoUnions.filter((u) => u.district === district)) {
      const n = (unionNumber.get(district) ?? 0) + 1;
      unionNumber.set(district, n);
      const prefix = district ? `${demoCity.code}-${district}` : demoCity.code;
      plan.push({
        code: `${prefix}-U${String(n).padStart(3, '0')}`,
        name: union.name,
        type: 'grassroots',
        parentCode: parentFor(union),
        regionCode: null,
      });
    }
  };
  addUnions(null, () => demoCity.code);

  const districts = childRegions(demoCity.regionCode);
  for (const region of districts) {
    const plannedDistrict = demoDistricts[region.code];
    if (!plannedDistrict)
      throw new Error(`the demo data has no streets for ${region.fullName} (${region.code})`);
    const code = `${demoCity.code}-${plannedDistrict.abbr}`;
    plan.push({
      code,
      name: `${region.name}总工会`,
      type: 'county',
      parentCode: demoCity.code,
      regionCode: region.code,
    });
    plan.push({
      code: `${code}-C`,
      name: `${region.name}困难职工帮扶中心`,
      type: 'service_centre',
      parentCode: code,
      regionCode: region.code,
    });
    plan.push({
      code: `${code}-C-Z1`,
      name: `${region.name}户外劳动者爱心驿站`,
      type: 'service_station',
      parentCode: `${code}-C`,
      regionCode: null,
    });
    plannedDistrict.streets.forEach((street, i) => {
      const streetCode = `${code}-S${i + 1}`;
      plan.push({
        code: streetCode,
        name: `${region.name}${street}总工会`,
        type: 'town',
        parentCode: code,
        regionCode: null,
      });
      plan.push({
        code: `${streetCode}-Z1`,
        name: `${street}职工服务站`,
        type: 'service_station',
        parentCode: streetCode,
        regionCode: null,
      });
    });
    addUnions(plannedDistrict.abbr, (u) => (u.street ? `${code}-S${u.street}` : code));
  }
  return plan;
}

/** Where each demo user sits: a node code, or a union's name resolved to its code. */
function demoUserNode(plan: PlannedNode[], at: string): PlannedNode {
  const node = plan.find((p) => p.code === at || p.name === at);
  if (!node) throw new Error(`demo user node ${at} is not in the demo tree`);
  return node;
}

function demoLogins(plan: PlannedNode[]): DemoLogin[] {
  return demoUsers.map((u) => {
    const node = demoUserNode(plan, u.at);
    return {
      username: u.username,
      displayName: u.displayName,
      roles: u.roles,
      nodeCode: node.code,
      nodeName: node.name,
    };
  });
}

async function findNodeByCode(db: Db, code: string) {
  try {
    return await getOrgNodeByCode(db, '/', code);
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}

/**
 * Loads the demo city (南京市, see demo-city.ts) into the database: the union
 * tree, users of every role with one shared password, then every later domain's
 * demo step — all in one transaction, through the service functions, so each
 * node and user has its audit record. Idempotent: when the city's code is
 * already there it changes nothing and returns `isCreated: false`.
 *
 * Demo users do not have to change the password at first login, so that the
 * demo can be used at once.
 */
export async function loadDemoCity(
  db: Db,
  options: {
    root: RootSpec;
    password?: string | undefined;
    source?: AuditSource;
    /** Encrypts the demo households' sensitive values; without it no households are made. */
    cipher?: FieldCipher;
  },
): Promise<DemoResult> {
  const plan = planDemoCity();
  const logins = demoLogins(plan);
  if (await findNodeByCode(db, demoCity.code))
    return { isCreated: false, password: null, logins, nodeCounts: {} };

  const password = options.password ?? generatePassword();
  for (const u of demoUsers) {
    const problems = passwordProblems(password, u.username);
    if (problems.length)
      throw new AppError(
        'VALIDATION',
        `password: needs ${problems.join('; ')} (for ${u.username})`,
      );
  }
  // One hash for all: they share the password anyway, and scrypt is slow by design
  // (about a third of a second each). Hashed before the transaction opens.
  const passwordHash = await hashPassword(password);
  const source = options.source ?? { actor: null, requestId: 'demo-data' };
  const root = await ensureRootNode(db, options.root);

  const created = await inTransaction(db, async (trx) => {
    if (await findNodeByCode(trx, demoCity.code)) return null; // loaded meanwhile
    const nodes = new Map<string, DemoNode>();
    const nodeCounts: DemoResult['nodeCounts'] = {};
    const province = await findOrUseProvince(trx, root.code);
    if (province) nodes.set(demoProvince.code, province);
    for (const planned of plan) {
      if (nodes.has(planned.code)) continue;
      const parent = planned.parentCode === null ? root : nodes.get(planned.parentCode);
      if (!parent) throw new Error(`demo node ${planned.code} comes before its parent`);
      const row = await insertChildNode(trx, '/', source, {
        parentId: parent.id,
        code: planned.code,
        name: planned.name,
        type: planned.type,
        regionCode: planned.regionCode,
      });
      nodes.set(planned.code, toDemoNode(row));
      nodeCounts[planned.type] = (nodeCounts[planned.type] ?? 0) + 1;
    }
    const users: DemoCity['users'] = new Map();
    for (const u of demoUsers) {
      const node = nodes.get(demoUserNode(plan, u.at).code)!;
      const id = await insertUserAudited(trx, source, {
        username: u.username,
        displayName: u.displayName,
        phone: null,
        nodeId: node.id,
        roles: u.roles,
        passwordHash,
        mustChangePassword: false,
      });
      users.set(u.username, { id, nodeId: node.id, roles: u.roles });
    }
    const unionKinds = new Map<string, DemoUnion['kind']>();
    for (const union of demoUnions) {
      const node = plan.find((p) => p.name === union.name && p.type === 'grassroots')!;
      unionKinds.set(node.code, union.kind);
    }
    const city: DemoCity = {
      province: nodes.get(demoProvince.code)!,
      city: nodes.get(demoCity.code)!,
      nodes,
      users,
      unionKinds,
    };
    for (const step of stepsWith(options.cipher)) await step.run(trx, city, source);
    return { nodeCounts };
  });
  if (!created) return { isCreated: false, password: null, logins, nodeCounts: {} };
  return { isCreated: true, password, logins, nodeCounts: created.nodeCounts };
}

/**
 * The demo province: an existing 江苏省总工会 with the demo code, or the root
 * itself when the installation's root is Jiangsu; undefined = create it.
 */
async function findOrUseProvince(trx: Tx, rootCode: string): Promise<DemoNode | undefined> {
  const root = await getOrgNodeByCode(trx, '/', rootCode);
  if (root.type === 'province' && root.region_code === demoProvince.regionCode)
    return toDemoNode(root);
  if (root.type !== 'national')
    throw new AppError(
      'INVALID_STATE',
      `the demo city needs a national root or the root of ${findRegion(demoProvince.regionCode)?.name}; this root is ${root.name} (${root.type})`,
    );
  const existing = await findNodeByCode(trx, demoProvince.code);
  if (!existing) return undefined;
  if (existing.type !== 'province' || existing.region_code !== demoProvince.regionCode)
    throw new AppError(
      'CONFLICT',
      `code ${demoProvince.code} is taken by ${existing.name}, which is not ${demoProvince.name}`,
    );
  return toDemoNode(existing);
}

function toDemoNode(row: { id: number; path: string; code: string; name: string; type: string }) {
  return {
    id: row.id,
    path: row.path,
    code: row.code,
    name: row.name,
    type: row.type as OrgNodeType,
  };
}
