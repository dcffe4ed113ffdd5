import { randomBytes } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNode, buildUser, createTestApp, type TestApp, type TestNode } from '../test/test-app';
import { signIn, type Client } from '../test/clients';
import { householdInput, addNanjingLines } from '../test/household-fixtures';
import { blobPath, sweepStaleUploads } from './file-store';

let t: TestApp;
let storeDir: string;
let union: TestNode;
let otherCounty: TestNode;
let worker: Client;
let helper: Client;
let other: Client;
let seq = 100;
const maxBytes = 64 * 1024;

beforeAll(async () => {
  storeDir = mkdtempSync(join(tmpdir(), 'bangfu-b-documents-'));
  t = await createTestApp({ documentsDir: storeDir, documentMaxBytes: maxBytes });
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city' });
  const county = await buildNode(t.db, city, { type: 'county', regionCode: '320102' });
  union = await buildNode(t.db, county);
  otherCounty = await buildNode(t.db, city, { type: 'county', regionCode: '320104' });
  await addNanjingLines(t.db);
  worker = await signIn(t, (await buildUser(t.db, union, { roles: ['case_worker'] })).username);
  helper = await signIn(t, (await buildUser(t.db, union, { roles: ['helper'] })).username);
  other = await signIn(
    t,
    (await buildUser(t.db, otherCounty, { roles: ['case_worker'] })).username,
  );
}, 60_000);

afterAll(async () => {
  await t.close();
  rmSync(storeDir, { recursive: true, force: true });
});

/** A new household (因病, secondary 下岗失业) with ID numbers no other test used. */
async function newHousehold() {
  seq += 2;
  const res = await worker.post(
    '/api/households',
    householdInput(union.id, { headSeq: seq + 1, childSeq: seq }),
  );
  expect(res.status, res.text).toBe(201);
  return res.body as { id: number; version: number; members: { id: number; name: string }[] };
}

const pdf = (text = randomBytes(8).toString('hex')) =>
  Buffer.from(`%PDF-1.4\n1 0 obj <<>> endobj\n% ${text}\ntrailer <<>>\n%%EOF\n`, 'latin1');
const png = () =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(32)]);
const tiff = () => Buffer.concat([Buffer.from('II*\0', 'latin1'), randomBytes(32)]);

type Part = { fileName: string; data: Buffer; contentType?: string };

/** multipart/form-data as a browser's FormData sends it: the fields first, then the file. */
function formData(fields: Record<string, string | number>, file: Part | null) {
  const boundary = `----bangfu${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  if (file)
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.fileName}"\r\n` +
          `Content-Type: ${file.contentType ?? 'application/pdf'}\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

async function upload(
  client: Client,
  householdId: number,
  fields: Record<string, string | number>,
  file: Part | null,
) {
  const body = formData(fields, file);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/households/${householdId}/documents`,
    headers: {
      'content-type': body.contentType,
      ...(client.cookie ? { cookie: client.cookie } : {}),
      ...(client.csrfToken ? { 'x-csrf-token': client.csrfToken } : {}),
    },
    payload: body.payload,
  });
  return { status: res.statusCode, body: JSON.parse(res.body || 'null'), text: res.body };
}

const list = async (client: Client, householdId: number) =>
  client.get(`/api/households/${householdId}/documents`);

const missingTypes = async (householdId: number) =>
  ((await list(worker, householdId)).body.missing as { docType: string }[]).map((m) => m.docType);

function tmpFiles(): string[] {
  try {
    return readdirSync(join(storeDir, 'tmp'));
  } catch {
    return [];
  }
}

async function auditActions(householdId: number) {
  const rows = await t.db
    .selectFrom('audit_log')
    .select(['action', 'details', 'actor_username', 'request_id'])
    .where('entity_type', '=', 'household')
    .where('entity_id', '=', householdId)
    .where('action', 'like', 'household.document_%')
    .orderBy('id')
    .execute();
  return rows;
}

describe('POST /api/households/:id/documents', () => {
  it('stores a document that reads back byte for byte, with its audit record', async () => {
    const file = await newHousehold();
    const data = pdf();
    const head = file.members[0]!;
    const res = await upload(
      worker,
      file.id,
      { docType: 'diagnosis', memberId: head.id, note: '市一医院' },
      { fileName: '诊断证明.pdf', data },
    );
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      docType: 'diagnosis',
      fileName: '诊断证明.pdf',
      contentType: 'application/pdf',
      sizeBytes: data.length,
      memberId: head.id,
      memberName: head.name,
      note: '市一医院',
    });
    expect(res.body.uploadedBy).toBeTruthy();
    expect(statSync(blobPath(storeDir, res.body.sha256)).size).toBe(data.length);

    const listed = await list(worker, file.id);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0].id).toBe(res.body.id);
    expect(listed.body.maxBytes).toBe(maxBytes);
    expect(listed.body.members.map((m: { id: number }) => m.id)).toEqual(
      file.members.map((m) => m.id),
    );

    const content = await worker.get(`/api/households/${file.id}/documents/${res.body.id}/content`);
    expect(content.status).toBe(200);
    expect(Buffer.compare(content.raw, data)).toBe(0);

    const actions = await auditActions(file.id);
    expect(actions.map((a) => a.action)).toEqual([
      'household.document_added',
      'household.document_read',
    ]);
    expect(actions[0]!.details).toEqual({
      documentId: res.body.id,
      docType: 'diagnosis',
      fileName: '诊断证明.pdf',
    });
    expect(actions[1]!.details).toEqual({ documentId: res.body.id, docType: 'diagnosis' });
    expect(actions.every((a) => a.actor_username === worker.username && a.request_id)).toBe(true);
    expect(tmpFiles()).toEqual([]);
  });

  it('takes the describing fields from the query string too (the web client sends them so)', async () => {
    const file = await newHousehold();
    const res = await worker.send('POST', `/api/households/${file.id}/documents`, {
      query: { docType: 'id_card' },
      upload: { fileName: 'id.png', data: png(), contentType: 'image/png' },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ docType: 'id_card', contentType: 'image/png' });
  });

  it('keeps the same bytes once however often they are uploaded', async () => {
    const file = await newHousehold();
    const data = pdf('same');
    const first = await upload(
      worker,
      file.id,
      { docType: 'id_card' },
      { fileName: 'a.pdf', data },
    );
    const second = await upload(
      worker,
      file.id,
      { docType: 'hukou_book' },
      { fileName: 'b.pdf', data },
    );
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
    expect(second.body.sha256).toBe(first.body.sha256);
    const dir = join(blobPath(storeDir, first.body.sha256), '..');
    expect(readdirSync(dir).filter((n) => n === first.body.sha256)).toHaveLength(1);
    expect((await list(worker, file.id)).body.items).toHaveLength(2);
  });

  it('refuses a file over the size limit and leaves nothing behind', async () => {
    const file = await newHousehold();
    const before = await t.db
      .selectFrom('household_documents')
      .select((eb) => eb.fn.countAll<number>().as('c'))
      .executeTakeFirstOrThrow();
    const big = Buffer.concat([pdf(), Buffer.alloc(maxBytes, 0x20)]);
    const res = await upload(
      worker,
      file.id,
      { docType: 'other' },
      { fileName: 'big.pdf', data: big },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(res.body.error.message).toContain('larger than the limit of 0.1 MB');
    expect(tmpFiles()).toEqual([]);
    const exact = Buffer.concat([pdf(), Buffer.alloc(maxBytes - pdf().length, 0x20)]);
    expect(exact.length).toBe(maxBytes);
    const ok = await upload(
      worker,
      file.id,
      { docType: 'other' },
      { fileName: 'ok.pdf', data: exact },
    );
    expect(ok.status, ok.text).toBe(201);
    const after = await t.db
      .selectFrom('household_documents')
      .select((eb) => eb.fn.countAll<number>().as('c'))
      .executeTakeFirstOrThrow();
    expect(after.c).toBe(before.c + 1);
  });

  it.each<[string, Buffer, string]>([
    [
      'HTML named .pdf',
      Buffer.from('<html><script>alert(document.cookie)</script></html>'),
      'x.pdf',
    ],
    [
      'SVG named .pdf',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
      'x.pdf',
    ],
    ['a script named .jpg', Buffer.from('#!/bin/sh\necho hi\n'), 'x.jpg'],
    ['an executable named .png', Buffer.concat([Buffer.from('MZ'), randomBytes(64)]), 'x.png'],
    [
      'a zip named .pdf',
      Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), randomBytes(60)]),
      'x.pdf',
    ],
    ['an empty file', Buffer.alloc(0), 'x.pdf'],
  ])('refuses %s whatever its name and claimed type', async (_name, data, fileName) => {
    const file = await newHousehold();
    const res = await upload(
      worker,
      file.id,
      { docType: 'diagnosis' },
      { fileName, data, contentType: 'application/pdf' },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(res.body.error.issues[0].path).toBe('file');
    expect((await list(worker, file.id)).body.items).toEqual([]);
    expect(tmpFiles()).toEqual([]);
  });

  it('refuses an unknown document type, a missing file and another household’s member', async () => {
    const file = await newHousehold();
    const stranger = await newHousehold();
    const bad = await upload(
      worker,
      file.id,
      { docType: 'passport' },
      { fileName: 'a.pdf', data: pdf() },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('docType');
    const none = await upload(worker, file.id, { docType: 'id_card' }, null);
    expect(none.status).toBe(400);
    const member = await upload(
      worker,
      file.id,
      { docType: 'id_card', memberId: stranger.members[0]!.id },
      { fileName: 'a.pdf', data: pdf() },
    );
    expect(member.status).toBe(400);
    expect(member.body.error.issues[0].path).toBe('memberId');
    expect((await list(worker, file.id)).body.items).toEqual([]);
    expect(tmpFiles()).toEqual([]);
  });

  it('needs household.manage', async () => {
    const file = await newHousehold();
    const res = await upload(
      helper,
      file.id,
      { docType: 'id_card' },
      { fileName: 'a.pdf', data: pdf() },
    );
    expect(res.status).toBe(403);
    expect((await list(helper, file.id)).status).toBe(200);
  });
});

describe('GET /api/households/:id/documents/:documentId/content', () => {
  it('sends every document as an attachment that the browser must not sniff or run', async () => {
    const file = await newHousehold();
    const doc = (
      await upload(
        worker,
        file.id,
        { docType: 'id_card' },
        { fileName: '身份证 正面.pdf', data: pdf() },
      )
    ).body;
    const res = await worker.get(`/api/households/${file.id}/documents/${doc.id}/content`);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="document-${doc.id}"; filename*=UTF-8''${encodeURIComponent('身份证 正面.pdf')}`,
    );
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('shows PDF and images inline on request, anything else never', async () => {
    const file = await newHousehold();
    const disposition = async (data: Buffer, fileName: string) => {
      const doc = (await upload(worker, file.id, { docType: 'other' }, { fileName, data })).body;
      const res = await worker.get(
        `/api/households/${file.id}/documents/${doc.id}/content?inline=1`,
      );
      return [
        res.headers['content-type'],
        String(res.headers['content-disposition']).split(';')[0],
      ];
    };
    expect(await disposition(pdf(), 'a.pdf')).toEqual(['application/pdf', 'inline']);
    expect(await disposition(png(), 'a.png')).toEqual(['image/png', 'inline']);
    expect(await disposition(tiff(), 'a.html')).toEqual(['image/tiff', 'attachment']);
  });
  it('answers NOT_FOUND and records no read when the store lost the bytes', async () => {
    const file = await newHousehold();
    const data = pdf('to be lost');
    const doc = (await upload(worker, file.id, { docType: 'other' }, { fileName: 'l.pdf', data }))
      .body;
    rmSync(blobPath(storeDir, doc.sha256));
    const res = await worker.get(`/api/households/${file.id}/documents/${doc.id}/content`);
    expect(res.status).toBe(404);
    expect((await auditActions(file.id)).map((a) => a.action)).toEqual([
      'household.document_added',
    ]);
  });
});

describe('missing documents', () => {
  it('shrinks as documents are added and follows the causes of hardship', async () => {
    const file = await newHousehold();
    const common = [
      'id_card',
      'hukou_book',
      'income_certificate',
      'application_form',
      'authorisation',
    ];
    // 因病 with 下岗失业 as a secondary cause.
    expect(await missingTypes(file.id)).toEqual([
      ...common,
      'diagnosis',
      'medical_receipts',
      'unemployment_certificate',
    ]);
    await upload(worker, file.id, { docType: 'diagnosis' }, { fileName: 'd.pdf', data: pdf() });
    await upload(worker, file.id, { docType: 'id_card' }, { fileName: 'i.png', data: png() });
    expect(await missingTypes(file.id)).toEqual([
      'hukou_book',
      'income_certificate',
      'application_form',
      'authorisation',
      'medical_receipts',
      'unemployment_certificate',
    ]);

    // Now 因残 with 单亲: the medical and unemployment papers are no longer asked for.
    const stored = (await worker.get(`/api/households/${file.id}`)).body;
    const body = {
      ...stored,
      mainCause: 'disability',
      secondaryCauses: ['single_parent'],
      members: stored.members.map((m: Record<string, unknown>) => {
        const { idNumberMasked: _i, hasDiagnosis: _d, ...rest } = m;
        return rest;
      }),
    };
    for (const key of Object.keys(body)) if (!(key in householdInput(union.id))) delete body[key];
    const saved = await worker.put(`/api/households/${file.id}`, {
      version: stored.version,
      file: body,
    });
    expect(saved.status, saved.text).toBe(200);
    expect(await missingTypes(file.id)).toEqual([
      'hukou_book',
      'income_certificate',
      'application_form',
      'authorisation',
      'disability_certificate',
      'divorce_or_death_certificate',
    ]);
  });
});

describe('DELETE /api/households/:id/documents/:documentId', () => {
  it('takes the document off the file, keeps its bytes, and audits it', async () => {
    const file = await newHousehold();
    const data = pdf();
    const doc = (
      await upload(worker, file.id, { docType: 'diagnosis' }, { fileName: 'd.pdf', data })
    ).body;
    expect(await missingTypes(file.id)).not.toContain('diagnosis');
    const res = await worker.send('DELETE', `/api/households/${file.id}/documents/${doc.id}`);
    expect(res.status, res.text).toBe(204);
    expect((await list(worker, file.id)).body.items).toEqual([]);
    expect(await missingTypes(file.id)).toContain('diagnosis');
    expect(
      (await worker.get(`/api/households/${file.id}/documents/${doc.id}/content`)).status,
    ).toBe(404);
    expect(
      (await worker.send('DELETE', `/api/households/${file.id}/documents/${doc.id}`)).status,
    ).toBe(404);
    expect(statSync(blobPath(storeDir, doc.sha256)).size).toBe(data.length);
    const row = await t.db
      .selectFrom('household_documents')
      .select(['removed_at', 'removed_by'])
      .where('id', '=', doc.id)
      .executeTakeFirstOrThrow();
    expect(row.removed_at).toBeInstanceOf(Date);
    expect(row.removed_by).not.toBeNull();
    expect((await auditActions(file.id)).map((a) => a.action)).toEqual([
      'household.document_added',
      'household.document_removed',
    ]);
  });

  it('needs household.manage', async () => {
    const file = await newHousehold();
    const doc = (
      await upload(worker, file.id, { docType: 'other' }, { fileName: 'o.pdf', data: pdf() })
    ).body;
    expect(
      (await helper.send('DELETE', `/api/households/${file.id}/documents/${doc.id}`)).status,
    ).toBe(403);
  });
});

describe('scope', () => {
  it('answers NOT_FOUND to a user of another county on every route, and stores nothing', async () => {
    const file = await newHousehold();
    const doc = (
      await upload(worker, file.id, { docType: 'other' }, { fileName: 'o.pdf', data: pdf() })
    ).body;
    const before = await auditActions(file.id);
    expect((await list(other, file.id)).status).toBe(404);
    expect((await other.get(`/api/households/${file.id}/documents/${doc.id}/content`)).status).toBe(
      404,
    );
    expect(
      (await other.send('DELETE', `/api/households/${file.id}/documents/${doc.id}`)).status,
    ).toBe(404);
    const data = pdf('from elsewhere');
    const res = await upload(other, file.id, { docType: 'id_card' }, { fileName: 'x.pdf', data });
    expect(res.status).toBe(404);
    expect((await list(worker, file.id)).body.items).toHaveLength(1);
    expect(await auditActions(file.id)).toEqual(before);
    expect(tmpFiles()).toEqual([]);
  });

  it('does not serve a document through another household’s id', async () => {
    const a = await newHousehold();
    const b = await newHousehold();
    const doc = (
      await upload(worker, a.id, { docType: 'other' }, { fileName: 'o.pdf', data: pdf() })
    ).body;
    expect((await worker.get(`/api/households/${b.id}/documents/${doc.id}/content`)).status).toBe(
      404,
    );
    expect(
      (await worker.send('DELETE', `/api/households/${b.id}/documents/${doc.id}`)).status,
    ).toBe(404);
  });

  it('answers 401 without a session', async () => {
    const file = await newHousehold();
    const res = await t.app.inject({ method: 'GET', url: `/api/households/${file.id}/documents` });
    expect(res.statusCode).toBe(401);
  });
});

describe('sweepStaleUploads', () => {
  it('removes half-written uploads older than the threshold, and only those', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bangfu-b-sweep-'));
    mkdirSync(join(dir, 'tmp'));
    const old = join(dir, 'tmp', 'old.part');
    writeFileSync(old, 'x');
    const past = new Date(Date.now() - 7 * 3_600_000);
    utimesSync(old, past, past);
    writeFileSync(join(dir, 'tmp', 'running.part'), 'x');
    writeFileSync(join(dir, 'tmp', 'keep.txt'), 'x');
    expect(await sweepStaleUploads(dir)).toBe(1);
    expect(readdirSync(join(dir, 'tmp')).sort()).toEqual(['keep.txt', 'running.part']);
    expect(await sweepStaleUploads(join(dir, 'absent'))).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });
});
