import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db, DatabaseMode } from '../db/database';
import type { Config } from '../env';
import type { FieldCipher } from '../privacy/field-cipher';

/** What every route module gets: the database and the parsed configuration. */
export type AppDeps = {
  db: Db;
  mode: DatabaseMode;
  config: Config;
  /** Encrypts and hashes sensitive fields (ID numbers, phones, bank accounts, diagnoses). */
  cipher: FieldCipher;
  /** Embedded mode: writes a consistent backup file and returns its path. */
  backupNow?: () => Promise<string>;
};

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
