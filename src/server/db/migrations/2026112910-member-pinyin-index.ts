import { sql, type Kysely } from 'kysely';

/** Pinyin search of members by prefix (the initials already have an index). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index household_members_pinyin_idx on household_members (name_pinyin)`.execute(
    db,
  );
}
