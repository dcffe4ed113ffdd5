import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles } from '../../shared/permissions';
import {
  buildNode,
  buildUser,
  createTestApp,
  testCipher,
  testPassword,
  type TestApp,
  type TestNode,
} from '../test/test-app';
import { attemptLogin, signIn, type Client, type Reply } from '../test/clients';
import { importWorkbook, previewRequest, worldDocument } from '../test/route-fixtures';
import { checkedImport, importCsvUpload } from '../imports/import-fixtures';
import { extractCsv, openVehicleFinding } from '../registry/registry-fixtures';
import { emptyArchive } from '../exchange/exchange-fixtures';
import { householdInput, addNanjingLines } from '../test/household-fixtures';
import { getDefaultPolicyVersion } from '../../shared/households/policy';
import { inTransaction } from '../db/database';
import { registerDirectly } from '../cases/cases.service';

let t: TestApp;
let city: TestNode;
let countyA: TestNode;
let unionA: TestNode;
let countyB: TestNode;
/** Holds every role at the root: may make every change. */
let root: Client;
let cityAuditor: Client;
let countyAuditor: Client;
let rootAuditor: Client;

beforeAll(async () => {
  t = await createTestApp();
  const province = await buildNode(t.db, t.root, { type: 'province' });
  city = await buildNode(t.db, province, { type: 'city' });
  countyA = await buildNode(t.db, city, { type: 'county' });
  unionA = await buildNode(t.db, countyA);
  await buildNode(t.db, unionA, { type: 'service_station' });
  countyB = await buildNode(t.db, city, { type: 'county', regionCode: '320104' });
  await buildNode(t.db, countyB);
  await addNanjingLines(t.db);
  const rootUser = await buildUser(t.db, t.root, { roles: [...roles] });
  const users = await Promise.all([
    buildUser(t.db, city, { roles: ['auditor'] }),
    buildUser(t.db, countyA, { roles: ['auditor'] }),
    buildUser(t.db, t.root, { roles: ['auditor'] }),
    buildUser(t.db, countyB, { roles: ['case_worker'] }),
    buildUser(t.db, city, { roles: ['case_worker'] }),
  ]);
  [root, cityAuditor, countyAuditor, rootAuditor] = await Promise.all([
    signIn(t, rootUser.username),
    signIn(t, users[0].username),
    signIn(t, users[1].username),
    signIn(t, users[2].username),
  ]);
  // Records owned by the sibling county, by the city, and by no node at all.
  await Promise.all([
    signIn(t, users[3].username),
    signIn(t, users[4].username),
    attemptLogin(t, 'no.such.user', 'Wrong-passw0rd!'),
  ]);
});
afterAll(() => t.close());

async function actionsOf(res: Reply): Promise<string[]> {
  const rows = await t.db
    .selectFrom('audit_log')
    .select('action')
    .where('request_id', '=', String(res.headers['x-request-id']))
    .orderBy('id')
    .execute();
  return rows.map((r) => r.action);
}

async function nodeToChange(parent: TestNode = countyA) {
  const node = await buildNode(t.db, parent);
  const row = (await root.get(`/api/orgs/${node.id}`)).body;
  return { ...node, version: row.version as number };
}

const strongPassword = 'Valid-Passw0rd-2026';
let serial = 0;

/** For each state-changing route: one successful call, and the records it must leave. */
const changes: Record<string, { status: number; actions: string[]; call: () => Promise<Reply> }> = {
  'POST /api/auth/login': {
    status: 204,
    actions: ['auth.login'],
    call: async () => {
      const u = await buildUser(t.db, countyA, { roles: ['helper'] });
      return attemptLogin(t, u.username, testPassword);
    },
  },
  'POST /api/auth/logout': {
    status: 204,
    actions: ['auth.logout'],
    call: async () => {
      const u = await buildUser(t.db, countyA, { roles: ['helper'] });
      return (await signIn(t, u.username)).post('/api/auth/logout');
    },
  },
  'POST /api/auth/password': {
    status: 204,
    actions: ['auth.password_changed'],
    call: async () => {
      const u = await buildUser(t.db, countyA, { roles: ['helper'] });
      return (await signIn(t, u.username)).post('/api/auth/password', {
        currentPassword: testPassword,
        newPassword: strongPassword,
      });
    },
  },
  'POST /api/orgs': {
    status: 201,
    actions: ['org.created'],
    call: () =>
      root.post('/api/orgs', {
        parentId: countyA.id,
        type: 'grassroots',
        name: `审计新建工会${++serial}`,
        code: `AUD-NEW${serial}`,
      }),
  },
  'PATCH /api/orgs/:id': {
    status: 200,
    actions: ['org.updated'],
    call: async () => {
      const n = await nodeToChange();
      return root.patch(`/api/orgs/${n.id}`, { name: `${n.name}改`, version: n.version });
    },
  },
  'POST /api/orgs/:id/move': {
    status: 200,
    actions: ['org.moved'],
    call: async () => {
      const n = await nodeToChange();
      await buildNode(t.db, n, { type: 'service_station' });
      return root.post(`/api/orgs/${n.id}/move`, { newParentId: countyB.id, version: n.version });
    },
  },
  'POST /api/orgs/:id/active': {
    status: 200,
    actions: ['org.deactivated'],
    call: async () => {
      const n = await nodeToChange();
      return root.post(`/api/orgs/${n.id}/active`, { isActive: false, version: n.version });
    },
  },
  'POST /api/orgs/import': {
    // One record per node created, and one for the import itself.
    status: 200,
    actions: ['org.created', 'org.created', 'org.imported'],
    call: async () => {
      const upload = await importWorkbook([
        ['AUD-IMP2', '审计导入服务站', '服务站点', 'AUD-IMP1'],
        ['AUD-IMP1', '审计导入工会', '基层工会', countyA.code],
      ]);
      return root.send('POST', '/api/orgs/import', { query: { mode: 'commit' }, upload });
    },
  },
  'POST /api/imports': {
    status: 202,
    actions: ['import.uploaded'],
    call: () =>
      root.send('POST', '/api/imports', {
        query: { nodeId: unionA.id },
        upload: importCsvUpload(161),
      }),
  },
  'POST /api/imports/:id/commit': {
    status: 200,
    actions: ['job.started', 'import.committed'],
    call: async () => root.post(`/api/imports/${await checkedImport(root, unionA.id, 171)}/commit`),
  },
  'POST /api/imports/:id/cancel': {
    status: 200,
    actions: ['import.cancelled'],
    call: async () => root.post(`/api/imports/${await checkedImport(root, unionA.id, 181)}/cancel`),
  },
  'POST /api/registry/rounds': {
    status: 201,
    actions: ['registry.round_imported'],
    call: () =>
      root.send('POST', '/api/registry/rounds', {
        query: { kind: 'death', nodeId: unionA.id },
        upload: extractCsv([
          ['姓名', '死亡日期'],
          ['无此人', '2026-01-01'],
        ]),
      }),
  },
  'POST /api/registry/findings/:id/confirm': {
    status: 200,
    actions: ['household.assessed', 'registry.finding_confirmed'],
    call: async () =>
      root.post(
        `/api/registry/findings/${await openVehicleFinding(root, unionA.id, 611)}/confirm`,
        {
          version: 0,
        },
      ),
  },
  'POST /api/registry/findings/:id/dismiss': {
    status: 200,
    actions: ['registry.finding_dismissed'],
    call: async () =>
      root.post(
        `/api/registry/findings/${await openVehicleFinding(root, unionA.id, 613)}/dismiss`,
        {
          version: 0,
          reason: '不是本人车辆',
        },
      ),
  },
  'POST /api/exchange/archive': {
    status: 200,
    actions: ['exchange.imported'],
    call: () =>
      root.send('POST', '/api/exchange/archive', {
        query: { nodeId: unionA.id },
        upload: emptyArchive(),
      }),
  },
  'POST /api/users': {
    status: 201,
    actions: ['user.created'],
    call: () =>
      root.post('/api/users', {
        username: `audit.user${++serial}`,
        displayName: '审计新用户',
        nodeId: countyA.id,
        roles: ['helper'],
        password: strongPassword,
      }),
  },
  'PATCH /api/users/:id': {
    status: 200,
    actions: ['user.updated'],
    call: async () => {
      const u = await buildUser(t.db, countyA, { roles: ['helper'] });
      return root.patch(`/api/users/${u.id}`, { displayName: '改名', version: 0 });
    },
  },
  'POST /api/users/:id/reset-password': {
    status: 204,
    actions: ['user.password_reset'],
    call: async () => {
      const u = await buildUser(t.db, countyA, { roles: ['helper'] });
      return root.post(`/api/users/${u.id}/reset-password`, { password: strongPassword });
    },
  },
  'POST /api/users/:id/unlock': {
    status: 200,
    actions: ['user.unlocked'],
    call: async () => {
      const u = await buildUser(t.db, countyA, { roles: ['helper'] });
      return root.post(`/api/users/${u.id}/unlock`);
    },
  },
  'POST /api/system/backup': {
    // Writes a file, changes no record; the test app has no embedded backup to take.
    status: 422,
    actions: [],
    call: () => root.post('/api/system/backup'),
  },
  'POST /api/policy/rates': {
    status: 201,
    actions: ['policy.rate_created'],
    call: () =>
      root.post('/api/policy/rates', {
        kind: 'dibao',
        regionCode: '320102',
        monthlyFen: 100_000,
        effectiveFrom: `${2000 + ++serial}-01-01`,
        effectiveTo: `${2000 + serial}-12-31`,
      }),
  },
  'PATCH /api/policy/rates/:id': {
    status: 200,
    actions: ['policy.rate_updated'],
    call: async () => {
      const created = await root.post('/api/policy/rates', {
        kind: 'minimum_wage',
        regionCode: '320102',
        monthlyFen: 200_000,
        effectiveFrom: `${2000 + ++serial}-01-01`,
        effectiveTo: `${2000 + serial}-12-31`,
      });
      return root.patch(`/api/policy/rates/${created.body.id}`, {
        monthlyFen: 210_000,
        version: 0,
      });
    },
  },
  'POST /api/policy/versions': {
    status: 201,
    actions: ['policy.version_saved'],
    call: () =>
      root.post('/api/policy/versions', {
        ...getDefaultPolicyVersion('national-2019'),
        id: `audit-${2100 + ++serial}`,
        effectiveFrom: `${2100 + serial}-01-01`,
      }),
  },
  'PUT /api/policy/versions/:id': {
    status: 200,
    actions: ['policy.version_saved'],
    call: async () => {
      const created = await root.post('/api/policy/versions', {
        ...getDefaultPolicyVersion('national-2019'),
        id: `audit-${2100 + ++serial}`,
        effectiveFrom: `${2100 + serial}-01-01`,
      });
      return root.put(`/api/policy/versions/${created.body.id}`, {
        version: 0,
        definition: { ...created.body.definition, relativeLinePercent: 250 },
      });
    },
  },
  'PUT /api/dictionaries/:code/items/:itemCode': {
    status: 200,
    actions: ['dictionary.item_saved'],
    call: () =>
      root.put(`/api/dictionaries/housing_type/items/audit_${++serial}`, {
        labelZh: '审计测试',
        sort: 50,
        isActive: true,
        version: 0,
      }),
  },
  'POST /api/policy/impact': {
    // Answers the counts and writes nothing.
    status: 200,
    actions: [],
    call: () =>
      root.post('/api/policy/impact', {
        kind: 'dibao',
        regionCode: '320104',
        monthlyFen: 90_000,
        effectiveFrom: '2090-01-01',
      }),
  },
  'POST /api/policy/impact/apply': {
    status: 202,
    actions: ['policy.rate_created', 'job.started'],
    call: () =>
      root.post('/api/policy/impact/apply', {
        kind: 'dibao',
        regionCode: '320104',
        monthlyFen: 90_000,
        effectiveFrom: '2090-01-01',
      }),
  },
  'POST /api/jobs/:id/cancel': {
    status: 200,
    actions: ['job.cancelled'],
    call: async () => {
      const applied = await root.post('/api/policy/impact/apply', {
        kind: 'minimum_wage',
        regionCode: '320104',
        monthlyFen: 260_000,
        effectiveFrom: '2090-01-01',
      });
      return root.post(`/api/jobs/${applied.body.job.id}/cancel`);
    },
  },
  'POST /api/assessments/preview': {
    // Answers a result and writes nothing.
    status: 200,
    actions: [],
    call: () => root.post('/api/assessments/preview', previewRequest),
  },
  'POST /api/households': {
    status: 201,
    actions: ['household.created', 'household.assessed'],
    call: () => root.post('/api/households', newHousehold()),
  },
  'PUT /api/households/:id': {
    status: 200,
    actions: ['household.updated', 'household.assessed'],
    call: async () => {
      const created = (await root.post('/api/households', newHousehold())).body;
      const file = newHousehold();
      file.members.forEach((m, i) => {
        m.id = created.members[i].id;
        m.ref = String(created.members[i].id);
        delete m.idNumber;
      });
      file.incomes = [];
      file.rigidExpenditures = [];
      return root.put(`/api/households/${created.id}`, { version: created.version, file });
    },
  },
  'POST /api/households/:id/assess': {
    status: 200,
    actions: ['household.assessed'],
    call: async () => {
      const created = (await root.post('/api/households', newHousehold())).body;
      return root.post(`/api/households/${created.id}/assess`);
    },
  },
  'POST /api/households/:id/documents': {
    status: 201,
    actions: ['household.document_added'],
    call: async () => {
      const created = (await root.post('/api/households', newHousehold())).body;
      return root.send('POST', `/api/households/${created.id}/documents`, {
        query: { docType: 'application_form' },
        upload: worldDocument,
      });
    },
  },
  'DELETE /api/households/:id/documents/:documentId': {
    status: 204,
    actions: ['household.document_removed'],
    call: async () => {
      const created = (await root.post('/api/households', newHousehold())).body;
      const doc = await root.send('POST', `/api/households/${created.id}/documents`, {
        query: { docType: 'application_form' },
        upload: worldDocument,
      });
      return root.send('DELETE', `/api/households/${created.id}/documents/${doc.body.id}`);
    },
  },
  'POST /api/households/:id/case/actions': {
    status: 200,
    actions: ['case.action'],
    call: async () => {
      const created = (await root.post('/api/households', newHousehold())).body;
      return root.post(`/api/households/${created.id}/case/actions`, {
        action: 'submit',
        expected: { status: 'draft', step: 'application' },
      });
    },
  },
  'POST /api/households/:id/cards': {
    status: 200,
    actions: ['card.issued'],
    call: async () => {
      const id = await registeredHousehold();
      const card = (await root.get(`/api/households/${id}/cards`)).body.cards[0];
      await root.post(`/api/cards/${card.id}/actions`, {
        action: 'cancel',
        expectedStatus: 'issued',
        reason: '换发',
      });
      return root.post(`/api/households/${id}/cards`, { reason: '换发新卡' });
    },
  },
  'POST /api/notice-batches': {
    status: 201,
    actions: ['notice.batch_created'],
    call: async () => root.post('/api/notice-batches', await noticeBody()),
  },
  'POST /api/notice-batches/:id/objections': {
    status: 201,
    actions: ['notice.objection_recorded'],
    call: async () => {
      const body = await noticeBody();
      const batch = (await root.post('/api/notice-batches', body)).body;
      return root.post(`/api/notice-batches/${batch.id}/objections`, {
        householdId: body.householdIds[0],
        receivedOn: batch.startsOn,
        channel: 'phone',
        content: '来电反映情况',
      });
    },
  },
  'POST /api/notice-objections/:id/resolve': {
    status: 200,
    actions: ['notice.objection_resolved'],
    call: async () => {
      const body = await noticeBody();
      const batch = (await root.post('/api/notice-batches', body)).body;
      const recorded = await root.post(`/api/notice-batches/${batch.id}/objections`, {
        householdId: body.householdIds[0],
        receivedOn: batch.startsOn,
        channel: 'phone',
        content: '来电反映情况',
      });
      return root.post(`/api/notice-objections/${recorded.body.objections[0].id}/resolve`, {
        resolution: '经核实不属实',
        upheld: false,
      });
    },
  },
  'PUT /api/workflow-configs/:regionCode': {
    status: 200,
    actions: ['workflow_config.saved'],
    call: () =>
      root.put('/api/workflow-configs/320106', {
        config: { middleSteps: ['higher_check'], homeVisitDays: 3, noticeWorkingDays: 5 },
        version: null,
      }),
  },
  'DELETE /api/workflow-configs/:regionCode': {
    status: 200,
    actions: ['workflow_config.removed'],
    call: async () => {
      await root.put('/api/workflow-configs/320113', {
        config: { middleSteps: ['higher_check'], homeVisitDays: 3, noticeWorkingDays: 5 },
        version: null,
      });
      return root.send('DELETE', '/api/workflow-configs/320113', { query: { version: 0 } });
    },
  },
  'POST /api/cards/:id/actions': {
    status: 200,
    actions: ['card.status_changed'],
    call: async () => {
      const id = await registeredHousehold();
      const card = (await root.get(`/api/households/${id}/cards`)).body.cards[0];
      return root.post(`/api/cards/${card.id}/actions`, {
        action: 'suspend',
        expectedStatus: 'issued',
        reason: '职工挂失',
      });
    },
  },
  'POST /api/review-rounds': {
    status: 201,
    actions: ['review.round_opened'],
    call: async () => openReviewRound(await reviewableNode()),
  },
  'POST /api/review-rounds/:id/close': {
    status: 200,
    actions: ['review.round_closed'],
    call: async () => {
      const round = await openReviewRound(await reviewableNode());
      return root.post(`/api/review-rounds/${round.body.id}/close`, {
        force: true,
        reason: '审计测试结束',
      });
    },
  },
  'POST /api/review-tasks/:id/keep': {
    status: 200,
    actions: ['household.assessed', 'review.task_kept'],
    call: async () => {
      const round = await openReviewRound(await reviewableNode());
      const task = await t.db
        .selectFrom('review_tasks')
        .select('id')
        .where('round_id', '=', round.body.id)
        .executeTakeFirstOrThrow();
      return root.post(`/api/review-tasks/${task.id}/keep`, { note: '情况未变' });
    },
  },
  'POST /api/review-tasks/:id/exit': {
    status: 200,
    actions: ['exit.proposed', 'review.task_exit_proposed'],
    call: async () => {
      const round = await openReviewRound(await reviewableNode());
      const task = await t.db
        .selectFrom('review_tasks')
        .select('id')
        .where('round_id', '=', round.body.id)
        .executeTakeFirstOrThrow();
      return root.post(`/api/review-tasks/${task.id}/exit`, {
        kind: 'cancelled',
        reasonCode: 'retirement',
        reason: '户主已办理退休',
      });
    },
  },
  'POST /api/households/:id/reveal': {
    status: 200,
    actions: ['household.revealed'],
    call: async () => {
      const created = (await root.post('/api/households', newHousehold())).body;
      return root.post(`/api/households/${created.id}/reveal`, {
        field: 'idNumber',
        reason: '核对身份证原件',
      });
    },
  },
  'POST /api/households/temporary': {
    status: 201,
    actions: ['household.created', 'household.temporary_entered', 'household.assessed'],
    call: () => root.post('/api/households/temporary', newTemporary()),
  },
  'POST /api/households/:id/temporary/convert': {
    status: 200,
    actions: ['household.temporary_converted'],
    call: async () => {
      const created = (await root.post('/api/households/temporary', newTemporary())).body;
      return root.post(`/api/households/${created.id}/temporary/convert`, {
        version: created.version,
      });
    },
  },
  'POST /api/households/:id/temporary/close': {
    status: 200,
    actions: ['household.temporary_closed'],
    call: async () => {
      const created = (await root.post('/api/households/temporary', newTemporary())).body;
      return root.post(`/api/households/${created.id}/temporary/close`, {
        version: created.version,
        reason: '救助期满',
      });
    },
  },
  'POST /api/households/:id/transfers': {
    status: 201,
    actions: ['transfer.requested'],
    call: async () => {
      const created = (await root.post('/api/households', newHousehold())).body;
      return root.post(`/api/households/${created.id}/transfers`, {
        toNodeCode: countyB.code,
        reason: 'worker_moved',
      });
    },
  },
  'POST /api/transfers/:id/actions': {
    status: 200,
    actions: ['transfer.released'],
    call: async () => {
      const created = (await root.post('/api/households', newHousehold())).body;
      const transfer = (
        await root.post(`/api/households/${created.id}/transfers`, {
          toNodeCode: countyB.code,
          reason: 'employer_closed',
        })
      ).body;
      return root.post(`/api/transfers/${transfer.id}/actions`, {
        action: 'release',
        version: transfer.version,
      });
    },
  },
  'POST /api/reports': {
    status: 201,
    actions: ['report.submitted'],
    call: () => root.post('/api/reports', { nodeId: unionA.id, note: '月度上报' }),
  },
  'POST /api/duplicates/review': {
    status: 200,
    actions: ['duplicate.reviewed'],
    call: async () => {
      // Every new household here has the same phone: two of them make a likely duplicate.
      await root.post('/api/households', newHousehold());
      await root.post('/api/households', newHousehold());
      return root.post('/api/duplicates/review', {
        kind: 'phone',
        keyHash: testCipher.hash('phone', '13812345678'),
        decision: 'dismissed',
        note: '同一户主的工作电话',
      });
    },
  },
  'PUT /api/households/:id/monthly-incomes': {
    status: 200,
    actions: ['income.recorded'],
    call: async () => {
      const id = await registeredHousehold();
      return root.put(`/api/households/${id}/monthly-incomes`, {
        records: [{ month: '2026-01', incomeFen: 300_000, memberCount: 2 }],
      });
    },
  },
  'POST /api/households/:id/exits': {
    status: 201,
    actions: ['exit.proposed'],
    call: async () => {
      const id = await registeredHousehold();
      return root.post(`/api/households/${id}/exits`, {
        kind: 'cancelled',
        reasonCode: 'retirement',
        reason: '户主退休',
      });
    },
  },
  'POST /api/households/:id/exits/actions': {
    status: 200,
    actions: ['exit.action'],
    call: async () => {
      // Proposed by someone else: the root user may verify it.
      const id = await registeredHousehold();
      await t.db
        .insertInto('household_exits')
        .values({
          household_id: id,
          kind: 'cancelled',
          reason_code: 'death',
          reason: '户主去世',
          evidence: '{"documents":[]}',
        })
        .execute();
      return root.post(`/api/households/${id}/exits/actions`, {
        action: 'verify',
        expectedVersion: 0,
        verification: { date: '2026-11-20', method: 'phone', toldWho: '配偶', findings: '已告知' },
      });
    },
  },
  'POST /api/households/:id/follow-ups': {
    status: 200,
    actions: ['follow_up.recorded'],
    call: async () => {
      const id = await exitedHousehold();
      const f = await t.db
        .insertInto('household_follow_ups')
        .values({ household_id: id, kind: 'call', due_on: '2026-12-01' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return root.post(`/api/households/${id}/follow-ups`, {
        followUpId: f.id,
        doneOn: '2026-11-29',
        findings: '情况稳定',
      });
    },
  },
  'POST /api/households/:id/relapse-flags/dismiss': {
    status: 200,
    actions: ['relapse.dismissed'],
    call: async () => {
      const id = await exitedHousehold();
      const flag = await t.db
        .insertInto('relapse_flags')
        .values({ household_id: id, signal: 'lost_job', detected_on: '2026-11-29' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return root.post(`/api/households/${id}/relapse-flags/dismiss`, {
        flagId: flag.id,
        reason: '已再就业',
      });
    },
  },
  'POST /api/households/:id/readmit': {
    status: 200,
    actions: ['exit.readmitted'],
    call: async () => {
      const id = await exitedHousehold();
      return root.post(`/api/households/${id}/readmit`, { reason: '返困' });
    },
  },
};

/** A new household under union A, entered as registered (with its worker card). */
async function registeredHousehold(): Promise<number> {
  const created = (await root.post('/api/households', newHousehold())).body;
  await inTransaction(t.db, (trx) =>
    registerDirectly(trx, { actor: null }, created.id, '历史档案'),
  );
  return created.id as number;
}

/** A new union of county A holding one registered file: ready for a review round of its own. */
async function reviewableNode(): Promise<TestNode> {
  const node = await buildNode(t.db, countyA);
  const created = (await root.post('/api/households', { ...newHousehold(), nodeId: node.id })).body;
  await t.db
    .updateTable('households')
    .set({ case_status: 'registered', registered_at: new Date() })
    .where('id', '=', created.id)
    .execute();
  return node;
}

function openReviewRound(node: TestNode) {
  return root.post('/api/review-rounds', {
    nodeId: node.id,
    name: '审计测试复核',
    periodStart: '2026-01-01',
    periodEnd: '2026-12-31',
  });
}

/** A registered household of union A that has exited (set directly). */
async function exitedHousehold(): Promise<number> {
  const id = await registeredHousehold();
  await t.db
    .updateTable('households')
    .set({ status: 'exited', exit_kind: 'out_of_hardship', exited_at: new Date() })
    .where('id', '=', id)
    .execute();
  return id;
}

/** A notice of union A for a new household standing at review_notice. */
async function noticeBody() {
  const created = (await root.post('/api/households', newHousehold())).body;
  await t.db
    .updateTable('households')
    .set({ case_status: 'in_review', case_step: 'review_notice' })
    .where('id', '=', created.id)
    .execute();
  return { nodeId: unionA.id, householdIds: [created.id as number], contactPhone: '025-84561234' };
}

/** A new temporary-relief file under union A. */
function newTemporary() {
  return { file: newHousehold(), temporary: { reason: '突发疾病住院', until: '2099-12-31' } };
}

/** A new household under union A with ID numbers no other call used. */
function newHousehold() {
  serial += 1;
  return householdInput(unionA.id, { headSeq: 600 + serial * 2 + 1, childSeq: 600 + serial * 2 });
}

describe('recordAudit', () => {
  it('knows a change for every state-changing route', () => {
    const missing = t.routes
      .filter((r) => r.method !== 'GET')
      .map((r) => `${r.method} ${r.url}`)
      .filter((k) => !changes[k]);
    expect(missing, 'add these routes to `changes` in audit.test.ts').toEqual([]);
  });

  it('writes the records of each change, tagged with its request id', async () => {
    const failures: string[] = [];
    for (const route of t.routes.filter((r) => r.method !== 'GET')) {
      const change = changes[`${route.method} ${route.url}`];
      if (!change) continue;
      const res = await change.call();
      const actions = await actionsOf(res);
      if (
        res.status !== change.status ||
        JSON.stringify(actions) !== JSON.stringify(change.actions)
      )
        failures.push(
          `${route.method} ${route.url} → ${res.status} ${res.text.slice(0, 200)}; records ${actions.join(', ')}`,
        );
    }
    expect(failures).toEqual([]);
  });

  it('rolls the change back when its record cannot be written', async () => {
    const n = await nodeToChange();
    await sql`
      create function refuse_audit() returns trigger language plpgsql as $$
      begin raise exception 'audit refused for the test'; end $$`.execute(t.db);
    await sql`
      create trigger refuse_audit before insert on audit_log for each row
      when (new.action = 'org.updated') execute function refuse_audit()`.execute(t.db);
    try {
      const res = await root.patch(`/api/orgs/${n.id}`, { name: '不该改成', version: n.version });
      expect(res.status).toBe(500);
    } finally {
      await sql`drop trigger refuse_audit on audit_log`.execute(t.db);
      await sql`drop function refuse_audit()`.execute(t.db);
    }
    const row = await t.db
      .selectFrom('org_nodes')
      .select(['name', 'version'])
      .where('id', '=', n.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ name: n.name, version: n.version });
  });

  it('writes no record when a move fails after the subtree was rewritten', async () => {
    const n = await nodeToChange();
    const child = await buildNode(t.db, n, { type: 'service_station' });
    // Checked at commit: after the paths were rewritten and the record written.
    await sql`
      create function refuse_move() returns trigger language plpgsql as $$
      begin raise exception 'move refused at commit for the test'; end $$`.execute(t.db);
    await sql`
      create constraint trigger refuse_move after insert on audit_log
      deferrable initially deferred for each row
      when (new.action = 'org.moved') execute function refuse_move()`.execute(t.db);
    let res: Reply;
    try {
      res = await root.post(`/api/orgs/${n.id}/move`, {
        newParentId: countyB.id,
        version: n.version,
      });
    } finally {
      await sql`drop trigger refuse_move on audit_log`.execute(t.db);
      await sql`drop function refuse_move()`.execute(t.db);
    }
    expect(res.status).toBe(500);
    expect(await actionsOf(res)).toEqual([]);
    const paths = await t.db
      .selectFrom('org_nodes')
      .select(['id', 'path', 'parent_id'])
      .where('id', 'in', [n.id, child.id])
      .orderBy('id')
      .execute();
    expect(paths).toEqual([
      { id: n.id, path: n.path, parent_id: countyA.id },
      { id: child.id, path: child.path, parent_id: n.id },
    ]);
  });
});

describe('audit_log', () => {
  it.each([
    ['UPDATE', sql`update audit_log set action = 'org.updated'`],
    ['DELETE', sql`delete from audit_log`],
    ['TRUNCATE', sql`truncate audit_log`],
  ])('refuses %s at the database level', async (_, statement) => {
    const count = () =>
      t.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('c'))
        .executeTakeFirstOrThrow();
    const before = await count();
    expect(before.c).toBeGreaterThan(0);
    await expect(statement.execute(t.db)).rejects.toThrow(/append-only/);
    expect(await count()).toEqual(before);
  });
});

type Item = {
  id: number;
  at: string;
  nodeId: number | null;
  actorUserId: number | null;
  action: string;
  entityType: string;
  entityId: number | null;
  requestId: string | null;
  ip: string | null;
  changes: { field: string; before: unknown; after: unknown }[];
};

async function allItems(client: Client, query: Record<string, string | number> = {}) {
  const items: Item[] = [];
  let before: number | null = null;
  do {
    const res = await client.get('/api/audit', {
      limit: 200,
      ...query,
      ...(before ? { before } : {}),
    });
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    before = res.body.nextCursor;
  } while (before !== null);
  return items;
}

async function nodeIdsUnder(path: string): Promise<Set<number>> {
  const rows = await t.db
    .selectFrom('org_nodes')
    .select('id')
    .where('path', 'like', `${path}%`)
    .execute();
  return new Set(rows.map((r) => r.id));
}

describe('findAuditRecords', () => {
  it('shows a county auditor only records of the county’s subtree', async () => {
    const underA = await nodeIdsUnder(countyA.path);
    const items = await allItems(countyAuditor);
    expect(items.length).toBeGreaterThan(0);
    expect(items.filter((i) => i.nodeId === null || !underA.has(i.nodeId))).toEqual([]);

    // The records it does not see exist, and the city's auditor sees the city's own.
    const cityItems = await allItems(cityAuditor);
    expect(cityItems.some((i) => i.nodeId === city.id)).toBe(true);
    expect(cityItems.some((i) => i.nodeId === countyB.id)).toBe(true);
    expect(cityItems.some((i) => i.nodeId === null)).toBe(false);
    // Records of no node (a failed login for an unknown name) belong to the root's scope.
    expect((await allItems(rootAuditor)).some((i) => i.nodeId === null)).toBe(true);
  });

  it('keeps a node filter inside the caller’s subtree', async () => {
    expect(await allItems(countyAuditor, { nodeId: countyB.id })).toEqual([]);
    const fromCity = await allItems(countyAuditor, { nodeId: city.id });
    const underA = await nodeIdsUnder(countyA.path);
    expect(fromCity.every((i) => underA.has(i.nodeId!))).toBe(true);
    const underUnion = await nodeIdsUnder(unionA.path);
    const byUnion = await allItems(countyAuditor, { nodeId: unionA.id });
    expect(byUnion.length).toBeGreaterThan(0);
    expect(byUnion.every((i) => underUnion.has(i.nodeId!))).toBe(true);
  });

  it('filters by user, entity and action', async () => {
    const me = (await root.get('/api/auth/me')).body;
    const n = await nodeToChange();
    await root.patch(`/api/orgs/${n.id}`, { name: `${n.name}二`, version: n.version });

    const byUser = await allItems(rootAuditor, { userId: me.userId });
    expect(byUser.length).toBeGreaterThan(0);
    expect(byUser.every((i) => i.actorUserId === me.userId)).toBe(true);

    const byEntity = await allItems(rootAuditor, { entityType: 'org_node', entityId: n.id });
    expect(byEntity.map((i) => i.action)).toEqual(['org.updated', 'org.created']);

    const byAction = await allItems(rootAuditor, { action: 'auth.' });
    expect(byAction.length).toBeGreaterThan(0);
    expect(byAction.every((i) => i.action.startsWith('auth.'))).toBe(true);
    const exact = await allItems(rootAuditor, { action: 'auth.login_failed' });
    expect(exact.every((i) => i.action === 'auth.login_failed')).toBe(true);
  });

  it('filters by business day in Asia/Shanghai', async () => {
    // 00:30 on 2 March in Shanghai is still 1 March in UTC, and 23:30 on 1 March is not 2 March.
    const at = [
      '2025-03-01T23:30:00+08:00',
      '2025-03-02T00:30:00+08:00',
      '2025-03-02T23:59:59+08:00',
      '2025-03-03T00:00:00+08:00',
    ];
    for (const when of at)
      await sql`
        insert into audit_log (at, node_id, action, entity_type, entity_id, details)
        values (${when}::timestamptz, ${unionA.id}, 'org.updated', 'org_node', ${unionA.id}, '{}')`.execute(
        t.db,
      );
    const day = await allItems(countyAuditor, { from: '2025-03-02', to: '2025-03-02' });
    expect(day.map((i) => i.at).sort()).toEqual([
      new Date(at[1]!).toISOString(),
      new Date(at[2]!).toISOString(),
    ]);
    const fromDay = await allItems(countyAuditor, { to: '2025-03-01' });
    expect(fromDay.map((i) => i.at)).toEqual([new Date(at[0]!).toISOString()]);
  });

  it('pages newest first with nextCursor, missing and repeating nothing', async () => {
    const everything = await allItems(rootAuditor);
    const seen: number[] = [];
    let before: number | null = null;
    do {
      const res: Reply = await rootAuditor.get('/api/audit', {
        limit: 7,
        ...(before ? { before } : {}),
      });
      expect(res.body.items.length).toBeLessThanOrEqual(7);
      seen.push(...res.body.items.map((i: Item) => i.id));
      before = res.body.nextCursor;
    } while (before !== null);
    expect(seen).toEqual(everything.map((i) => i.id));
    expect(seen).toEqual([...seen].sort((x, y) => y - x));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('shows the fields a change touched, before and after, with request id and address', async () => {
    const n = await nodeToChange();
    const res = await root.patch(`/api/orgs/${n.id}`, {
      name: '改过名的工会',
      phone: '025-88886666',
      version: n.version,
    });
    expect(res.status).toBe(200);
    const [item] = await allItems(rootAuditor, {
      entityType: 'org_node',
      entityId: n.id,
      limit: 1,
    });
    expect(item).toMatchObject({
      action: 'org.updated',
      requestId: res.headers['x-request-id'],
      ip: '127.0.0.1',
    });
    expect(item!.changes).toEqual([
      { field: 'name', before: n.name, after: '改过名的工会' },
      { field: 'phone', before: null, after: '025-88886666' },
    ]);

    const u = await buildUser(t.db, countyA, { roles: ['helper'] });
    await root.patch(`/api/users/${u.id}`, { isActive: false, version: 0 });
    const [userItem] = await allItems(rootAuditor, { entityType: 'user', entityId: u.id });
    expect(userItem!.changes).toEqual([{ field: 'isActive', before: true, after: false }]);
  });
});
