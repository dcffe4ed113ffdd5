import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, type Tx } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import {
  householdFileInputSchema,
  type HouseholdFileInput,
  type HouseholdFileInputJson,
} from '../../shared/households/household-file';
import {
  buildNode,
  buildUser,
  createTestApp,
  testCipher,
  type TestApp,
  type TestNode,
} from '../test/test-app';
import { addNanjingLines, householdInput, idNumberFor } from '../test/household-fixtures';
import { createHousehold } from './households.service';
import { createHouseholds } from './bulk-create';

/**
 * The batch create (what the import's commit runs) must write exactly what
 * creating the files one by one writes: the same file rows, members with their
 * encrypted, hashed and masked numbers, items, exclusions, assessments and
 * audit records — and refuse the same files with the same words. Both paths
 * run on the same node in a transaction that is rolled back, so the people
 * are free for the other.
 */

let t: TestApp;
let union: TestNode;
let elsewhere: TestNode;
let ctx: RequestContext;

beforeAll(async () => {
  t = await createTestApp();
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city' });
  const county = await buildNode(t.db, city, { type: 'county', regionCode: '320102' });
  union = await buildNode(t.db, county);
  const otherCounty = await buildNode(t.db, city, { type: 'county', regionCode: '320104' });
  elsewhere = await buildNode(t.db, otherCounty);
  await addNanjingLines(t.db);
  const user = await buildUser(t.db, county, { roles: ['case_worker'] });
  const actor = await t.db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'node_id'])
    .where('username', '=', user.username)
    .executeTakeFirstOrThrow();
  ctx = {
    actor: {
      userId: actor.id,
      username: actor.username,
      displayName: actor.display_name,
      nodeId: actor.node_id,
      scopePath: county.path,
      roles: ['case_worker'],
      permissions: new Set(),
      mustChangePassword: false,
      sessionId: '',
      csrfToken: '',
    },
    requestId: 'bulk-create-test',
    ip: '',
  };
  // An active file whose head a later input names as a member.
  await createHousehold(
    { db: t.db, cipher: testCipher },
    ctx,
    parse(householdInput(union.id, { headSeq: 901, childSeq: 902 })),
  );
}, 60_000);

afterAll(() => t.close());

function parse(json: HouseholdFileInputJson): HouseholdFileInput {
  return householdFileInputSchema.parse(json);
}

function inputs(): HouseholdFileInput[] {
  const plain = householdInput(union.id, { headSeq: 301, childSeq: 402 });
  // No phone, bank account or exclusions; a child without an ID number; items on the child and the household.
  const bare = householdInput(union.id, { headSeq: 303, childSeq: 404 });
  delete bare.phone;
  delete bare.bankAccount;
  bare.bankName = null;
  bare.exclusions = {};
  bare.members[1]!.idNumber = null;
  bare.incomes = [
    { memberRef: 'child', type: 'wages', amountFen: 600_000 },
    { memberRef: null, type: 'transfers', amountFen: 240_000, note: '慰问金' },
  ];
  bare.rigidExpenditures = [];
  // A region without a 低保 line: written, with a problem instead of an assessment.
  const noLine = householdInput(union.id, { headSeq: 305, childSeq: 406, regionCode: '110101' });
  // Its child is the head of an active file: refused.
  const taken = householdInput(union.id, { headSeq: 307, childSeq: 0 });
  Object.assign(taken.members[1]!, {
    idNumber: idNumberFor('320102', '1975-04-12', 901),
    birthDate: '1975-04-12',
    sex: 'male',
    relation: 'spouse',
    isInFullTimeStudy: false,
    studyLevel: null,
    school: null,
  });
  // A code that is not in its dictionary: refused.
  const badCode = householdInput(union.id, { headSeq: 309, childSeq: 410, employerType: 'nope' });
  // A node outside the caller's scope: refused.
  const outside = householdInput(elsewhere.id, { headSeq: 311, childSeq: 412 });
  // A person in two files of the batch: the second is refused.
  const first = householdInput(union.id, { headSeq: 313, childSeq: 414 });
  const second = householdInput(union.id, { headSeq: 315, childSeq: 414 });
  second.phone = '13900001111';
  const richer = householdInput(union.id, {
    headSeq: 317,
    childSeq: 418,
    incomes: [
      { memberRef: 'head', type: 'transfers', amountFen: 30_000_000 },
      { memberRef: 'child', type: 'wages', amountFen: 120_000 },
    ],
  });
  return [plain, bare, noLine, taken, badCode, outside, first, second, richer].map(parse);
}

type Outcome = { id: number | null; problem: string | null; refused: string | null };

class Rollback extends Error {
  constructor(readonly value: unknown) {
    super('rollback');
  }
}

/** Runs `fn` in a transaction, reads what it wrote, and rolls it all back. */
async function written(fn: (trx: Tx) => Promise<Outcome[]>) {
  try {
    await inTransaction(t.db, async (trx) => {
      const outcomes = await fn(trx);
      const files = [];
      for (const o of outcomes) files.push(o.id === null ? null : await rowsOf(trx, o.id));
      throw new Rollback({ outcomes: outcomes.map(({ id: _id, ...o }) => o), files });
    });
  } catch (error) {
    if (error instanceof Rollback) return error.value;
    throw error;
  }
  throw new Error('not rolled back');
}

const omit = (row: Record<string, unknown>, keys: string[]) =>
  Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k)));

/** Everything written for a file, without ids and times; member ids as their order. */
async function rowsOf(trx: Tx, id: number) {
  const household = await trx
    .selectFrom('households')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const members = await trx
    .selectFrom('household_members')
    .selectAll()
    .where('household_id', '=', id)
    .orderBy('sort')
    .execute();
  const sortOf = new Map(members.map((m) => [m.id, m.sort]));
  const items = async (table: 'household_incomes' | 'household_expenditures') =>
    (
      await trx
        .selectFrom(table)
        .selectAll()
        .where('household_id', '=', id)
        .orderBy('sort')
        .execute()
    ).map((i) => ({
      ...omit(i, ['id', 'household_id']),
      member_id: i.member_id === null ? null : sortOf.get(i.member_id),
    }));
  const decrypt = (v: string | null) => (v === null ? null : testCipher.decrypt(v));
  const ids = [...sortOf.keys()].map(String);
  // Member ids appear in snapshots and traces as refs ("12") and in keys ("member:12:name").
  const normal = (value: unknown) =>
    JSON.parse(
      JSON.stringify(value ?? null).replace(
        /(member:|"|"[a-z_]+ )(\d+)(?=[:" ])/g,
        (match, before: string, id: string) =>
          ids.includes(id) ? `${before}#${sortOf.get(Number(id))}` : match,
      ),
    );
  return {
    household: {
      ...omit(household, [
        'id',
        'created_at',
        'updated_at',
        'assessed_at',
        'last_assessment_id',
        'case_step_since',
        'change_seq',
        'phone_enc',
        'bank_account_enc',
      ]),
      phone: decrypt(household.phone_enc),
      bank_account: decrypt(household.bank_account_enc),
      isLatestAssessment: household.last_assessment_id !== null,
    },
    members: members.map((m) => ({
      ...omit(m, [
        'id',
        'household_id',
        'created_at',
        'updated_at',
        'id_number_enc',
        'diagnosis_enc',
      ]),
      id_number: decrypt(m.id_number_enc),
      diagnosis: decrypt(m.diagnosis_enc),
    })),
    incomes: await items('household_incomes'),
    expenditures: await items('household_expenditures'),
    exclusions: await trx
      .selectFrom('household_exclusions')
      .select(['exclusion_id', 'answer', 'evidence'])
      .where('household_id', '=', id)
      .orderBy('exclusion_id')
      .execute(),
    assessments: (
      await trx
        .selectFrom('household_assessments')
        .selectAll()
        .select(sql<string>`as_of::text`.as('as_of'))
        .where('household_id', '=', id)
        .execute()
    ).map((a) => normal(omit(a, ['id', 'household_id', 'assessed_at']))),
    audit: (
      await trx
        .selectFrom('audit_log')
        .select(['action', 'details', 'before', 'after', 'node_id', 'actor_user_id', 'request_id'])
        .where('entity_type', '=', 'household')
        .where('entity_id', '=', id)
        .orderBy('action')
        .execute()
    ).map(normal),
  };
}

const refusedAs = (error: unknown) => {
  if (!(error instanceof AppError)) throw error;
  return `${error.code} ${error.userMessage ?? error.message}`;
};

const outcomesOf = (outcomes: Awaited<ReturnType<typeof createHouseholds>>): Outcome[] =>
  outcomes.map((o) =>
    o.isCreated
      ? { id: o.id, problem: o.assessmentProblem, refused: null }
      : { id: null, problem: null, refused: refusedAs(o.error) },
  );

describe('createHouseholds', () => {
  let oneByOne: unknown;

  it('writes what createHousehold writes file by file, and refuses the same files', async () => {
    oneByOne = await written(async (trx) => {
      const outcomes: Outcome[] = [];
      for (const input of inputs()) {
        await sql`savepoint one`.execute(trx);
        try {
          const saved = await createHousehold({ db: trx, cipher: testCipher }, ctx, input);
          outcomes.push({ id: saved.id, problem: saved.assessmentProblem, refused: null });
        } catch (error) {
          await sql`rollback to savepoint one`.execute(trx);
          outcomes.push({ id: null, problem: null, refused: refusedAs(error) });
        }
      }
      return outcomes;
    });
    const batch = await written(async (trx) =>
      outcomesOf(await createHouseholds({ db: trx, cipher: testCipher }, ctx, inputs())),
    );
    expect(batch).toEqual(oneByOne);

    // The comparison means something: files written, refused for each reason, one unassessed.
    const { outcomes, files } = oneByOne as { outcomes: Outcome[]; files: unknown[] };
    expect(outcomes.map((o) => o.refused?.split(' ')[0] ?? 'written')).toEqual([
      'written',
      'written',
      'written',
      'CONFLICT',
      'VALIDATION',
      'NOT_FOUND',
      'written',
      'CONFLICT',
      'written',
    ]);
    expect(outcomes[2]!.problem).toBeTruthy();
    expect(outcomes[0]!.problem).toBeNull();
    expect(outcomes[3]!.refused).toContain('一人只能在一户在档档案中');
    expect(files[0]).toMatchObject({
      household: { phone: '13812345678', head_name: '张建国' },
      members: [{ id_number: idNumberFor('320102', '1975-04-12', 301) }, {}],
    });
    expect(files[1]).toMatchObject({
      household: { phone: null, bank_account: null, phone_masked: null },
      members: [{}, { id_number: null, id_number_hash: null, active_id_number_hash: null }],
      incomes: [{ member_id: 1 }, { member_id: null, note: '慰问金' }],
      exclusions: [],
    });
  });

  it('does nothing for no files', async () => {
    expect(await createHouseholds({ db: t.db, cipher: testCipher }, ctx, [])).toEqual([]);
  });

  it('writes the files one by one when a multi-row insert fails on a constraint', async () => {
    // As if someone filed a person of the batch between its checks and its inserts:
    // a trigger refuses any insert of more than one file with a unique violation.
    const fallback = await written(async (trx) => {
      await sql`
        create function refuse_many() returns trigger language plpgsql as $$
        begin
          if (select count(*) from inserted) > 1 then
            raise exception 'two files at once' using errcode = 'unique_violation';
          end if;
          return null;
        end $$`.execute(trx);
      await sql`
        create trigger refuse_many after insert on households
        referencing new table as inserted for each statement execute function refuse_many()`.execute(
        trx,
      );
      return outcomesOf(await createHouseholds({ db: trx, cipher: testCipher }, ctx, inputs()));
    });
    expect(fallback).toEqual(oneByOne);
  });
});
