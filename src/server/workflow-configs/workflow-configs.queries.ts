import { sql } from 'kysely';
import type { Conn } from '../db/database';

/** The only SQL of stored regional workflows (workflow_configs): national policy data, not scoped rows. */

export async function selectConfigs(conn: Conn, regionCodes: readonly string[]) {
  return conn
    .selectFrom('workflow_configs')
    .select(['region_code', 'config', 'version', 'updated_at'])
    .where('region_code', 'in', regionCodes)
    .execute();
}

export async function insertConfig(
  conn: Conn,
  row: { region_code: string; config: string; updated_by: number },
): Promise<boolean> {
  const r = await conn
    .insertInto('workflow_configs')
    .values({ ...row, version: 0 })
    .onConflict((oc) => oc.column('region_code').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Saves over the version the editor saw; false when someone saved first. */
export async function updateConfig(
  conn: Conn,
  regionCode: string,
  version: number,
  to: { config: string; updated_by: number },
): Promise<boolean> {
  const r = await conn
    .updateTable('workflow_configs')
    .set({
      config: to.config,
      updated_by: to.updated_by,
      updated_at: sql`now()`,
      version: version + 1,
    })
    .where('region_code', '=', regionCode)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteConfig(conn: Conn, regionCode: string, version: number) {
  const r = await conn
    .deleteFrom('workflow_configs')
    .where('region_code', '=', regionCode)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}
