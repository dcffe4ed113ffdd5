import { useCallback, useEffect, useState } from 'react';
import { Col, Row } from 'antd';
import { api } from '../../api/client';
import type { OrgNode, OrgNodeDetail } from '../../api/types';
import { useLazyOrgTree } from '../../components/use-lazy-org-tree';
import { useReportError } from '../../api/use-report-error';
import { OrgTreePanel } from './org-tree-panel';
import { OrgDetailPanel } from './org-detail-panel';

/** 组织机构: the union tree on the left, the chosen node and its actions on the right. */
export default function OrgsPage() {
  const tree = useLazyOrgTree();
  const report = useReportError();
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [expanded, setExpanded] = useState<number[]>([]);
  const [detail, setDetail] = useState<OrgNodeDetail | null>(null);
  const [isLoadingDetail, setLoadingDetail] = useState(false);

  const rootId = tree.root?.id;
  useEffect(() => {
    if (!rootId) return;
    setSelectedId((id) => id ?? rootId);
    setExpanded((keys) => (keys.length ? keys : [rootId]));
  }, [rootId]);

  const loadDetail = useCallback(
    async (id: number) => {
      setLoadingDetail(true);
      try {
        const node = await api.get<OrgNodeDetail>(`/api/orgs/${id}`);
        setDetail(node);
        tree.upsert([node]);
        return node;
      } catch (error) {
        report(error);
        return null;
      } finally {
        setLoadingDetail(false);
      }
    },
    [report, tree.upsert],
  );

  useEffect(() => {
    if (selectedId !== null) void loadDetail(selectedId);
  }, [selectedId, loadDetail]);

  const { children: loadedChildren, loadChildren } = tree;
  useEffect(() => {
    if (selectedId !== null && !loadedChildren.has(selectedId)) void loadChildren(selectedId);
  }, [selectedId, loadedChildren, loadChildren]);

  /** Shows a node chosen elsewhere (search, breadcrumb, table): opens its branch. */
  const reveal = useCallback(
    async (id: number) => {
      setSelectedId(id);
      const node = await loadDetail(id);
      if (!node) return;
      const above = node.ancestors.filter((a) => a.isInScope && a.id !== node.id).map((a) => a.id);
      await tree.openPath(above);
      setExpanded((keys) => [...new Set([...keys, ...above])]);
    },
    [loadDetail, tree.openPath],
  );

  /** After a change: fetch the touched nodes and their open branches again. */
  const refresh = useCallback(
    async (ids: (number | null | undefined)[]) => {
      const unique = [...new Set(ids.filter((id): id is number => typeof id === 'number'))];
      await Promise.all(
        unique.map(async (id) => {
          try {
            const node = await api.get<OrgNode>(`/api/orgs/${id}`);
            tree.upsert([node]);
            await tree.refreshChildren(id, node.childCount > 0);
          } catch (error) {
            report(error);
          }
        }),
      );
      if (selectedId !== null) await loadDetail(selectedId);
    },
    [loadDetail, report, selectedId, tree.refreshChildren, tree.upsert],
  );

  return (
    <Row gutter={16} wrap={false} className="bf-orgs">
      <Col flex="360px" style={{ minWidth: 300 }}>
        <OrgTreePanel
          tree={tree}
          selectedId={selectedId}
          expanded={expanded}
          onExpand={setExpanded}
          onSelect={setSelectedId}
          onReveal={(id) => void reveal(id)}
          onImported={() => void refresh([rootId, ...expanded])}
        />
      </Col>
      <Col flex="auto" style={{ minWidth: 0 }}>
        <OrgDetailPanel
          detail={detail}
          isLoading={isLoadingDetail}
          kids={
            selectedId !== null
              ? (tree.children.get(selectedId) ?? [])
                  .map((id) => tree.nodes.get(id))
                  .filter((n): n is OrgNode => n !== undefined)
              : []
          }
          onSelect={(id) => void reveal(id)}
          onChanged={async (ids, expand) => {
            await refresh(ids);
            if (expand) setExpanded((keys) => [...new Set([...keys, expand])]);
          }}
          onReload={() => selectedId !== null && void loadDetail(selectedId)}
        />
      </Col>
    </Row>
  );
}
