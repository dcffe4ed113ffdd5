import ExcelJS from 'exceljs';
import type { Role } from '../../shared/permissions';
import { buildNode, buildUser, testCipher, type TestApp, type TestNode } from './test-app';
import { householdInput, idNumberFor } from './household-fixtures';
import { getDefaultPolicyVersion } from '../../shared/households/policy';
import { signIn, type Reply, type Upload } from './clients';
import { createWorldImport, importCsvUpload } from '../imports/import-fixtures';
import { createWorldRegistryRound, worldDibaoExtract } from '../registry/registry-fixtures';
import { emptyArchive } from '../exchange/exchange-fixtures';
import { inTransaction } from '../db/database';
import { registerDirectly } from '../cases/cases.service';

/**
 * What the authorization test needs to visit every route: two sibling counties,
 * county A's records carrying marker strings, and for each route a valid request
 * aimed at county A's records. A route missing from `routeFixtures` fails the test.
 */

/** Strings found only in county A's names, codes and user names. */
export const countyAMarkers = ['甲县', 'ZQXA-', 'zqxa.'] as const;

export function findMarker(text: string): string | undefined {
  return countyAMarkers.find((m) => text.includes(m));
}

/** Kinds of record a route's :param can name. Add a kind when a route names a new one. */
export type RecordKind =
  | 'job'
  | 'org_node'
  | 'user'
  | 'policy_rate'
  | 'household'
  | 'household_assessment'
  | 'household_document'
  | 'review_round'
  | 'review_task'
  | 'worker_card'
  | 'notice_batch'
  | 'notice_objection'
  | 'notice_household'
  // A region named by its GB/T 2260 code (policy data: read by all, changed by the region's governors).
  | 'region'
  // Not a :param: the number of county A's card, for the lookup by number.
  | 'worker_card_no'
  // A county-A temporary-relief file, its transfer to the station, union A's report up.
  | 'temporary_household'
  | 'household_transfer'
  | 'report_submission'
  // Not :params: an exited county-A file, its follow-up due and its open relapse flag.
  | 'exited_household'
  | 'follow_up'
  | 'relapse_flag'
  // National data named by code (no county owns it): dictionaries and policy versions.
  | 'dictionary'
  | 'dictionary_item'
  | 'policy_version'
  | 'import'
  // County A's registry matching round and its open finding on the world's household.
  | 'registry_round'
  | 'registry_finding';

type WorldUser = { id: number; username: string };

export type World = {
  province: TestNode;
  city: TestNode;
  countyA: TestNode;
  unionA: TestNode;
  stationA: TestNode;
  countyB: TestNode;
  unionB: TestNode;
  adminA: WorldUser;
  workerA: WorldUser;
  adminB: WorldUser;
  workerB: WorldUser;
  /** A county-A record of each kind: what a route's :param is filled with. */
  records: Record<RecordKind, number | string>;
};

/**
 * Under one city: county A (玄武区, every name and code marked) with a union,
 * a station and two users; county B (秦淮区) with a union and two users.
 */
export async function buildWorld(t: TestApp): Promise<World> {
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city', name: '南京市总工会' });
  const countyA = await buildNode(t.db, city, {
    type: 'county',
    name: '甲县玄武区总工会',
    code: 'ZQXA-XW',
    regionCode: '320102',
  });
  const unionA = await buildNode(t.db, countyA, { name: '甲县机械厂工会', code: 'ZQXA-U1' });
  const stationA = await buildNode(t.db, unionA, {
    type: 'service_station',
    name: '甲县职工服务站',
    code: 'ZQXA-S1',
  });
  const countyB = await buildNode(t.db, city, {
    type: 'county',
    name: '秦淮区总工会',
    regionCode: '320104',
  });
  const unionB = await buildNode(t.db, countyB, { name: '秦淮纺织厂工会' });
  const user = async (node: { id: number }, username: string, roles: Role[], name: string) => ({
    id: (await buildUser(t.db, node, { username, roles, displayName: name })).id,
    username,
  });
  const adminA = await user(countyA, 'zqxa.admin', ['federation_admin', 'auditor'], '甲县管理员');
  const workerA = await user(stationA, 'zqxa.worker', ['case_worker'], '甲县经办人');
  const adminB = await user(
    countyB,
    'qinhuai.admin',
    ['federation_admin', 'auditor'],
    '秦淮管理员',
  );
  const workerB = await user(unionB, 'qinhuai.worker', ['case_worker'], '秦淮经办人');
  // County A's own 低保 line: only a node governing 320102 may change it.
  const rate = await t.db
    .insertInto('policy_rates')
    .values({
      kind: 'dibao',
      region_code: '320102',
      monthly_fen: 110_000,
      effective_from: '2024-01-01',
      effective_to: null,
      note: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('policy_rates')
    .values({
      kind: 'minimum_wage',
      region_code: '320100',
      monthly_fen: 249_000,
      effective_from: '2024-01-01',
      effective_to: null,
      note: null,
    })
    .execute();
  // A household file kept by union A, its head's name marked.
  const household = await createWorldHousehold(t, adminA.username, unionA.id);
  // A finished re-assessment job of county A (its node's name is marked).
  const job = await t.db
    .insertInto('jobs')
    .values({
      kind: 'reassess',
      status: 'done',
      node_id: countyA.id,
      node_path: countyA.path,
      params: JSON.stringify({ kind: 'dibao', regionCode: '320102', regionCodes: ['320102'] }),
      progress_total: 1,
      progress_done: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const documentId = await createWorldDocument(t, adminA.username, household.id);
  // A second county-A file with the same phone, bank account and child: likely duplicates.
  const twin = householdInput(unionA.id, { headSeq: 151, childSeq: 252 });
  twin.members[0]!.name = '甲县李建华';
  const twinRes = await (await t.login(adminA.username)).post('/api/households', twin);
  if (twinRes.status !== 201) throw new Error(`world twin: ${twinRes.status} ${twinRes.text}`);
  const card = await createWorldCard(t, adminA.username, unionA.id);
  const notice = await createWorldNotice(t, adminA.username, workerA.username, stationA.id);
  const review = await createWorldReviewRound(t, countyA, household.id);
  const exits = await createWorldExits(t, adminA.username, unionA.id);
  const moves = await createWorldMoves(t, adminA.username, unionA.id, stationA.code);
  // A checked household import of county A (its node's name is marked).
  const importId = await createWorldImport(t.db, countyA, adminA.id);
  const registry = await createWorldRegistryRound(t, adminA.username, countyA.id);
  return {
    province,
    city,
    countyA,
    unionA,
    stationA,
    countyB,
    unionB,
    adminA,
    workerA,
    adminB,
    workerB,
    records: {
      import: importId,
      registry_round: registry.roundId,
      registry_finding: registry.findingId,
      org_node: unionA.id,
      user: workerA.id,
      policy_rate: rate.id,
      household: household.id,
      household_assessment: household.assessmentId,
      job: job.id,
      household_document: documentId,
      dictionary: 'housing_type',
      dictionary_item: 'rented',
      policy_version: 'national-2019',
      review_round: review.roundId,
      review_task: review.taskId,
      worker_card: card.id,
      worker_card_no: card.cardNo,
      notice_batch: notice.batchId,
      notice_objection: notice.objectionId,
      notice_household: notice.householdId,
      region: '320102',
      exited_household: exits.exitedId,
      follow_up: exits.followUpId,
      relapse_flag: exits.flagId,
      temporary_household: moves.temporaryId,
      household_transfer: moves.transferId,
      report_submission: moves.submissionId,
    },
  };
}

async function createWorldHousehold(t: TestApp, username: string, nodeId: number) {
  const session = await t.login(username);
  const input = householdInput(nodeId);
  input.members[0]!.name = '甲县张建国';
  const res = await session.post('/api/households', input);
  if (res.status !== 201) throw new Error(`world household: ${res.status} ${res.text}`);
  // Its registration waits for the county's approval: in county A's administrator's inbox.
  await t.db
    .updateTable('households')
    .set({ case_status: 'in_review', case_step: 'approval' })
    .where('id', '=', res.body.id)
    .execute();
  return { id: res.body.id as number, assessmentId: res.body.assessment.id as number };
}

/** A registered county-A file and the worker card of its head (职工卡). */
async function createWorldCard(t: TestApp, username: string, nodeId: number) {
  const input = householdInput(nodeId, { headSeq: 161, childSeq: 262 });
  input.members[0]!.name = '甲县王持卡';
  const res = await (await t.login(username)).post('/api/households', input);
  if (res.status !== 201) throw new Error(`world card file: ${res.status} ${res.text}`);
  await inTransaction(t.db, (trx) =>
    registerDirectly(trx, { actor: null }, res.body.id, '历史档案'),
  );
  return t.db
    .selectFrom('worker_cards')
    .select(['id', 'card_no as cardNo'])
    .where('household_id', '=', res.body.id)
    .executeTakeFirstOrThrow();
}

/** An open annual review round of county A (its name marked) with a task for the file. */
async function createWorldReviewRound(t: TestApp, countyA: TestNode, householdId: number) {
  const round = await t.db
    .insertInto('review_rounds')
    .values({
      node_id: countyA.id,
      node_path: countyA.path,
      name: '甲县2026年度复核',
      period_start: '2026-01-01',
      period_end: '2026-12-31',
      sample_share: 0.3,
      sample_seed: 'world',
      task_count: 1,
      sample_count: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const task = await t.db
    .insertInto('review_tasks')
    .values({
      round_id: round.id,
      household_id: householdId,
      in_sample: true,
      sample_rank: '0',
      needs_reapplication: false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { roundId: round.id, taskId: task.id };
}

/**
 * Two more county-A files (heads' names marked): one registered with a verified
 * exit waiting for the county's decision, one exited with an overdue follow-up
 * and an open relapse flag.
 */
async function createWorldExits(t: TestApp, username: string, nodeId: number) {
  const session = await t.login(username);
  const ids: number[] = [];
  for (const [name, headSeq, childSeq] of [
    ['甲县王秀英', 521, 622],
    ['甲县赵德明', 531, 632],
  ] as const) {
    const input = householdInput(nodeId, { headSeq, childSeq });
    input.members[0]!.name = name;
    const res = await session.post('/api/households', input);
    if (res.status !== 201) throw new Error(`world exit file: ${res.status} ${res.text}`);
    ids.push(res.body.id as number);
  }
  const [proposedId, exitedId] = ids as [number, number];
  await t.db
    .updateTable('households')
    .set({ case_status: 'registered', case_step: 'approval' })
    .where('id', 'in', ids)
    .execute();
  await t.db
    .updateTable('households')
    .set({ status: 'exited', exit_kind: 'out_of_hardship', exited_at: new Date() })
    .where('id', '=', exitedId)
    .execute();
  await t.db
    .insertInto('household_exits')
    .values({
      household_id: proposedId,
      kind: 'cancelled',
      reason_code: 'retirement',
      reason: '甲县户主退休',
      evidence: JSON.stringify({ documents: [] }),
      status: 'verified',
      version: 1,
    })
    .execute();
  const approved = await t.db
    .insertInto('household_exits')
    .values({
      household_id: exitedId,
      kind: 'out_of_hardship',
      reason_code: 'income_above_line',
      reason: '甲县连续六个月收入高于低保',
      evidence: JSON.stringify({ documents: [] }),
      status: 'approved',
      effective_on: '2025-12-01',
      version: 2,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const followUp = await t.db
    .insertInto('household_follow_ups')
    .values({ household_id: exitedId, exit_id: approved.id, kind: 'call', due_on: '2026-01-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const flag = await t.db
    .insertInto('relapse_flags')
    .values({ household_id: exitedId, signal: 'lost_job', detected_on: '2026-01-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { exitedId, followUpId: followUp.id, flagId: flag.id };
}

/**
 * 公示: a station file at review_notice on a notice of the station (its title
 * carries the station's marked name), with one objection about it.
 */
async function createWorldNotice(t: TestApp, admin: string, worker: string, nodeId: number) {
  const input = householdInput(nodeId, { headSeq: 171, childSeq: 272 });
  input.members[0]!.name = '甲县陈公示';
  const res = await (await t.login(admin)).post('/api/households', input);
  if (res.status !== 201) throw new Error(`world notice file: ${res.status} ${res.text}`);
  const householdId = res.body.id as number;
  await t.db
    .updateTable('households')
    .set({ case_status: 'in_review', case_step: 'review_notice' })
    .where('id', '=', householdId)
    .execute();
  const session = await t.login(worker);
  const batch = await session.post('/api/notice-batches', {
    nodeId,
    householdIds: [householdId],
    contactPhone: '025-84561234',
  });
  if (batch.status !== 201) throw new Error(`world notice: ${batch.status} ${batch.text}`);
  const objection = await session.post(`/api/notice-batches/${batch.body.id}/objections`, {
    householdId,
    receivedOn: batch.body.startsOn,
    channel: 'phone',
    content: '甲县群众来电反映情况',
  });
  if (objection.status !== 201)
    throw new Error(`world objection: ${objection.status} ${objection.text}`);
  return {
    householdId,
    batchId: batch.body.id as number,
    objectionId: objection.body.objections[0].id as number,
  };
}

/**
 * A temporary-relief file of union A (head's name marked) on its way to the
 * station (requested), and union A's first report up (its node name marked).
 */
async function createWorldMoves(t: TestApp, username: string, nodeId: number, toCode: string) {
  const session = await t.login(username);
  const input = householdInput(nodeId, { headSeq: 181, childSeq: 282 });
  input.members[0]!.name = '甲县临时户';
  const file = await session.post('/api/households/temporary', {
    file: input,
    temporary: { reason: '甲县突发火灾', until: '2099-12-31' },
  });
  if (file.status !== 201) throw new Error(`world temporary: ${file.status} ${file.text}`);
  const transfer = await session.post(`/api/households/${file.body.id}/transfers`, {
    toNodeCode: toCode,
    reason: 'worker_moved',
    note: null,
  });
  if (transfer.status !== 201)
    throw new Error(`world transfer: ${transfer.status} ${transfer.text}`);
  const report = await session.post('/api/reports', { nodeId, note: '甲县月度上报' });
  if (report.status !== 201) throw new Error(`world report: ${report.status} ${report.text}`);
  return {
    temporaryId: file.body.id as number,
    transferId: transfer.body.id as number,
    submissionId: report.body.id as number,
  };
}

/** A PDF of the bytes' own, in the test app's document store. */
export const worldDocument: Upload = {
  fileName: '甲县身份证.pdf',
  data: Buffer.from('%PDF-1.4\n% county A ID card\n%%EOF\n', 'latin1'),
  contentType: 'application/pdf',
};

async function createWorldDocument(t: TestApp, username: string, householdId: number) {
  const client = await signIn(t, username);
  const res = await client.send('POST', `/api/households/${householdId}/documents`, {
    query: { docType: 'id_card' },
    upload: worldDocument,
  });
  if (res.status !== 201) throw new Error(`world document: ${res.status} ${res.text}`);
  return res.body.id as number;
}

/**
 * One request to a route and what a user of the sibling county B must get:
 * - refused: 403 or 404 (the record or the node it names lies in county A)
 * - filtered: 2xx, with none of county A's marker strings in the answer
 * - unscoped: the route touches no county data; still no marker in the answer
 * - as-if-absent: exactly the answer given for a code that does not exist at all
 */
export type Probe = {
  /** Overrides of the URL's :params (default: county A's record of the declared kind). */
  params?: Record<string, number | string>;
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  upload?: Upload;
  expect: 'refused' | 'filtered' | 'unscoped' | 'as-if-absent';
  /** as-if-absent: the same request naming a code that does not exist, and the two codes. */
  absent?: { upload: Upload; swap: [real: string, absent: string] };
  /** How to read the answer when it is not JSON (a spreadsheet). */
  read?: (res: Reply) => Promise<string>;
};

export type RouteFixture = {
  /** What each :param of the URL names. */
  params?: Record<string, RecordKind>;
  /** Valid requests aimed at county A; the first is also used by the 401/403/CSRF sweeps. */
  probes: (w: World) => Probe[] | Promise<Probe[]>;
  /** The route ends the caller's session (logout): each visit signs in afresh. */
  endsSession?: boolean;
};

/** Every cell of every sheet, as text. */
export async function xlsxText(res: Reply): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.raw as unknown as ArrayBuffer);
  const parts: string[] = [];
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        parts.push(cell.text);
      }),
    ),
  );
  return parts.join('\n');
}

/** An import workbook: the template's four required columns, then these rows. */
export async function importWorkbook(rows: string[][]): Promise<Upload> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('组织机构');
  ws.addRow(['组织编码', '组织名称', '组织类型', '上级组织编码']);
  for (const row of rows) ws.addRow(row);
  return { fileName: 'import.xlsx', data: Buffer.from(await wb.xlsx.writeBuffer()) };
}

/** An import sheet of one grassroots union under `parentCode`. */
export function importSheet(parentCode: string, code = 'IMP-0001'): Promise<Upload> {
  return importWorkbook([[code, '导入测试工会', '基层工会', parentCode]]);
}

const strongPassword = 'Valid-Passw0rd-2026';

export const routeFixtures: Record<string, RouteFixture> = {
  'GET /api/health': { probes: (): Probe[] => [{ expect: 'unscoped' }] },
  'GET /api/system/info': { probes: (): Probe[] => [{ expect: 'unscoped' }] },
  'POST /api/system/backup': { probes: (): Probe[] => [{ expect: 'unscoped' }] },

  'POST /api/auth/login': {
    probes: (): Probe[] => [
      { body: { username: 'nobody.here', password: 'Wrong-passw0rd' }, expect: 'unscoped' },
    ],
  },
  'POST /api/auth/logout': { probes: (): Probe[] => [{ expect: 'unscoped' }], endsSession: true },
  'GET /api/auth/me': { probes: (): Probe[] => [{ expect: 'unscoped' }] },
  'POST /api/auth/password': {
    // A wrong current password: the route is visited without changing anyone's password.
    probes: (): Probe[] => [
      {
        body: { currentPassword: 'Not-the-passw0rd', newPassword: 'Another-Passw0rd!' },
        expect: 'unscoped',
      },
    ],
  },

  'GET /api/orgs/root': { probes: (): Probe[] => [{ expect: 'filtered' }] },
  'GET /api/orgs/search': {
    probes: (): Probe[] => [
      { query: { q: 'ZQXA' }, expect: 'filtered' },
      { query: { q: '甲县' }, expect: 'filtered' },
      { query: { q: '320102' }, expect: 'filtered' },
    ],
  },
  'GET /api/orgs/:id': {
    params: { id: 'org_node' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'GET /api/orgs/:id/children': {
    params: { id: 'org_node' },
    probes: (): Probe[] => [
      { expect: 'refused' },
      { query: { includeInactive: 'true' }, expect: 'refused' },
    ],
  },
  'GET /api/orgs/:id/figures': {
    params: { id: 'org_node' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'POST /api/orgs': {
    probes: (w): Probe[] => [
      {
        body: { parentId: w.countyA.id, type: 'grassroots', name: '新建工会', code: 'NEW-0001' },
        expect: 'refused',
      },
    ],
  },
  'PATCH /api/orgs/:id': {
    params: { id: 'org_node' },
    probes: (): Probe[] => [{ body: { name: '改名工会', version: 0 }, expect: 'refused' }],
  },
  'POST /api/orgs/:id/move': {
    params: { id: 'org_node' },
    probes: (w): Probe[] => [
      // County A's node into county B, and county B's own node into county A.
      { body: { newParentId: w.countyB.id, version: 0 }, expect: 'refused' },
      {
        params: { id: w.unionB.id },
        body: { newParentId: w.countyA.id, version: 0 },
        expect: 'refused',
      },
    ],
  },
  'POST /api/orgs/:id/active': {
    params: { id: 'org_node' },
    probes: (): Probe[] => [{ body: { isActive: false, version: 0 }, expect: 'refused' }],
  },
  'GET /api/orgs/import-template': {
    probes: (): Probe[] => [{ expect: 'filtered', read: xlsxText }],
  },
  'POST /api/orgs/import': {
    probes: async (w) => {
      const real = await importSheet(w.countyA.code);
      const absent = await importSheet('NOPE-0404');
      const swap: [string, string] = [w.countyA.code, 'NOPE-0404'];
      return [
        {
          query: { mode: 'validate' },
          upload: real,
          expect: 'as-if-absent',
          absent: { upload: absent, swap },
        },
        {
          query: { mode: 'commit' },
          upload: real,
          expect: 'as-if-absent',
          absent: { upload: absent, swap },
        },
      ];
    },
  },
  'GET /api/regions': {
    probes: (): Probe[] => [{ query: { parent: '320100' }, expect: 'unscoped' }],
  },

  'GET /api/users': {
    probes: (w): Probe[] => [
      { expect: 'filtered' },
      { query: { q: 'zqxa' }, expect: 'filtered' },
      { query: { role: 'case_worker' }, expect: 'filtered' },
      { query: { nodeId: w.countyA.id }, expect: 'refused' },
    ],
  },
  'GET /api/users/:id': { params: { id: 'user' }, probes: (): Probe[] => [{ expect: 'refused' }] },
  'POST /api/users': {
    probes: (w): Probe[] => [
      {
        // Roles the county-B administrator holds, so only the node's scope can refuse it.
        body: {
          username: 'new.user',
          displayName: '新用户',
          nodeId: w.countyA.id,
          roles: ['auditor'],
          password: strongPassword,
        },
        expect: 'refused',
      },
    ],
  },
  'PATCH /api/users/:id': {
    params: { id: 'user' },
    probes: (w): Probe[] => [
      { body: { displayName: '改名用户', version: 0 }, expect: 'refused' },
      // County B's own user moved into county A.
      {
        params: { id: w.workerB.id },
        body: { nodeId: w.unionA.id, version: 0 },
        expect: 'refused',
      },
    ],
  },
  'POST /api/users/:id/reset-password': {
    params: { id: 'user' },
    probes: (): Probe[] => [{ body: { password: strongPassword }, expect: 'refused' }],
  },
  'POST /api/users/:id/unlock': {
    params: { id: 'user' },
    probes: (): Probe[] => [{ body: {}, expect: 'refused' }],
  },

  'GET /api/audit': {
    probes: (w): Probe[] => [
      { expect: 'filtered' },
      { query: { nodeId: w.countyA.id }, expect: 'filtered' },
      { query: { userId: w.adminA.id }, expect: 'filtered' },
      { query: { entityType: 'user', entityId: w.workerA.id }, expect: 'filtered' },
      { query: { entityType: 'org_node', entityId: w.unionA.id }, expect: 'filtered' },
    ],
  },

  // Policy data is the same for everyone: read unscoped, changed only inside one's region.
  'GET /api/policy/rates': {
    probes: (): Probe[] => [
      { expect: 'unscoped' },
      { query: { kind: 'dibao', regionCode: '3201' }, expect: 'unscoped' },
    ],
  },
  'POST /api/policy/rates': {
    probes: (): Probe[] => [
      {
        body: {
          kind: 'minimum_wage',
          regionCode: '320102',
          monthlyFen: 249_000,
          effectiveFrom: '2025-01-01',
        },
        expect: 'refused',
      },
    ],
  },
  'PATCH /api/policy/rates/:id': {
    params: { id: 'policy_rate' },
    probes: (): Probe[] => [{ body: { monthlyFen: 120_000, version: 0 }, expect: 'refused' }],
  },
  'GET /api/policy/versions': { probes: (): Probe[] => [{ expect: 'unscoped' }] },
  // Policy versions are national: only a root-node user creates or changes them.
  'POST /api/policy/versions': {
    probes: (): Probe[] => [
      {
        body: {
          ...getDefaultPolicyVersion('national-2019'),
          id: 'probe-2095',
          effectiveFrom: '2095-01-01',
        },
        expect: 'refused',
      },
    ],
  },
  'PUT /api/policy/versions/:id': {
    params: { id: 'policy_version' },
    // The root administrator gets past scope to INVALID_STATE: the version is in force.
    probes: (): Probe[] => [
      {
        body: { version: 0, definition: getDefaultPolicyVersion('national-2019') },
        expect: 'refused',
      },
    ],
  },
  // Impact preview: county B may not propose a line for county A, nor see its files.
  'POST /api/policy/impact': {
    probes: (): Probe[] => [{ body: impactProbe, expect: 'refused' }],
  },
  'GET /api/policy/impact/export': {
    probes: (): Probe[] => [{ query: impactProbe, expect: 'refused', read: xlsxText }],
  },
  'POST /api/policy/impact/apply': {
    probes: (): Probe[] => [{ body: impactProbe, expect: 'refused' }],
  },
  'GET /api/jobs': { probes: (): Probe[] => [{ expect: 'filtered' }] },
  'GET /api/jobs/:id': { params: { id: 'job' }, probes: (): Probe[] => [{ expect: 'refused' }] },
  'POST /api/jobs/:id/cancel': {
    params: { id: 'job' },
    // The root administrator gets past scope to INVALID_STATE: the job is done.
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'GET /api/imports/template': {
    probes: (): Probe[] => [{ expect: 'unscoped', read: xlsxText }],
  },
  'GET /api/imports': { probes: (): Probe[] => [{ expect: 'filtered' }] },
  'POST /api/imports': {
    probes: (w): Probe[] => [
      { query: { nodeId: w.countyA.id }, upload: importCsvUpload(151), expect: 'refused' },
    ],
  },
  'GET /api/imports/:id': {
    params: { id: 'import' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'GET /api/imports/:id/error-report': {
    params: { id: 'import' },
    probes: (): Probe[] => [{ expect: 'refused', read: xlsxText }],
  },
  'POST /api/imports/:id/commit': {
    params: { id: 'import' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'POST /api/imports/:id/cancel': {
    params: { id: 'import' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  // Registry matching (数据比对): county B sees none of county A's rounds or findings.
  'GET /api/registry/rounds': { probes: (): Probe[] => [{ expect: 'filtered' }] },
  'POST /api/registry/rounds': {
    probes: (w): Probe[] => [
      {
        query: { kind: 'dibao', nodeId: w.countyA.id },
        upload: worldDibaoExtract(),
        expect: 'refused',
      },
    ],
  },
  'GET /api/registry/rounds/:id': {
    params: { id: 'registry_round' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'GET /api/registry/rounds/:id/rejected-rows': {
    params: { id: 'registry_round' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'GET /api/registry/findings': {
    probes: (w): Probe[] => [
      { expect: 'filtered' },
      { query: { roundId: w.records.registry_round }, expect: 'filtered' },
    ],
  },
  'POST /api/registry/findings/:id/confirm': {
    params: { id: 'registry_finding' },
    probes: (): Probe[] => [{ body: { version: 0 }, expect: 'refused' }],
  },
  'POST /api/registry/findings/:id/dismiss': {
    params: { id: 'registry_finding' },
    probes: (): Probe[] => [{ body: { version: 0, reason: '不是本人' }, expect: 'refused' }],
  },
  'GET /api/households/:id/registry': {
    params: { id: 'household' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  // The household archive exchange file: county B neither exports nor imports under county A.
  'GET /api/exchange/archive': {
    probes: (w): Probe[] => [{ query: { nodeId: w.countyA.id }, expect: 'refused' }],
  },
  'POST /api/exchange/archive': {
    probes: (w): Probe[] => [
      { query: { nodeId: w.countyA.id }, upload: emptyArchive(), expect: 'refused' },
    ],
  },
  // Export in the import template's format: county B exports neither county A's subtree nor its file.
  'GET /api/households/template-export': {
    probes: (w): Probe[] => [{ query: { nodeId: w.countyA.id }, expect: 'refused' }],
  },
  'GET /api/households/:id/template-export': {
    params: { id: 'household' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'POST /api/assessments/preview': {
    probes: (): Probe[] => [{ body: previewRequest, expect: 'unscoped' }],
  },

  // The registration case of county A's household.
  'GET /api/households/:id/case': {
    params: { id: 'household' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'POST /api/households/:id/case/actions': {
    params: { id: 'household' },
    probes: (): Probe[] => [
      {
        body: { action: 'submit', expected: { status: 'draft', step: 'application' } },
        expect: 'refused',
      },
      {
        body: { action: 'withdraw', expected: { status: 'draft', step: 'application' } },
        expect: 'refused',
      },
    ],
  },
  'GET /api/inbox': { probes: (): Probe[] => [{ expect: 'filtered' }] },

  // Temporary-relief files, transfers and reporting up (docs/transfers-and-reporting.md).
  'POST /api/households/temporary': {
    probes: (w): Probe[] => [
      {
        body: {
          file: householdInput(w.unionA.id, { headSeq: 191, childSeq: 292 }),
          temporary: { reason: '突发疾病', until: '2099-12-31' },
        },
        expect: 'refused',
      },
    ],
  },
  'POST /api/households/:id/temporary/convert': {
    params: { id: 'temporary_household' },
    probes: (): Probe[] => [{ body: { version: 0 }, expect: 'refused' }],
  },
  'POST /api/households/:id/temporary/close': {
    params: { id: 'temporary_household' },
    probes: (): Probe[] => [{ body: { version: 0, reason: '救助期满' }, expect: 'refused' }],
  },
  'GET /api/transfers/target-node': {
    // Deliberately unscoped: the receiving union gives its code. County B's own code here.
    probes: (w): Probe[] => [{ query: { code: w.countyB.code }, expect: 'unscoped' }],
  },
  'GET /api/transfers': {
    probes: (): Probe[] => [
      { query: { direction: 'outgoing', status: 'all' }, expect: 'filtered' },
      { query: { direction: 'incoming', status: 'all' }, expect: 'filtered' },
    ],
  },
  'GET /api/transfers/:id': {
    params: { id: 'household_transfer' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'POST /api/transfers/:id/actions': {
    params: { id: 'household_transfer' },
    probes: (): Probe[] => [{ body: { action: 'release', version: 0 }, expect: 'refused' }],
  },
  'GET /api/households/:id/transfers': {
    params: { id: 'temporary_household' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'POST /api/households/:id/transfers': {
    params: { id: 'household' },
    probes: (w): Probe[] => [
      { body: { toNodeCode: w.countyB.code, reason: 'employer_closed' }, expect: 'refused' },
    ],
  },
  'GET /api/reports/pending': {
    probes: (w): Probe[] => [
      { expect: 'filtered' },
      { query: { nodeId: w.unionA.id }, expect: 'refused' },
    ],
  },
  'POST /api/reports': {
    probes: (w): Probe[] => [{ body: { nodeId: w.countyA.id }, expect: 'refused' }],
  },
  'GET /api/reports': {
    probes: (w): Probe[] => [
      { expect: 'filtered' },
      { query: { nodeId: w.unionA.id }, expect: 'refused' },
    ],
  },
  'GET /api/reports/:id': {
    params: { id: 'report_submission' },
    probes: (): Probe[] => [{ expect: 'refused' }, { query: { change: 'new' }, expect: 'refused' }],
  },
  'GET /api/reports/:id/export': {
    params: { id: 'report_submission' },
    probes: (): Probe[] => [{ expect: 'refused', read: xlsxText }],
  },

  // Exits, monthly incomes, follow-ups and the relapse watch of county A's household.
  'GET /api/households/:id/monthly-incomes': {
    params: { id: 'household' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'PUT /api/households/:id/monthly-incomes': {
    params: { id: 'household' },
    probes: (): Probe[] => [
      {
        body: { records: [{ month: '2026-01', incomeFen: 100_000, memberCount: 2 }] },
        expect: 'refused',
      },
    ],
  },
  'GET /api/households/:id/exits': {
    params: { id: 'household' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'POST /api/households/:id/exits': {
    params: { id: 'household' },
    probes: (): Probe[] => [
      { body: { kind: 'cancelled', reasonCode: 'death', reason: '户主去世' }, expect: 'refused' },
    ],
  },
  'POST /api/households/:id/exits/actions': {
    params: { id: 'household' },
    probes: (): Probe[] => [
      { body: { action: 'approve', expectedVersion: 1 }, expect: 'refused' },
      {
        body: {
          action: 'verify',
          expectedVersion: 0,
          verification: {
            date: '2026-11-20',
            method: 'phone',
            toldWho: '户主',
            findings: '已告知',
          },
        },
        expect: 'refused',
      },
    ],
  },
  'GET /api/exits': { probes: (): Probe[] => [{ expect: 'filtered' }] },
  'GET /api/households/:id/after-exit': {
    params: { id: 'household' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'POST /api/households/:id/follow-ups': {
    params: { id: 'household' },
    probes: (w): Probe[] => [
      {
        params: { id: w.records.exited_household },
        body: { followUpId: w.records.follow_up, doneOn: '2026-11-20', findings: '情况稳定' },
        expect: 'refused',
      },
    ],
  },
  'GET /api/follow-ups': { probes: (): Probe[] => [{ expect: 'filtered' }] },
  'GET /api/relapse-flags': { probes: (): Probe[] => [{ expect: 'filtered' }] },
  'POST /api/households/:id/relapse-flags/dismiss': {
    params: { id: 'household' },
    probes: (w): Probe[] => [
      {
        params: { id: w.records.exited_household },
        body: { flagId: w.records.relapse_flag, reason: '误报' },
        expect: 'refused',
      },
    ],
  },
  'POST /api/households/:id/readmit': {
    params: { id: 'household' },
    probes: (): Probe[] => [{ body: { reason: '返困' }, expect: 'refused' }],
  },

  'GET /api/households/:id/cards': {
    params: { id: 'household' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'POST /api/households/:id/cards': {
    params: { id: 'household' },
    probes: (): Probe[] => [{ body: { reason: '补发' }, expect: 'refused' }],
  },
  'POST /api/cards/:id/actions': {
    params: { id: 'worker_card' },
    probes: (): Probe[] => [
      { body: { action: 'suspend', expectedStatus: 'issued', reason: '核查' }, expect: 'refused' },
    ],
  },
  'GET /api/notice-batches': {
    probes: (w): Probe[] => [
      { expect: 'filtered' },
      { query: { nodeId: w.stationA.id }, expect: 'refused' },
    ],
  },
  'GET /api/notice-batches/eligible': {
    probes: (w): Probe[] => [{ query: { nodeId: w.stationA.id }, expect: 'refused' }],
  },
  'POST /api/notice-batches': {
    probes: (w): Probe[] => [
      {
        body: {
          nodeId: w.stationA.id,
          householdIds: [w.records.notice_household],
          contactPhone: '025-84561234',
        },
        expect: 'refused',
      },
    ],
  },
  'GET /api/notice-batches/:id': {
    params: { id: 'notice_batch' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'GET /api/notice-batches/:id/export': {
    params: { id: 'notice_batch' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'POST /api/notice-batches/:id/objections': {
    params: { id: 'notice_batch' },
    probes: (w): Probe[] => [
      {
        body: {
          householdId: w.records.notice_household,
          receivedOn: '2026-11-30',
          channel: 'letter',
          content: '来信反映',
        },
        expect: 'refused',
      },
    ],
  },
  'POST /api/notice-objections/:id/resolve': {
    params: { id: 'notice_objection' },
    probes: (): Probe[] => [
      { body: { resolution: '经核实不属实', upheld: false }, expect: 'refused' },
    ],
  },
  'GET /api/households/:id/notice': {
    params: { id: 'notice_household' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'GET /api/workflow-configs/:regionCode': {
    params: { regionCode: 'region' },
    probes: (): Probe[] => [{ expect: 'unscoped' }],
  },
  'PUT /api/workflow-configs/:regionCode': {
    params: { regionCode: 'region' },
    probes: (): Probe[] => [
      {
        body: {
          config: {
            middleSteps: ['review_notice', 'higher_check'],
            homeVisitDays: 5,
            noticeWorkingDays: 5,
          },
          version: null,
        },
        expect: 'refused',
      },
    ],
  },
  'DELETE /api/workflow-configs/:regionCode': {
    params: { regionCode: 'region' },
    probes: (): Probe[] => [{ query: { version: 0 }, expect: 'refused' }],
  },
  'GET /api/cards/lookup': {
    probes: (w): Probe[] => [{ query: { cardNo: w.records.worker_card_no }, expect: 'refused' }],
  },

  // Annual review rounds: county B neither sees county A's round nor ends its tasks.
  'GET /api/review-rounds': { probes: (): Probe[] => [{ expect: 'filtered' }] },
  'POST /api/review-rounds': {
    probes: (w): Probe[] => [
      {
        body: {
          nodeId: w.countyA.id,
          name: '越权复核',
          periodStart: '2026-01-01',
          periodEnd: '2026-12-31',
        },
        expect: 'refused',
      },
    ],
  },
  'GET /api/review-rounds/:id': {
    params: { id: 'review_round' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'GET /api/review-rounds/:id/progress': {
    params: { id: 'review_round' },
    probes: (w): Probe[] => [
      { expect: 'refused' },
      { query: { nodeId: w.unionA.id }, expect: 'refused' },
    ],
  },
  'GET /api/review-rounds/:id/tasks': {
    params: { id: 'review_round' },
    probes: (w): Probe[] => [
      { expect: 'refused' },
      { query: { nodeId: w.unionA.id, status: 'pending' }, expect: 'refused' },
    ],
  },
  'POST /api/review-rounds/:id/close': {
    params: { id: 'review_round' },
    probes: (): Probe[] => [{ body: { force: true, reason: '越权结束' }, expect: 'refused' }],
  },
  'GET /api/review-tasks/:id': {
    params: { id: 'review_task' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'POST /api/review-tasks/:id/keep': {
    params: { id: 'review_task' },
    probes: (): Probe[] => [{ body: { confirmReapplication: true }, expect: 'refused' }],
  },
  'GET /api/households/:id/reviews': {
    params: { id: 'household' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'POST /api/review-tasks/:id/exit': {
    params: { id: 'review_task' },
    probes: (): Probe[] => [
      {
        body: { kind: 'cancelled', reasonCode: 'moved_away', reason: '越权提出退出' },
        expect: 'refused',
      },
    ],
  },

  'GET /api/dictionaries': { probes: (): Probe[] => [{ expect: 'unscoped' }] },
  // National data: only a root-node user changes it, so county B is refused.
  'PUT /api/dictionaries/:code/items/:itemCode': {
    params: { code: 'dictionary', itemCode: 'dictionary_item' },
    probes: (): Probe[] => [
      { body: { labelZh: '租住', sort: 4, isActive: true, version: 0 }, expect: 'refused' },
    ],
  },

  // Household files: county B sees none of county A's, by id, list, search or export.
  'GET /api/households': {
    probes: (w): Probe[] => [
      { expect: 'filtered' },
      { query: { q: '甲县' }, expect: 'filtered' },
      { query: { q: 'jx' }, expect: 'filtered' },
      { query: { q: idNumberFor('320102', '1975-04-12', 101) }, expect: 'filtered' },
      { query: { q: '13812345678' }, expect: 'filtered' },
      { query: { nodeId: w.unionA.id }, expect: 'refused' },
    ],
  },
  'GET /api/households/export': {
    probes: (w): Probe[] => [
      { expect: 'filtered', read: xlsxText },
      { query: { nodeId: w.countyA.id }, expect: 'refused' },
    ],
  },
  'GET /api/households/figures': {
    // Counts only: nothing to mark (households.test.ts checks the counts are scoped).
    probes: (w): Probe[] => [
      { expect: 'unscoped' },
      { query: { nodeId: w.unionA.id }, expect: 'refused' },
    ],
  },
  'POST /api/households': {
    probes: (w): Probe[] => [
      { body: householdInput(w.unionA.id, { headSeq: 301, childSeq: 402 }), expect: 'refused' },
    ],
  },
  'GET /api/households/:id': {
    params: { id: 'household' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'PUT /api/households/:id': {
    params: { id: 'household' },
    probes: (w): Probe[] => [
      { body: { version: 0, file: householdInput(w.unionA.id) }, expect: 'refused' },
    ],
  },
  'POST /api/households/:id/assess': {
    params: { id: 'household' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'GET /api/households/:id/assessments': {
    params: { id: 'household' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'GET /api/households/:id/assessments/:assessmentId': {
    params: { id: 'household', assessmentId: 'household_assessment' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'GET /api/households/:id/history': {
    params: { id: 'household' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'POST /api/households/:id/reveal': {
    params: { id: 'household' },
    probes: (): Probe[] => [
      { body: { field: 'phone', reason: '核实联系方式' }, expect: 'refused' },
      { body: { field: 'idNumber', reason: '核实身份信息' }, expect: 'refused' },
    ],
  },
  // Documents: county B neither lists, reads, adds nor removes county A's.
  'GET /api/households/:id/documents': {
    params: { id: 'household' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  'POST /api/households/:id/documents': {
    params: { id: 'household' },
    probes: (): Probe[] => [
      { query: { docType: 'diagnosis' }, upload: worldDocument, expect: 'refused' },
    ],
  },
  'GET /api/households/:id/documents/:documentId/content': {
    params: { id: 'household', documentId: 'household_document' },
    probes: (): Probe[] => [{ expect: 'refused' }, { query: { inline: '1' }, expect: 'refused' }],
  },
  'DELETE /api/households/:id/documents/:documentId': {
    params: { id: 'household', documentId: 'household_document' },
    probes: (): Probe[] => [{ expect: 'refused' }],
  },
  // Likely duplicates: county A's two files share a phone; county B sees no group and may not decide.
  'GET /api/duplicates': {
    probes: (): Probe[] => [
      { expect: 'filtered' },
      { query: { kind: 'phone' }, expect: 'filtered' },
      { query: { kind: 'name_birth', include: 'decided' }, expect: 'filtered' },
    ],
  },
  'POST /api/duplicates/review': {
    probes: (): Probe[] => [
      {
        body: {
          kind: 'phone',
          keyHash: testCipher.hash('phone', '13812345678'),
          decision: 'dismissed',
        },
        expect: 'refused',
      },
    ],
  },
};

/** A lower 低保 line for county A, far in the future (applying it ends no rate in use). */
const impactProbe = {
  kind: 'dibao',
  regionCode: '320102',
  monthlyFen: 60_000,
  effectiveFrom: '2090-01-01',
};

/** A one-person household with its lines inline: assessable without any rate table. */
export const previewRequest = {
  asOf: '2024-06-15',
  lines: {
    dibaoMonthlyFen: 100_000,
    minimumWageMonthlyFen: 200_000,
    lineRegionCode: '320102',
    lineEffectiveFrom: '2024-01-01',
  },
  household: {
    members: [
      {
        ref: 'head',
        relation: 'head',
        birthDate: '1980-01-01',
        sex: 'male',
        isAbleToWork: true,
        workStatus: 'employed',
      },
    ],
    incomes: [{ memberRef: 'head', type: 'wages', amountFen: 50_000 * 12 }],
  },
};

/** The URL with its :params filled in. */
export function fillUrl(
  url: string,
  fixture: RouteFixture,
  world: World,
  overrides: Record<string, number | string> = {},
): string {
  return url.replace(/:(\w+)/g, (_, name: string) => {
    const id = overrides[name] ?? world.records[fixture.params?.[name] as RecordKind];
    if (id === undefined) throw new Error(`no record for :${name} in ${url}`);
    return String(id);
  });
}

/** The parameter names of a route's URL. */
export function urlParams(url: string): string[] {
  return [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
}
