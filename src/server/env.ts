import { join, resolve } from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** PostgreSQL (>= 15) connection string; unset = the embedded database. */
  DATABASE_URL: z.string().url().optional(),
  BANGFU_DATA_DIR: z.string().default('./data'),
  BANGFU_ADMIN_PASSWORD: z.string().optional(),
  /** The root of the union tree created on first start. */
  BANGFU_ROOT_NAME: z.string().default('中华全国总工会'),
  BANGFU_ROOT_CODE: z.string().default('ACFTU'),
  BANGFU_ROOT_TYPE: z.enum(['national', 'province', 'city', 'county']).default('national'),
  BANGFU_ROOT_REGION: z.string().optional(),
  /**
   * Behind a reverse proxy: `true`, or the proxy's addresses/CIDRs (comma-separated), so the client
   * address comes from X-Forwarded-For. Unset = trust nobody: the header is
   * ignored and cannot fake the address that rate limits and the audit log use.
   */
  BANGFU_TRUST_PROXY: z.string().optional(),
  /** Set when served over HTTPS so cookies carry the Secure flag. */
  BANGFU_SECURE_COOKIES: bool.default(false),
  BANGFU_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  BANGFU_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  BANGFU_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  BANGFU_LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
  /** Embedded mode: hours between automatic backups (0 turns them off), and how many to keep. */
  BANGFU_BACKUP_INTERVAL_HOURS: z.coerce.number().min(0).default(24),
  BANGFU_BACKUP_KEEP: z.coerce.number().int().min(1).default(7),
  /** 32-byte key for sensitive fields (64 hex digits or base64); unset = <data dir>/keys/data.key. */
  BANGFU_DATA_KEY: z.string().optional(),
  /** Where uploaded documents are kept (content-addressed); unset = <data dir>/documents. */
  BANGFU_DOCUMENTS_DIR: z.string().optional(),
  BANGFU_DOCUMENT_MAX_MB: z.coerce.number().min(1).max(200).default(20),
  /** The built web app to serve (default dist/web); for development builds kept elsewhere. */
  BANGFU_WEB_DIR: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema>;

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  adminPassword: string | undefined;
  root: {
    name: string;
    code: string;
    type: 'national' | 'province' | 'city' | 'county';
    regionCode: string | null;
  };
  /** Fastify's trustProxy: false, true, or the proxies' addresses/CIDRs. */
  trustProxy: boolean | string;
  secureCookies: boolean;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  loginMaxFailures: number;
  loginLockMs: number;
  backupIntervalMs: number;
  backupKeep: number;
  dataKey: string | undefined;
  documentsDir: string;
  documentMaxBytes: number;
  webDir: string | undefined;
  logLevel: Env['LOG_LEVEL'];
};

/** Parses the environment once; a bad value stops the start with the variable's name. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  return {
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir: resolve(env.BANGFU_DATA_DIR),
    adminPassword: env.BANGFU_ADMIN_PASSWORD,
    root: {
      name: env.BANGFU_ROOT_NAME,
      code: env.BANGFU_ROOT_CODE,
      type: env.BANGFU_ROOT_TYPE,
      regionCode: env.BANGFU_ROOT_REGION ?? null,
    },
    trustProxy: parseTrustProxy(env.BANGFU_TRUST_PROXY),
    secureCookies: env.BANGFU_SECURE_COOKIES,
    sessionIdleMs: env.BANGFU_SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: env.BANGFU_SESSION_ABSOLUTE_HOURS * 3_600_000,
    loginMaxFailures: env.BANGFU_LOGIN_MAX_FAILURES,
    loginLockMs: env.BANGFU_LOGIN_LOCK_MINUTES * 60_000,
    backupIntervalMs: env.BANGFU_BACKUP_INTERVAL_HOURS * 3_600_000,
    backupKeep: env.BANGFU_BACKUP_KEEP,
    dataKey: env.BANGFU_DATA_KEY,
    documentsDir: resolve(env.BANGFU_DOCUMENTS_DIR ?? join(env.BANGFU_DATA_DIR, 'documents')),
    documentMaxBytes: Math.round(env.BANGFU_DOCUMENT_MAX_MB * 1024 * 1024),
    webDir: env.BANGFU_WEB_DIR ? resolve(env.BANGFU_WEB_DIR) : undefined,
    logLevel: env.LOG_LEVEL,
  };
}

function parseTrustProxy(value: string | undefined): boolean | string {
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  return value;
}
