import { sql, type Kysely } from 'kysely';

/**
 * Indexes for the list and search pages at province scale (issue 6, bench/README.md).
 *
 * - The scope's files with every sort key of the list and the head's pinyin: a page's
 *   ids are chosen by an index-only scan of the scope's range, then only those rows
 *   are read (a province's first page had read a heap page for each of its files).
 *   per_capita_fen is left out: the re-assessment rewrites it on every file, and a
 *   column in an index keeps those updates from being HOT.
 * - Members' initials and pinyin, of members still in their file, with the household:
 *   a pinyin search answers its households from the index alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index households_scope_sort_idx on households (node_path)
      include (updated_at, created_at, head_name_pinyin, head_name_initials, id)`.execute(db);
  await sql`drop index household_members_initials_idx`.execute(db);
  await sql`
    create index household_members_initials_idx on household_members (name_initials, household_id)
      where removed_at is null`.execute(db);
  await sql`drop index household_members_pinyin_idx`.execute(db);
  await sql`
    create index household_members_pinyin_idx on household_members (name_pinyin, household_id)
      where removed_at is null`.execute(db);
}
