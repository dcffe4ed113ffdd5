import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import type { OrgNode, OrgNodeDetail } from '../api/types';
import { useReportError } from '../api/use-report-error';

/**
 * The union tree as far as the user has opened it: the user's own node at the
 * top (they see nothing above it), children fetched when a branch opens.
 * Shared by the tree screen and every node picker.
 */
export function useLazyOrgTree() {
  const report = useReportError();
  const [root, setRoot] = useState<OrgNode | null>(null);
  const [nodes, setNodes] = useState<ReadonlyMap<number, OrgNode>>(new Map());
  const [children, setChildren] = useState<ReadonlyMap<number, readonly number[]>>(new Map());
  const childrenRef = useRef(children);
  childrenRef.current = children;

  const upsert = useCallback((list: OrgNode[]) => {
    setNodes((current) => {
      const next = new Map(current);
      for (const node of list) next.set(node.id, node);
      return next;
    });
  }, []);

  const inFlight = useRef(new Map<number, Promise<OrgNode[]>>());

  const fetchChildren = useCallback(
    async (parentId: number): Promise<OrgNode[]> => {
      try {
        const list = await api.get<OrgNode[]>(`/api/orgs/${parentId}/children`, {
          includeInactive: 'true',
        });
        upsert(list);
        setChildren((current) =>
          new Map(current).set(
            parentId,
            list.map((n) => n.id),
          ),
        );
        return list;
      } catch (error) {
        report(error);
        return [];
      }
    },
    [report, upsert],
  );

  /** Fetches a branch; a second call while the first is under way shares its answer. */
  const loadChildren = useCallback(
    (parentId: number): Promise<OrgNode[]> => {
      const running = inFlight.current.get(parentId);
      if (running) return running;
      const promise = fetchChildren(parentId).finally(() => inFlight.current.delete(parentId));
      inFlight.current.set(parentId, promise);
      return promise;
    },
    [fetchChildren],
  );

  const loadRoot = useCallback(async () => {
    try {
      const node = await api.get<OrgNodeDetail>('/api/orgs/root');
      upsert([node]);
      setRoot(node);
      await loadChildren(node.id);
    } catch (error) {
      report(error);
    }
  }, [loadChildren, report, upsert]);

  useEffect(() => {
    void loadRoot();
  }, [loadRoot]);

  /** After a change: fetch a branch again, but only if it was open (or `force`). */
  const refreshChildren = useCallback(
    async (parentId: number | null | undefined, force = false) => {
      if (!parentId) return;
      if (force || childrenRef.current.has(parentId)) await loadChildren(parentId);
    },
    [loadChildren],
  );

  /** Opens every branch on the way to a node, root first; returns the opened ids. */
  const openPath = useCallback(
    async (ancestorIds: number[]) => {
      for (const id of ancestorIds) if (!childrenRef.current.has(id)) await loadChildren(id);
      return ancestorIds;
    },
    [loadChildren],
  );

  /** Builds nested data for antd's Tree / TreeSelect from what has been loaded. */
  const build = useCallback(
    <T>(make: (node: OrgNode, kids: T[] | undefined) => T | null): T[] => {
      if (!root) return [];
      const visit = (id: number): T | null => {
        const node = nodes.get(id);
        if (!node) return null;
        const ids = children.get(id);
        const kids = ids?.map(visit).filter((k): k is T => k !== null);
        return make(node, kids);
      };
      const top = visit(root.id);
      return top ? [top] : [];
    },
    [root, nodes, children],
  );

  return {
    root,
    nodes,
    children,
    upsert,
    loadChildren,
    refreshChildren,
    openPath,
    build,
    reload: loadRoot,
  };
}
export type LazyOrgTree = ReturnType<typeof useLazyOrgTree>;
