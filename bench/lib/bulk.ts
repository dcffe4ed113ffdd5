import type pg from 'pg';

/**
 * Multi-row INSERT of any number of rows in one statement and one parameter:
 * `insert into t (cols) select cols from json_populate_recordset(null::t, $1)`.
 * No 65,535-parameter limit, and the same SQL runs on PostgreSQL and PGlite.
 */
export async function insertRows(
  client: pg.ClientBase,
  table: string,
  rows: Record<string, unknown>[],
): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]!)
    .map((c) => `"${c}"`)
    .join(', ');
  await client.query(
    `insert into ${table} (${columns}) select ${columns} from json_populate_recordset(null::${table}, $1::json)`,
    [JSON.stringify(rows)],
  );
}

/** Moves the identity sequence of `table` past the ids the generator assigned. */
export async function syncIdentity(client: pg.ClientBase, table: string): Promise<void> {
  await client.query(
    `select setval(pg_get_serial_sequence('${table}', 'id'), greatest((select max(id) from ${table}), 1))`,
  );
}

export async function maxId(client: pg.ClientBase, table: string): Promise<number> {
  const r = await client.query<{ m: string | null }>(`select max(id)::text as m from ${table}`);
  return Number(r.rows[0]!.m ?? 0);
}
