import { sql, type Kysely } from 'kysely';

/**
 * A decision on a likely-duplicate group names the files it was made about
 * (those the reviewer could see). It stands for a viewer only while every file
 * of the group in that viewer's scope is among them: a file joining the group
 * later, or a wider scope that holds more of its files, shows the group again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table duplicate_reviews add column household_ids bigint[] not null default '{}'`.execute(
    db,
  );
}
