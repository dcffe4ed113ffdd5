import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNode, buildUser, createTestApp, type TestApp, type TestNode } from '../test/test-app';
import { signIn, type Client } from '../test/clients';
import { addNanjingLines, idNumberFor } from '../test/household-fixtures';
import { runningChecks } from './imports.service';

/**
 * A 100,000-row CSV (50,000 households of two), generated at test time,
 * checked in one dry run: memory stays flat because neither the file nor its
 * rows are ever held whole (the rows are staged in the database).
 */

const households = Number(process.env.SCALE_HOUSEHOLDS ?? 50_000);
let t: TestApp;
let union: TestNode;
let clerk: Client;
let csvPath: string;

function isoPlus(days: number): string {
  return new Date(Date.UTC(1950, 0, 1) + days * 86_400_000).toISOString().slice(0, 10);
}

async function writeCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write(
    '户主身份证号,姓名,身份证号,与户主关系,行政区划代码,主要致困原因,有无劳动能力,工资收入\n',
  );
  for (let i = 0; i < households; i++) {
    const head = idNumberFor('320102', isoPlus(i % 18_000), 1 + 2 * Math.floor(i / 18_000));
    const spouse = idNumberFor('320102', isoPlus(i % 18_000), 500 + 2 * Math.floor(i / 18_000));
    const line =
      `,户主${i},${head},本人,320102,因病,否,${(i % 50) * 1000}\n` +
      `${head},配偶${i},${spouse},配偶,,,是,\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bangfu-import-scale-'));
  t = await createTestApp({ dataDir: dir });
  const province = await buildNode(t.db, t.root, { type: 'province' });
  const city = await buildNode(t.db, province, { type: 'city' });
  const county = await buildNode(t.db, city, { type: 'county', regionCode: '320102' });
  union = await buildNode(t.db, county);
  await addNanjingLines(t.db);
  clerk = await signIn(t, (await buildUser(t.db, county, { roles: ['case_worker'] })).username);
  csvPath = join(dir, 'big.csv');
  await writeCsv(csvPath);
}, 60_000);
afterAll(() => t?.close());

describe('a 100,000-row file', () => {
  it('is checked as a stream with flat memory', async () => {
    const size = (await stat(csvPath)).size;
    global.gc?.();
    const base = process.memoryUsage();
    let peakHeap = base.heapUsed;
    let peakRss = base.rss;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
    }, 100);
    const started = Date.now();
    const res = await clerk.send('POST', '/api/imports', {
      query: { nodeId: union.id },
      upload: { fileName: 'big.csv', data: await readFile(csvPath), contentType: 'text/csv' },
    });
    expect(res.status, res.text).toBe(202);
    await runningChecks.get(res.body.id);
    clearInterval(sampler);
    const seconds = (Date.now() - started) / 1000;
    const view = (await clerk.get(`/api/imports/${res.body.id}`)).body;
    expect(view.status, view.error).toBe('validated');
    expect(view.summary).toMatchObject({ rows: 100_000, households, new: households, rejected: 0 });
    const mb = (n: number) => Math.round(n / 1024 / 1024);
    console.log(
      `100,000 rows (${mb(size)} MB CSV) checked in ${seconds.toFixed(1)} s; ` +
        `heap ${mb(base.heapUsed)} → peak ${mb(peakHeap)} MB, RSS ${mb(base.rss)} → peak ${mb(peakRss)} MB`,
    );
    // The test holds the upload (its 6 MB and the multipart copies); the rest is chunks and GC slack.
    expect(peakHeap - base.heapUsed).toBeLessThan(300 * 1024 * 1024);
  }, 300_000);
});
