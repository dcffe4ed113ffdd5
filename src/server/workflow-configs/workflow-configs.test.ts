import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildNode,
  buildUser,
  createTestApp,
  type Session,
  type TestApp,
  type TestNode,
} from '../test/test-app';
import { addNanjingLines, householdInput } from '../test/household-fixtures';
import type { Role } from '../../shared/permissions';
import { defaultWorkflowConfig } from '../../shared/cases/registration';

let t: TestApp;
let cityAdmin: Session;
let countyAdmin: Session;
let otherCountyAdmin: Session;
let countyWorker: Session;
let rootAdmin: Session;
let union: TestNode;

beforeAll(async () => {
  t = await createTestApp();
  const province = await buildNode(t.db, t.root, { type: 'province', regionCode: '320000' });
  const city = await buildNode(t.db, province, { type: 'city', regionCode: '320100' });
  const county = await buildNode(t.db, city, { type: 'county', regionCode: '320102' });
  union = await buildNode(t.db, county);
  const otherCounty = await buildNode(t.db, city, { type: 'county', regionCode: '320104' });
  await addNanjingLines(t.db);
  const login = async (node: { id: number }, roles: Role[]) =>
    t.login((await buildUser(t.db, node, { roles })).username);
  cityAdmin = await login(city, ['federation_admin']);
  countyAdmin = await login(county, ['federation_admin']);
  otherCountyAdmin = await login(otherCounty, ['federation_admin']);
  countyWorker = await login(county, ['case_worker']);
  rootAdmin = await login(t.root, ['system_admin']);
}, 60_000);

afterAll(() => t.close());

const shorter = {
  ...defaultWorkflowConfig,
  middleSteps: ['financial_check', 'review_notice'],
  homeVisitDays: 3,
  noticeWorkingDays: 7,
  reviewSampleShare: 0.5,
};

describe('workflow config', () => {
  it('answers the national default with its source to anyone who reads policy', async () => {
    const res = await countyWorker.get('/api/workflow-configs/320102');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      regionCode: '320102',
      config: defaultWorkflowConfig,
      source: 'national',
      sourceRegionCode: null,
      version: null,
      canEdit: false,
    });
    expect(res.body.regionName).toContain('玄武');
    expect(
      (await countyWorker.put('/api/workflow-configs/320102', { config: shorter, version: null }))
        .status,
    ).toBe(403);
  });

  it('is inherited from the city by its counties until a county stores its own', async () => {
    const saved = await cityAdmin.put('/api/workflow-configs/320100', {
      config: shorter,
      version: null,
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toMatchObject({ source: 'own', version: 0, canEdit: true });
    const county = (await countyAdmin.get('/api/workflow-configs/320102')).body;
    expect(county).toMatchObject({
      config: shorter,
      source: 'city',
      sourceRegionCode: '320100',
      version: null,
      canEdit: true,
    });
    // The city's workflow now drives its counties' cases.
    const file = await countyWorker.post('/api/households', householdInput(union.id));
    const view = (await countyWorker.get(`/api/households/${file.body.id}/case`)).body;
    expect(view.steps).toEqual([
      'application',
      'first_review',
      'home_visit',
      'financial_check',
      'review_notice',
      'approval',
    ]);
    const own = await countyAdmin.put('/api/workflow-configs/320102', {
      config: { ...shorter, homeVisitDays: 10 },
      version: null,
    });
    expect(own.body).toMatchObject({ source: 'own', version: 0 });
    expect(own.body.config.homeVisitDays).toBe(10);
    // Back to inheriting.
    const removed = await t.app.inject({
      method: 'DELETE',
      url: '/api/workflow-configs/320102?version=0',
      headers: await headersOf(countyAdmin),
    });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(JSON.parse(removed.body)).toMatchObject({ source: 'city', version: null });
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'workflow_config')
      .where('entity_id', '=', 320102)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'workflow_config.saved',
      'workflow_config.removed',
    ]);
  });

  it('saves over the version seen: of two editors the second gets CONFLICT', async () => {
    const first = await cityAdmin.get('/api/workflow-configs/320100');
    const v = first.body.version as number;
    const a = await cityAdmin.put('/api/workflow-configs/320100', {
      config: { ...shorter, homeVisitDays: 4 },
      version: v,
    });
    expect(a.status, a.text).toBe(200);
    expect(a.body.version).toBe(v + 1);
    const b = await cityAdmin.put('/api/workflow-configs/320100', {
      config: { ...shorter, homeVisitDays: 6 },
      version: v,
    });
    expect(b.status).toBe(409);
    const again = await cityAdmin.put('/api/workflow-configs/320100', {
      config: shorter,
      version: null,
    });
    expect(again.status).toBe(409);
  });

  it('may be changed only for a region at or below the caller’s node', async () => {
    const sibling = await otherCountyAdmin.put('/api/workflow-configs/320102', {
      config: shorter,
      version: null,
    });
    expect(sibling.status).toBe(403);
    expect(sibling.body.error.userMessage).toContain('所辖地区');
    const up = await countyAdmin.put('/api/workflow-configs/320100', {
      config: shorter,
      version: 1,
    });
    expect(up.status).toBe(403);
    expect((await otherCountyAdmin.get('/api/workflow-configs/320102')).body.canEdit).toBe(false);
    // The root governs every region.
    const root = await rootAdmin.put('/api/workflow-configs/110101', {
      config: shorter,
      version: null,
    });
    expect(root.status, root.text).toBe(200);
  });

  it('refuses a bad config and an unknown region', async () => {
    const twice = await cityAdmin.put('/api/workflow-configs/320100', {
      config: { ...shorter, middleSteps: ['higher_check', 'higher_check'] },
      version: 0,
    });
    expect(twice.status).toBe(400);
    const share = await cityAdmin.put('/api/workflow-configs/320100', {
      config: { ...shorter, reviewSampleShare: 2 },
      version: 0,
    });
    expect(share.status).toBe(400);
    expect((await cityAdmin.get('/api/workflow-configs/329999')).status).toBe(404);
  });
});

async function headersOf(session: Session) {
  const me = await session.get('/api/auth/me');
  return { cookie: session.cookie, 'x-csrf-token': me.body.csrfToken as string };
}
