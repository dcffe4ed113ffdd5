import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../shared/errors';
import {
  documentContentTypes,
  sniffFileKind,
  sniffLength,
  type DocumentFileKind,
} from '../../shared/households/documents';

/**
 * The content-addressed file store: each distinct content is kept once, at
 * <store>/<aa>/<bb>/<sha256>, and never changed or deleted by the app (rows
 * point to it; two rows may share it). Uploads land in <store>/tmp first and
 * are renamed into place only once hashed and checked, so a half-written or
 * refused file is never visible under its hash.
 */

export type StoredBlob = {
  sha256: string;
  sizeBytes: number;
  kind: DocumentFileKind;
  contentType: string;
  /** False when the same bytes were already in the store. */
  isNew: boolean;
};

const shaPattern = /^[0-9a-f]{64}$/;

export function blobPath(storeDir: string, sha256: string): string {
  if (!shaPattern.test(sha256)) throw new AppError('INTERNAL', `not a sha256: ${sha256}`);
  return join(storeDir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

function tooLarge(maxBytes: number): AppError {
  const mb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  return new AppError('VALIDATION', `file: larger than the limit of ${mb} MB`, {
    issues: [{ path: 'file', message: `larger than the limit of ${mb} MB` }],
    details: { reason: 'too_large', maxBytes },
  });
}

/**
 * Streams an upload into the store while hashing it (SHA-256) and counting its
 * bytes; refuses it past `maxBytes`, when empty, or when its first bytes are not
 * an accepted format. The temporary file is removed whatever happens.
 * `isTruncated` tells whether the source stopped at its own size limit.
 */
export async function storeUpload(
  storeDir: string,
  source: Readable,
  maxBytes: number,
  isTruncated: () => boolean = () => false,
): Promise<StoredBlob> {
  const tmpDir = join(storeDir, 'tmp');
  await mkdir(tmpDir, { recursive: true });
  const tmpPath = join(tmpDir, `${randomUUID()}.part`);
  const hash = createHash('sha256');
  let sizeBytes = 0;
  let head = Buffer.alloc(0);
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sizeBytes += chunk.length;
      if (sizeBytes > maxBytes) {
        done(tooLarge(maxBytes));
        return;
      }
      if (head.length < sniffLength)
        head = Buffer.concat([head, chunk.subarray(0, sniffLength - head.length)]);
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, createWriteStream(tmpPath, { flags: 'wx', mode: 0o640 }));
    if (isTruncated()) throw tooLarge(maxBytes);
    if (sizeBytes === 0)
      throw new AppError('VALIDATION', 'file: empty', {
        issues: [{ path: 'file', message: 'empty' }],
      });
    const kind = sniffFileKind(head);
    if (!kind)
      throw new AppError(
        'VALIDATION',
        'file: not a PDF, JPEG, PNG, TIFF, HEIC or OFD file (judged by its content, not its name)',
        {
          issues: [{ path: 'file', message: 'not an accepted file type' }],
          details: { reason: 'file_type' },
        },
      );
    const sha256 = hash.digest('hex');
    const finalPath = blobPath(storeDir, sha256);
    const isNew = !(await exists(finalPath));
    if (isNew) {
      await mkdir(join(finalPath, '..'), { recursive: true });
      // Same file system, so the rename is atomic; a concurrent twin writes the same bytes.
      await rename(tmpPath, finalPath);
    }
    return { sha256, sizeBytes, kind, contentType: documentContentTypes[kind], isNew };
  } finally {
    await rm(tmpPath, { force: true });
  }
}

/**
 * Removes uploads a crash or a killed process left half-written in <store>/tmp
 * (a running upload is never older than `olderThanMs`). Returns how many went.
 */
export async function sweepStaleUploads(
  storeDir: string,
  olderThanMs = 6 * 3_600_000,
  now = Date.now(),
): Promise<number> {
  const tmpDir = join(storeDir, 'tmp');
  let names: string[];
  try {
    names = await readdir(tmpDir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names.filter((n) => n.endsWith('.part'))) {
    const path = join(tmpDir, name);
    const info = await stat(path).catch(() => null);
    if (info && now - info.mtimeMs > olderThanMs) {
      await rm(path, { force: true });
      removed += 1;
    }
  }
  return removed;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** The stored bytes of one content, or NOT_FOUND when the store lost them. */
export async function openBlob(storeDir: string, sha256: string): Promise<ReadStream> {
  const path = blobPath(storeDir, sha256);
  if (!(await exists(path)))
    throw new AppError('NOT_FOUND', `document content ${sha256.slice(0, 12)}… is not in the store`);
  return createReadStream(path);
}
