import { useState } from 'react';
import { Button, Card, Checkbox, Empty, Input, Spin, Tag, Tooltip, Tree } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { OrgNode } from '../../api/types';
import { useReportError } from '../../api/use-report-error';
import { useLabels } from '../../i18n';
import { useCan } from '../../session/session';
import type { LazyOrgTree } from '../../components/use-lazy-org-tree';
import { OrgTypeIcon } from '../../components/org-type-icon';
import { OrgImportModal } from './org-import-modal';

type TreeItem = {
  key: number;
  title: React.ReactNode;
  isLeaf: boolean;
  children?: TreeItem[];
};

export function OrgTreePanel(props: {
  tree: LazyOrgTree;
  selectedId: number | null;
  expanded: number[];
  onExpand: (keys: number[]) => void;
  onSelect: (id: number) => void;
  onReveal: (id: number) => void;
  onImported: () => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const can = useCan();
  const report = useReportError();
  const { tree } = props;
  const [showInactive, setShowInactive] = useState(true);
  const [found, setFound] = useState<OrgNode[] | null>(null);
  const [isSearching, setSearching] = useState(false);
  const [isImportOpen, setImportOpen] = useState(false);

  const title = (node: OrgNode) => (
    <span
      className={`bf-tree-title${node.isActive ? '' : ' bf-tree-inactive'}`}
      data-testid={`org-node-${node.id}`}
    >
      <OrgTypeIcon type={node.type} muted={!node.isActive} />
      <span>{node.name}</span>
      {!node.isActive && (
        <Tag variant="filled" style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '16px' }}>
          {t('common.inactive')}
        </Tag>
      )}
    </span>
  );

  const treeData = tree.build<TreeItem>((node, kids) =>
    !showInactive && !node.isActive
      ? null
      : {
          key: node.id,
          title: title(node),
          isLeaf: node.childCount === 0,
          ...(kids ? { children: kids } : {}),
        },
  );

  const search = async (text: string) => {
    const q = text.trim();
    if (!q) {
      setFound(null);
      return;
    }
    setSearching(true);
    try {
      setFound(await api.get<OrgNode[]>('/api/orgs/search', { q }));
    } catch (error) {
      report(error);
    } finally {
      setSearching(false);
    }
  };

  return (
    <Card
      className="bf-tree-card"
      title={t('orgs.treeTitle')}
      extra={
        can('org.manage') && (
          <Tooltip title={t('orgImport.title')}>
            <Button size="small" icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>
              {t('orgs.import')}
            </Button>
          </Tooltip>
        )
      }
    >
      <Input.Search
        allowClear
        placeholder={t('orgs.searchPlaceholder')}
        onSearch={(value) => void search(value)}
        onChange={(e) => !e.target.value && setFound(null)}
        loading={isSearching}
        aria-label={t('orgs.searchPlaceholder')}
      />
      <div style={{ marginTop: 8 }}>
        <Checkbox checked={showInactive} onChange={(e) => setShowInactive(e.target.checked)}>
          <span className="bf-muted">{t('orgs.showInactive')}</span>
        </Checkbox>
      </div>
      <div className="bf-tree-scroll">
        {found ? (
          <div data-testid="org-search-results">
            <div className="bf-muted" style={{ margin: '4px 0 8px' }}>
              {t('orgs.searchResults', { count: found.length })}
            </div>
            {found.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgs.noResults')} />
            ) : (
              found.map((node) => (
                <div
                  key={node.id}
                  role="button"
                  tabIndex={0}
                  className={`bf-search-item${node.id === props.selectedId ? ' bf-search-item-active' : ''}`}
                  onClick={() => props.onReveal(node.id)}
                  onKeyDown={(e) => e.key === 'Enter' && props.onReveal(node.id)}
                >
                  {title(node)}
                  <div className="bf-muted" style={{ fontSize: 12, paddingLeft: 20 }}>
                    {labels.orgType(node.type)} · {node.code}
                    {node.regionCode ? ` · ${node.regionCode}` : ''}
                  </div>
                </div>
              ))
            )}
          </div>
        ) : tree.root ? (
          <Tree<TreeItem>
            blockNode
            showLine={{ showLeafIcon: false }}
            treeData={treeData}
            expandedKeys={props.expanded}
            onExpand={(keys) => props.onExpand(keys.map(Number))}
            selectedKeys={props.selectedId !== null ? [props.selectedId] : []}
            onSelect={(keys) => keys.length && props.onSelect(Number(keys[0]))}
            loadData={async (node) => {
              const id = Number(node.key);
              if (!tree.children.has(id)) await tree.loadChildren(id);
            }}
          />
        ) : (
          <div className="bf-spin-inline">
            <Spin />
          </div>
        )}
      </div>
      <OrgImportModal
        open={isImportOpen}
        onClose={() => setImportOpen(false)}
        onImported={props.onImported}
      />
    </Card>
  );
}
