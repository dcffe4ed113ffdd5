import { findRegion } from '../../shared/regions/region-code';

/**
 * The region codes a governing region covers: a province XX0000 every code
 * starting XX, a city XXXX00 every code starting XXXX, a county itself; no
 * governing region (the root) covers all.
 */
export function regionPrefixOf(governing: string | null): string {
  if (governing === null) return '';
  if (governing.endsWith('0000')) return governing.slice(0, 2);
  if (governing.endsWith('00')) return governing.slice(0, 4);
  return governing;
}

export function isRegionCovered(governing: string | null, regionCode: string): boolean {
  return regionCode.startsWith(regionPrefixOf(governing));
}

export function regionLabel(code: string): string {
  const name = findRegion(code)?.fullName;
  return name ? `${code} ${name}` : code;
}
