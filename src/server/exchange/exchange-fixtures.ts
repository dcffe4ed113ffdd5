import type { Upload } from '../test/clients';
import { archiveFormat, archiveVersion } from '../../shared/exchange/household-archive';

/** An exchange file with no household: header and end line only. */
export function emptyArchive(): Upload {
  const text = [
    JSON.stringify({
      type: 'header',
      format: archiveFormat,
      version: archiveVersion,
      exportedAt: '2026-11-29T00:00:00.000Z',
      node: { code: 'EMPTY', name: '空交换文件' },
    }),
    JSON.stringify({ type: 'end', households: 0 }),
  ].join('\n');
  return { fileName: 'empty.jsonl', data: Buffer.from(text), contentType: 'application/x-ndjson' };
}
