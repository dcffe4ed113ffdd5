import { sql, type Kysely } from 'kysely';

/**
 * Registry matching: why a staged extract row was rejected, one entry per
 * problem with the column as the extract's header named it
 * (`[{column, message}]`, messages in Chinese, no full ID number), and why
 * its ID number was unusable when the row was still matched by name and
 * birth date (the finding says so). `problem` stays as the joined text.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table registry_rows add column problems jsonb, add column id_problem text`.execute(
    db,
  );
}
