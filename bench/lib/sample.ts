import type pg from 'pg';
import type { FieldCipher } from '../../src/server/privacy/field-cipher';

/**
 * What the benches look at, found in the data itself: the county keeping the
 * most files, its province, a frequent head-name initials in that county and a
 * spouse's ID number there in clear (decrypted with the data key).
 */
export type Sample = {
  countyPath: string;
  countyName: string;
  countyFiles: number;
  provincePath: string;
  provinceName: string;
  provinceFiles: number;
  initials: string;
  idNumber: string;
};

export async function findSample(client: pg.ClientBase, cipher: FieldCipher): Promise<Sample> {
  const county = (
    await client.query<{ path: string; n: string }>(
      `select regexp_replace(node_path, '[0-9]+/$', '') as path, count(*)::text as n
       from households where status = 'active' group by 1 order by 2 desc, 1 limit 1`,
    )
  ).rows[0]!;
  const provincePath = county.path.split('/').slice(0, 3).join('/') + '/';
  const names = await client.query<{ path: string; name: string }>(
    'select path, name from org_nodes where path = any($1)',
    [[county.path, provincePath]],
  );
  const nameOf = (p: string) => names.rows.find((r) => r.path === p)?.name ?? p;
  const provinceFiles = (
    await client.query<{ n: string }>(
      "select count(*)::text as n from households where node_path like $1 || '%'",
      [provincePath],
    )
  ).rows[0]!.n;
  const initials = (
    await client.query<{ i: string }>(
      `select head_name_initials as i from households where node_path like $1 || '%'
       group by 1 order by count(*) desc, 1 limit 1`,
      [county.path],
    )
  ).rows[0]!.i;
  const enc = (
    await client.query<{ e: string }>(
      `select m.id_number_enc as e from households h join household_members m on m.household_id = h.id
       where h.node_path like $1 || '%' and m.relation = 'spouse' and h.status = 'active' order by h.id limit 1`,
      [county.path],
    )
  ).rows[0]!.e;
  return {
    countyPath: county.path,
    countyName: nameOf(county.path),
    countyFiles: Number(county.n),
    provincePath,
    provinceName: nameOf(provincePath),
    provinceFiles: Number(provinceFiles),
    initials,
    idNumber: cipher.decrypt(enc),
  };
}
