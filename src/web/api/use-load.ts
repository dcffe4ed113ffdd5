import { useCallback, useEffect, useRef, useState } from 'react';
import { useReportError } from './use-report-error';

/**
 * Loads data for a screen and reloads it when `deps` change; failures are
 * reported the usual way. A late answer to an outdated request is dropped.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const report = useReportError();
  const [data, setData] = useState<T | undefined>(undefined);
  const [isLoading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const result = await loadRef.current();
      if (mine !== generation.current) return;
      setData(result);
      setError(null);
    } catch (e) {
      if (mine !== generation.current) return;
      setError(e);
      report(e);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [report]);

  useEffect(() => {
    void reload();
  }, deps);

  return { data, isLoading, error, reload, setData };
}
