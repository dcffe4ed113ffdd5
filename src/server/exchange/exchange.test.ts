import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNode, buildUser, createTestApp, type TestApp, type TestNode } from '../test/test-app';
import { signIn, type Client, type Upload } from '../test/clients';
import { addNanjingLines, householdInput } from '../test/household-fixtures';
import { inTransaction } from '../db/database';
import { registerDirectly } from '../cases/cases.service';

/** Two instances: a county's own (sending) and the city's (receiving), same tree codes. */
type Instance = { t: TestApp; county: TestNode; union: TestNode; admin: Client };
let sender: Instance;
let receiver: Instance;

async function instance(): Promise<Instance> {
  const t = await createTestApp();
  const province = await buildNode(t.db, t.root, { type: 'province', code: 'JS' });
  const city = await buildNode(t.db, province, { type: 'city', code: 'JS-NJ' });
  const county = await buildNode(t.db, city, {
    type: 'county',
    code: 'JS-NJ-XW',
    regionCode: '320102',
  });
  const union = await buildNode(t.db, county, { code: 'JS-NJ-XW-U1', name: '玄武机械厂工会' });
  await addNanjingLines(t.db);
  const user = await buildUser(t.db, city, { roles: ['federation_admin', 'case_worker'] });
  return { t, county, union, admin: await signIn(t, user.username) };
}

function lines(text: string) {
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

const archiveUpload = (text: string): Upload => ({
  fileName: 'archive.jsonl',
  data: Buffer.from(text),
  contentType: 'application/x-ndjson',
});

beforeAll(async () => {
  sender = await instance();
  receiver = await instance();
  const registered = householdInput(sender.union.id, { headSeq: 301, childSeq: 402 });
  registered.members[0]!.name = '档案甲';
  const a = await sender.admin.post('/api/households', registered);
  expect(a.status, a.text).toBe(201);
  await inTransaction(sender.t.db, (trx) =>
    registerDirectly(trx, { actor: null }, a.body.id, '测试'),
  );
  const draft = householdInput(sender.county.id, { headSeq: 303, childSeq: 404 });
  draft.members[0]!.name = '档案乙';
  draft.phone = null;
  const b = await sender.admin.post('/api/households', draft);
  expect(b.status, b.text).toBe(201);
});

afterAll(async () => {
  await sender.t.close();
  await receiver.t.close();
});

describe('exportArchive / importArchive', () => {
  it('round-trips a subtree between two databases: the receiver exports the same households', async () => {
    const out = await sender.admin.get('/api/exchange/archive', { nodeId: sender.county.id });
    expect(out.status, out.text).toBe(200);
    expect(String(out.headers['content-type'])).toContain('application/x-ndjson');
    const sent = lines(out.text);
    expect(sent[0]).toMatchObject({
      type: 'header',
      format: 'bangfu.household-archive',
      version: 1,
      node: { code: 'JS-NJ-XW' },
    });
    expect(sent.at(-1)).toEqual({ type: 'end', households: 2 });
    const [first] = sent.slice(1, -1);
    expect(first).toMatchObject({ nodeCode: 'JS-NJ-XW-U1', caseStatus: 'registered' });
    expect(first.file.members[0].diagnosis).toBe('肺癌术后化疗');
    expect(first.file.phone).toBe('13812345678');

    const res = await receiver.admin.send('POST', '/api/exchange/archive', {
      query: { nodeId: receiver.county.id },
      upload: archiveUpload(out.text),
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ created: 2, registered: 1, skipped: [] });

    const back = await receiver.admin.get('/api/exchange/archive', { nodeId: receiver.county.id });
    const received = lines(back.text);
    const strip = (l: { fileNo?: unknown }) => ({ ...l, fileNo: null });
    expect(received.slice(1, -1).map(strip)).toEqual(sent.slice(1, -1).map(strip));
    expect(received.at(-1)).toEqual({ type: 'end', households: 2 });
    // The registered file got this instance's own file number.
    expect(received[1].fileNo).toMatch(/^JS-NJ-XW-U1-/);
  });

  it('skips a household whose person is already in an active file here, with the reason', async () => {
    const out = await sender.admin.get('/api/exchange/archive', { nodeId: sender.county.id });
    const res = await receiver.admin.send('POST', '/api/exchange/archive', {
      query: { nodeId: receiver.county.id },
      upload: archiveUpload(out.text),
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.created).toBe(0);
    expect(res.body.skipped.map((s: { name: string }) => s.name)).toEqual(['档案甲', '档案乙']);
    // In both languages: the screen shows the Chinese one on zh-CN.
    expect(res.body.skipped[0].reason).toMatch(/active file/);
    expect(res.body.skipped[0].userMessage).toContain('已在另一份在档困难职工档案中');
  });

  it('refuses a cut file, another format, and writes nothing', async () => {
    const out = await sender.admin.get('/api/exchange/archive', { nodeId: sender.county.id });
    const cut = out.text.trim().split('\n').slice(0, -1).join('\n');
    const r1 = await receiver.admin.send('POST', '/api/exchange/archive', {
      query: { nodeId: receiver.union.id },
      upload: archiveUpload(cut),
    });
    expect(r1.status).toBe(400);
    expect(r1.body.error.userMessage).toContain('结束行');
    const other = out.text.replace('"version":1', '"version":2');
    const r2 = await receiver.admin.send('POST', '/api/exchange/archive', {
      query: { nodeId: receiver.union.id },
      upload: archiveUpload(other),
    });
    expect(r2.status).toBe(400);
  });

  it('exports only within scope', async () => {
    const otherCounty = await buildNode(sender.t.db, { id: sender.county.id }, {});
    const clerk = await buildUser(sender.t.db, otherCounty, { roles: ['case_worker'] });
    const client = await signIn(sender.t, clerk.username);
    const res = await client.get('/api/exchange/archive', { nodeId: sender.county.id });
    expect(res.status).toBe(404);
  });
});
