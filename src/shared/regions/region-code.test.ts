import { describe, expect, it } from 'vitest';
import { childRegions, findRegion, isRegionCode } from './region-code';

describe('isRegionCode', () => {
  it.each([
    ['320000', true], // 江苏省
    ['320100', true], // 南京市
    ['320102', true], // 玄武区
    ['110101', true], // 北京市东城区
    ['441900', true], // 东莞市: a city without counties
    ['320199', false], // a district number Nanjing never had
    ['999999', false],
    ['000000', false],
    ['12345', false],
    ['3201020', false],
    ['32010a', false],
    [' 320102', false],
    ['', false],
  ])('%s → %s', (code, expected) => {
    expect(isRegionCode(code)).toBe(expected);
  });
});

describe('findRegion', () => {
  it.each([
    ['320000', { name: '江苏省', level: 'province', fullName: '江苏省' }],
    ['320100', { name: '南京市', level: 'city', fullName: '江苏省南京市' }],
    ['320102', { name: '玄武区', level: 'county', fullName: '江苏省南京市玄武区' }],
    // Municipalities: the placeholder 市辖区 becomes the municipality's name.
    ['110100', { name: '北京市', level: 'city', fullName: '北京市' }],
    ['110101', { name: '东城区', level: 'county', fullName: '北京市东城区' }],
    ['441900', { name: '东莞市', level: 'city', fullName: '广东省东莞市' }],
    ['442000', { name: '中山市', level: 'city', fullName: '广东省中山市' }],
  ])('names %s by its level and full name', (code, expected) => {
    expect(findRegion(code)).toEqual({ code, ...expected });
  });

  it('knows nothing of codes outside GB/T 2260', () => {
    expect(findRegion('320199')).toBeUndefined();
    expect(findRegion('999999')).toBeUndefined();
  });
});

describe('childRegions', () => {
  it('lists the provinces when no code is given', () => {
    const provinces = childRegions();
    expect(provinces.length).toBeGreaterThanOrEqual(31);
    expect(provinces.every((r) => r.level === 'province' && r.code.endsWith('0000'))).toBe(true);
    expect(provinces.map((r) => r.code)).toContain('320000');
  });

  it('lists the cities of a province, cities without counties included', () => {
    const jiangsu = childRegions('320000');
    expect(jiangsu.map((r) => r.name)).toContain('南京市');
    expect(jiangsu).toHaveLength(13);
    expect(jiangsu.every((r) => r.level === 'city' && r.code.startsWith('32'))).toBe(true);
    expect(childRegions('440000').map((r) => r.code)).toEqual(
      expect.arrayContaining(['440100', '441900', '442000']),
    );
  });

  it('lists the counties and districts of a city', () => {
    const nanjing = childRegions('320100');
    expect(nanjing.map((r) => r.code)).toEqual(expect.arrayContaining(['320102', '320104']));
    expect(nanjing.every((r) => r.level === 'county' && r.code.startsWith('3201'))).toBe(true);
    expect(nanjing.map((r) => r.code)).not.toContain('320100');
  });

  it('lists nothing under a county, a city without counties, or an unknown code', () => {
    expect(childRegions('320102')).toEqual([]);
    expect(childRegions('441900')).toEqual([]);
    expect(childRegions('999999')).toEqual([]);
  });
});
