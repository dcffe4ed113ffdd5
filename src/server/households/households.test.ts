import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildNode,
  buildUser,
  createTestApp,
  type Session,
  type TestApp,
  type TestNode,
} from '../test/test-app';
import { householdInput, idNumberFor } from '../test/household-fixtures';

let t: TestApp;
let county: TestNode;
let union: TestNode;
let otherCounty: TestNode;
let worker: Session;
let other: Session;

beforeAll(async () => {
  t = await createTestApp();
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city' });
  county = await buildNode(t.db, city, { type: 'county', regionCode: '320102' });
  union = await buildNode(t.db, county);
  otherCounty = await buildNode(t.db, city, {
    type: 'county',
    regionCode: '320104',
    name: '秦淮区总工会',
  });
  await t.db
    .insertInto('policy_rates')
    .values([
      {
        kind: 'dibao',
        region_code: '320100',
        monthly_fen: 118_000,
        effective_from: '2024-01-01',
        effective_to: null,
        note: null,
      },
      {
        kind: 'minimum_wage',
        region_code: '320100',
        monthly_fen: 249_000,
        effective_from: '2024-01-01',
        effective_to: null,
        note: null,
      },
    ])
    .execute();
  const u = await buildUser(t.db, union, { roles: ['case_worker'] });
  worker = await t.login(u.username);
  const o = await buildUser(t.db, otherCounty, { roles: ['case_worker'] });
  other = await t.login(o.username);
}, 60_000);

afterAll(() => t.close());

describe('household file', () => {
  it('creates a file, assesses it and masks every sensitive value', async () => {
    const res = await worker.post('/api/households', householdInput(union.id));
    expect(res.status, res.text).toBe(201);
    const file = res.body;
    expect(file.headName).toBe('张建国');
    expect(file.members).toHaveLength(2);
    expect(file.members[0].idNumberMasked).toMatch(/^3201\*{10}\d{3}[\dX]$/);
    expect(file.phoneMasked).toBe('138****5678');
    expect(file.bankAccountMasked).toBe('6222 **** **** 0123');
    expect(file.members[0].hasDiagnosis).toBe(true);
    expect(res.text).not.toContain('13812345678');
    expect(res.text).not.toContain('肺癌');
    expect(res.text).not.toContain(idNumberFor('320102', '1975-04-12', 101));
    // (18000 − 3000) / 12 / 2 = 625 yuan ≤ 1180: deep hardship.
    expect(file.category).toBe('deep');
    expect(file.perCapitaMonthlyFen).toBe(62_500);
    expect(file.assessment.result.trace.length).toBeGreaterThan(3);
    expect(file.assessmentProblem).toBeNull();
  });

  it('answers NOT_FOUND to a user of another county', async () => {
    const list = await worker.get('/api/households');
    const id = list.body.items[0].id;
    expect((await other.get(`/api/households/${id}`)).status).toBe(404);
  });
});
