import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import type { Db } from '../db/database';
import type { Client } from '../test/clients';
import { idNumberFor } from '../test/household-fixtures';
import { runningChecks } from './imports.service';

/**
 * Test workbooks made by a real spreadsheet program: the tests write flat ODS
 * (.fods, plain XML) with exactly the quirks they want — numbers where text
 * belongs, date cells, merged cells, hidden sheets — and LibreOffice
 * (Debian's libreoffice-calc-nogui) converts them to .xlsx, all files in one
 * call because it is slow to start.
 */

export type FodsCell =
  string | { float: number } | { date: string } | { text: string; span: number } | null;

export type FodsSheet = { name: string; hidden?: boolean; rows: FodsCell[][] };

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function cellXml(c: FodsCell): string {
  if (c === null) return '<table:table-cell/>';
  if (typeof c === 'string')
    return `<table:table-cell office:value-type="string"><text:p>${esc(c)}</text:p></table:table-cell>`;
  if ('float' in c)
    return `<table:table-cell office:value-type="float" office:value="${c.float}"><text:p>${c.float}</text:p></table:table-cell>`;
  if ('date' in c)
    return `<table:table-cell table:style-name="ce_date" office:value-type="date" office:date-value="${c.date}"><text:p>${c.date}</text:p></table:table-cell>`;
  return (
    `<table:table-cell office:value-type="string" table:number-columns-spanned="${c.span}" table:number-rows-spanned="1"><text:p>${esc(c.text)}</text:p></table:table-cell>` +
    '<table:covered-table-cell/>'.repeat(c.span - 1)
  );
}

export function buildFods(sheets: FodsSheet[]): string {
  const tables = sheets
    .map(
      (s) =>
        `<table:table table:name="${esc(s.name)}"${s.hidden ? ' table:style-name="ta_hidden"' : ' table:style-name="ta_shown"'}>` +
        s.rows
          .map((r) => `<table:table-row>${r.map(cellXml).join('')}</table:table-row>`)
          .join('') +
        '</table:table>',
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
<style:style style:name="ta_shown" style:family="table"><style:table-properties table:display="true"/></style:style>
<style:style style:name="ta_hidden" style:family="table"><style:table-properties table:display="false"/></style:style>
<number:date-style style:name="N_date"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
<style:style style:name="ce_date" style:family="table-cell" style:data-style-name="N_date"/>
</office:automatic-styles>
<office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body>
</office:document>`;
}

const run = promisify(execFile);

/**
 * Converts each source file (.fods, .csv …) to .xlsx with LibreOffice headless,
 * in one call; returns the .xlsx bytes by source name. CSV needs its filter
 * named (`CSV:44,34,76` is comma, double quote, UTF-8): LibreOffice would
 * otherwise read it as Latin-1. Calls with their own profile may run at once.
 */
export async function convertWithLibreOffice(
  files: { name: string; content: string | Buffer }[],
  options: { infilter?: string } = {},
): Promise<Map<string, Buffer>> {
  const dir = await mkdtemp(join(tmpdir(), 'bangfu-lo-'));
  const paths = [];
  for (const f of files) {
    const p = join(dir, f.name);
    await writeFile(p, f.content);
    paths.push(p);
  }
  await run(
    'soffice',
    [
      `-env:UserInstallation=file://${join(dir, 'profile')}`,
      '--headless',
      ...(options.infilter ? [`--infilter=${options.infilter}`] : []),
      '--convert-to',
      'xlsx',
      '--outdir',
      join(dir, 'out'),
      ...paths,
    ],
    { timeout: 120_000 },
  );
  const out = new Map<string, Buffer>();
  for (const f of files)
    out.set(
      f.name,
      await readFile(join(dir, 'out', basename(f.name).replace(/\.[^.]+$/, '.xlsx'))),
    );
  return out;
}

// ---------------------------------------------------------------- the authorization and audit tests

/** A small CSV of one household (with a child) for a node of 玄武区 (320102). */
export function importCsvUpload(seq = 131): {
  fileName: string;
  data: Buffer;
  contentType: string;
} {
  const head = idNumberFor('320102', '1974-04-04', seq);
  const child = idNumberFor('320102', '2009-09-09', seq + 100);
  const text = [
    '户主身份证号,姓名,身份证号,与户主关系,行政区划代码,主要致困原因,有无劳动能力',
    `,导入户主${seq},${head},本人,320102,因病,否`,
    `${head},导入子女${seq},${child},子女,,,否`,
  ].join('\n');
  return { fileName: `import-${seq}.csv`, data: Buffer.from(text), contentType: 'text/csv' };
}

/**
 * A checked (validated) import of county A's node, as the world of the
 * authorization test holds it: its file on disk, nothing staged.
 */
export async function createWorldImport(
  db: Db,
  node: { id: number; path: string },
  userId: number,
): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'bangfu-world-import-'));
  const upload = importCsvUpload(141);
  const path = join(dir, 'world.csv');
  await writeFile(path, upload.data);
  const row = await db
    .insertInto('imports')
    .values({
      node_id: node.id,
      node_path: node.path,
      file_name: upload.fileName,
      file_path: path,
      file_kind: 'csv',
      file_size: upload.data.length,
      mode: 'draft',
      status: 'validated',
      summary: JSON.stringify({
        rows: 0,
        households: 0,
        new: 0,
        changed: 0,
        unchanged: 0,
        rejected: 0,
        rejectedRows: 0,
        categories: {},
      }),
      created_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Uploads the CSV to a node and waits for its check: a validated import's id. */
export async function checkedImport(
  client: { send: Client['send'] },
  nodeId: number,
  seq: number,
): Promise<number> {
  const res = await client.send('POST', '/api/imports', {
    query: { nodeId },
    upload: importCsvUpload(seq),
  });
  if (res.status !== 202) throw new Error(`checked import: ${res.status} ${res.text}`);
  await runningChecks.get(res.body.id);
  return res.body.id as number;
}
