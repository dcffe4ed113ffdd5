import iconv from 'iconv-lite';
import { signIn, type Client, type Upload } from '../test/clients';
import type { TestApp } from '../test/test-app';
import { householdInput, idNumberFor } from '../test/household-fixtures';

/** A CSV extract from rows of cells (first row the header), UTF-8 or GBK. */
export function extractCsv(rows: string[][], encoding: 'utf8' | 'gbk' = 'utf8'): Upload {
  const text = rows
    .map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
    .join('\r\n');
  return {
    fileName: `extract-${encoding}.csv`,
    data: encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text),
    contentType: 'text/csv',
  };
}

/** A 低保 roll naming the world's county-A household head (甲县张建国, headSeq 101). */
export function worldDibaoExtract(): Upload {
  return extractCsv([
    ['姓名', '公民身份号码', '低保证号', '月保障金额（元）', '救助类别'],
    ['甲县张建国', idNumberFor('320102', '1975-04-12', 101), 'XW-2026-0001', '680', '城市低保'],
  ]);
}

/** A matching round of county A with an open finding on the world's household. */
export async function createWorldRegistryRound(
  t: TestApp,
  username: string,
  nodeId: number,
): Promise<{ roundId: number; findingId: number }> {
  const client = await signIn(t, username);
  const res = await client.send('POST', '/api/registry/rounds', {
    query: { kind: 'dibao', nodeId },
    upload: worldDibaoExtract(),
  });
  if (res.status !== 201) throw new Error(`world registry round: ${res.status} ${res.text}`);
  const findings = await client.get('/api/registry/findings', { roundId: res.body.id });
  const finding = findings.body?.items?.[0];
  if (!finding) throw new Error(`world registry finding: none (${findings.text})`);
  return { roundId: res.body.id as number, findingId: finding.id as number };
}

/**
 * A new file kept by `nodeId` and an open vehicle finding on its head, made
 * through the API by `client` (who must be allowed both): the finding's id.
 */
export async function openVehicleFinding(
  client: Client,
  nodeId: number,
  headSeq: number,
): Promise<number> {
  const input = householdInput(nodeId, { headSeq, childSeq: headSeq + 100 });
  input.members[0]!.name = `比对户主${headSeq}`;
  const file = await client.post('/api/households', input);
  if (file.status !== 201) throw new Error(`finding file: ${file.status} ${file.text}`);
  const round = await client.send('POST', '/api/registry/rounds', {
    query: { kind: 'vehicle', nodeId },
    upload: extractCsv([
      ['所有人', '身份证号', '号牌号码'],
      [`比对户主${headSeq}`, idNumberFor('320102', '1975-04-12', headSeq), `苏A${headSeq}`],
    ]),
  });
  if (round.status !== 201) throw new Error(`finding round: ${round.status} ${round.text}`);
  const findings = await client.get('/api/registry/findings', { roundId: round.body.id });
  return findings.body.items[0].id as number;
}
