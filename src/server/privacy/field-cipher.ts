import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Protection of sensitive values at rest (ID numbers, phones, bank accounts,
 * diagnoses): see docs/privacy.md.
 * - `encrypt`: AES-256-GCM with a random 96-bit nonce; stored as
 *   `v1.<nonce>.<ciphertext+tag>` in base64url. Tampering fails the tag check.
 * - `hash`: HMAC-SHA-256 of the normalised value under a separate key, per kind
 *   of value: equal values give equal hashes (exact search, one person one
 *   file, duplicate checks) but a stolen table cannot be reversed by trying
 *   every possible ID number without the key.
 * Both keys are derived (HKDF) from one 32-byte data key.
 */
export type FieldCipher = {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  hash(kind: HashKind, normalised: string): string;
};

export type HashKind = 'id_number' | 'phone' | 'bank_account' | 'name_birth';

const keyLength = 32;

export function createFieldCipher(dataKey: Buffer): FieldCipher {
  if (dataKey.length !== keyLength) throw new Error(`the data key must be ${keyLength} bytes`);
  const derive = (info: string) =>
    Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), info, keyLength));
  const encKey = derive('bangfu field encryption v1');
  const macKey = derive('bangfu field hash v1');
  return {
    encrypt(plain) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, nonce);
      const body = Buffer.concat([
        cipher.update(plain, 'utf8'),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      return `v1.${nonce.toString('base64url')}.${body.toString('base64url')}`;
    },
    decrypt(stored) {
      const [v, nonceText, bodyText] = stored.split('.');
      if (v !== 'v1' || !nonceText || !bodyText) throw new Error('not an encrypted field value');
      const body = Buffer.from(bodyText, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(nonceText, 'base64url'));
      decipher.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([
        decipher.update(body.subarray(0, body.length - 16)),
        decipher.final(),
      ]).toString('utf8');
    },
    hash(kind, normalised) {
      return createHmac('sha256', macKey).update(`${kind}:${normalised}`).digest('base64url');
    },
  };
}

/** Parses BANGFU_DATA_KEY: 64 hex digits or 32 bytes in base64. */
export function parseDataKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== keyLength)
    throw new Error('BANGFU_DATA_KEY must be 32 bytes: 64 hex digits or 44 characters of base64');
  return key;
}

export function dataKeyFile(dataDir: string): string {
  return join(dataDir, 'keys', 'data.key');
}

/**
 * The data key: BANGFU_DATA_KEY when set; else `<data dir>/keys/data.key`,
 * created (mode 0600) on first start. Losing the key loses every encrypted
 * value: back it up apart from the database (docs/privacy.md).
 */
export async function loadDataKey(config: {
  dataKey: string | undefined;
  dataDir: string;
}): Promise<{ key: Buffer; source: 'env' | 'file' | 'new-file'; file?: string }> {
  if (config.dataKey) return { key: parseDataKey(config.dataKey), source: 'env' };
  const file = dataKeyFile(config.dataDir);
  try {
    return { key: parseDataKey(await readFile(file, 'utf8')), source: 'file', file };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(keyLength);
  // 'wx': never overwrite a key another process wrote in the meantime.
  await writeFile(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return { key, source: 'new-file', file };
}

/** Constant-time comparison of two hashes. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
