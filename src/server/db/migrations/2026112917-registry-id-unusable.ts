import { sql, type Kysely } from 'kysely';

/**
 * Registry matching: how many rows of a round were read but had an unusable
 * ID number (wrong check character, stored as a number and rounded …), so they
 * were compared by name and birth date only; the round's page lists them.
 * Rounds staged before are counted from their stored rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table registry_rounds add column rows_id_unusable integer not null default 0`.execute(
    db,
  );
  await sql`
    update registry_rounds r set rows_id_unusable = c.n
    from (
      select round_id, count(*)::int as n from registry_rows
      where id_problem is not null and problem is null
      group by round_id
    ) c
    where c.round_id = r.id`.execute(db);
}
