import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  fileKinds,
  householdSorts,
  householdStatuses,
  standardLevels,
  type HouseholdSort,
  type HouseholdSummary,
} from '../../../shared/households/household-file';
import { hardshipCauses, workStatuses } from '../../../shared/households/dictionaries';
import { hardshipCategories } from '../../../shared/households/policy';
import { useReportError } from '../../api/use-report-error';
import { householdsApi, type HouseholdFilter } from './households-api';

/** The list's filter lives in the URL: a refresh or a shared link shows the same list. */

export const categoryFilters = [...hardshipCategories, 'not_eligible'] as const;
export const flagFilters = [
  'singleParent',
  'zeroEmployment',
  'stale',
  'neverAssisted',
  'temporaryOverdue',
] as const;
export type FlagFilter = (typeof flagFilters)[number];

const enums = {
  category: categoryFilters,
  status: householdStatuses,
  cause: hardshipCauses,
  standardLevel: standardLevels,
  workStatus: workStatuses,
  kind: fileKinds,
  sort: householdSorts,
} as const;

/** The filter of a query string; unknown values are dropped rather than sent to the server. */
export function filterOf(params: URLSearchParams): HouseholdFilter {
  const filter: HouseholdFilter = {};
  const nodeId = Number(params.get('nodeId'));
  if (Number.isSafeInteger(nodeId) && nodeId > 0) filter.nodeId = nodeId;
  for (const [key, values] of Object.entries(enums)) {
    const value = params.get(key);
    if (value && (values as readonly string[]).includes(value))
      filter[key as keyof typeof enums] = value;
  }
  for (const flag of flagFilters) if (params.get(flag) === 'true') filter[flag] = 'true';
  const q = params.get('q')?.trim();
  if (q) filter.q = q.slice(0, 50);
  return filter;
}

export function paramsOf(filter: HouseholdFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter))
    if (value !== undefined && value !== '') params.set(key, String(value));
  return params;
}

export const defaultSort: HouseholdSort = 'updated_desc';

/** The filter in the URL and a way to change it (a new history entry per search). */
export function useUrlFilter() {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  // Re-derive only when the query string itself changes, so the list loads once per search.
  const filter = useMemo(() => filterOf(new URLSearchParams(key)), [key]);
  const setFilter = useCallback((next: HouseholdFilter) => setParams(paramsOf(next)), [setParams]);
  return { filter, setFilter };
}

/**
 * Keyset paging ("load more") over GET /api/households: the first page loads
 * whenever the filter changes; an answer to an older filter is dropped.
 */
export function useHouseholdPages(filter: HouseholdFilter, pageSize: number) {
  const report = useReportError();
  const [items, setItems] = useState<HouseholdSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [isLoading, setLoading] = useState(false);
  const generation = useRef(0);

  const load = useCallback(
    async (after: string | null) => {
      const mine = ++generation.current;
      setLoading(true);
      try {
        const page = await householdsApi.list(filter, after, pageSize);
        if (mine !== generation.current) return;
        setItems((current) => (after ? [...current, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (error) {
        if (mine === generation.current) report(error);
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [filter, pageSize, report],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  return { items, cursor, isLoading, load };
}
