import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from './client';
import type { Page } from './types';
import { useReportError } from './use-report-error';

/**
 * A keyset-paged list ("load more"): loads the first page whenever `params`
 * change, appends the next page with `load(cursor)`, and ignores answers that
 * arrive after a newer request. `cursorParam` is the API's name for the cursor.
 */
export function useKeysetList<T>(
  url: string,
  params: Record<string, string | number | undefined>,
  cursorParam: 'after' | 'before',
  pageSize: number,
) {
  const report = useReportError();
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<number | null>(null);
  const [isLoading, setLoading] = useState(false);
  const generation = useRef(0);

  const load = useCallback(
    async (from: number | null) => {
      const mine = ++generation.current;
      setLoading(true);
      try {
        const page = await api.get<Page<T>>(url, {
          ...params,
          [cursorParam]: from ?? undefined,
          limit: pageSize,
        });
        if (mine !== generation.current) return;
        setItems((current) => (from ? [...current, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (error) {
        report(error);
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [url, params, cursorParam, pageSize, report],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  return { items, setItems, cursor, isLoading, load };
}
