import { useEffect, useRef, useState } from 'react';
import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { OrgNode, OrgNodeDetail } from '../api/types';
import { useLabels } from '../i18n';
import { useLazyOrgTree } from './use-lazy-org-tree';

type Option = {
  value: number;
  /** Shown in the tree: the name with its type. */
  title: React.ReactNode;
  /** Shown in the box once chosen. */
  name: string;
  isLeaf: boolean;
  disabled: boolean;
  children?: Option[];
};

/**
 * Picks one node of the user's subtree: browse the tree branch by branch, or type
 * to search it (name, code, region code). Deactivated nodes are hidden unless asked for.
 */
export function OrgTreeSelect(props: {
  value?: number | null;
  onChange?: (value: number | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  includeInactive?: boolean;
  /** Nodes that cannot be chosen (still shown). */
  isDisabled?: (node: OrgNode) => boolean;
  /** A node whose branch is not opened (the node being moved: nothing below it qualifies). */
  closedId?: number;
  style?: React.CSSProperties;
  id?: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const tree = useLazyOrgTree();
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<OrgNode[] | null>(null);
  const names = useRef(new Map<number, string>());
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const { includeInactive = false, isDisabled, closedId } = props;

  const toOption = (node: OrgNode, kids: Option[] | undefined, flat = false): Option | null => {
    if (!includeInactive && !node.isActive) return null;
    names.current.set(node.id, node.name);
    return {
      value: node.id,
      name: node.name,
      title: (
        <span className={node.isActive ? undefined : 'bf-tree-inactive'}>
          {node.name}
          <span className="bf-muted" style={{ marginLeft: 6, fontSize: 12 }}>
            {labels.orgType(node.type)}
          </span>
        </span>
      ),
      isLeaf: flat || node.childCount === 0 || node.id === closedId,
      disabled: isDisabled?.(node) ?? false,
      ...(flat ? {} : { children: kids }),
    };
  };

  const treeData = found
    ? found.map((n) => toOption(n, undefined, true)).filter((o): o is Option => o !== null)
    : tree.build<Option>((node, kids) => toOption(node, kids));

  const rootId = tree.root?.id;
  const [expanded, setExpanded] = useState<number[]>([]);
  useEffect(() => {
    if (rootId) setExpanded((keys) => (keys.length ? keys : [rootId]));
  }, [rootId]);

  useEffect(() => () => clearTimeout(timer.current), []);

  // A preset value below the opened branches: fetch its name once for the box.
  const [, setNamesVersion] = useState(0);
  const presetId = props.value;
  useEffect(() => {
    if (!presetId || names.current.has(presetId)) return;
    let isCurrent = true;
    api
      .get<OrgNode>(`/api/orgs/${presetId}`)
      .then((node) => {
        names.current.set(node.id, node.name);
        if (isCurrent) setNamesVersion((v) => v + 1);
      })
      .catch(() => undefined);
    return () => {
      isCurrent = false;
    };
  }, [presetId]);

  /** Loads the branches down to a node and expands them (ancestors outside the user's scope stay shut). */
  const revealInTree = async (id: number) => {
    try {
      const detail = await api.get<OrgNodeDetail>(`/api/orgs/${id}`);
      const above = detail.ancestors.filter((a) => a.isInScope && a.id !== id).map((a) => a.id);
      for (const ancestor of above)
        if (!tree.children.has(ancestor)) await tree.loadChildren(ancestor);
      setExpanded((keys) => [...new Set([...keys, ...above])]);
    } catch {
      // The box shows the choice either way; the tree just stays as it was.
    }
  };

  const onSearch = (text: string) => {
    clearTimeout(timer.current);
    setSearch(text);
    const q = text.trim();
    if (!q) {
      setFound(null);
      return;
    }
    timer.current = setTimeout(() => {
      api
        .get<OrgNode[]>('/api/orgs/search', { q })
        .then((list) => setFound(list))
        .catch(() => setFound([]));
    }, 250);
  };

  const value =
    props.value === undefined || props.value === null
      ? undefined
      : { value: props.value, label: names.current.get(props.value) ?? `#${props.value}` };

  return (
    <TreeSelect<{ value: number; label: React.ReactNode } | undefined, Option>
      id={props.id}
      style={props.style ?? { width: '100%' }}
      disabled={props.disabled}
      labelInValue
      value={value}
      onChange={(v) => {
        props.onChange?.(v?.value);
        // Chosen from the search: open its branch, so the tree shows it in place when reopened.
        if (v && found) void revealInTree(v.value);
      }}
      onOpenChange={(open) => {
        // Back to the tree once the popup has closed, not while it animates away.
        if (!open) timer.current = setTimeout(() => onSearch(''), 300);
      }}
      treeData={treeData}
      treeNodeLabelProp="name"
      loadData={async (node) => {
        const id = Number(node.value);
        if (!tree.children.has(id)) await tree.loadChildren(id);
      }}
      treeExpandedKeys={expanded}
      onTreeExpand={(keys) => setExpanded(keys.map(Number))}
      showSearch={{ searchValue: search, onSearch, filterTreeNode: false }}
      allowClear={props.allowClear}
      placeholder={props.placeholder ?? t('common.pleaseSelect')}
      popupMatchSelectWidth={false}
      virtual={false}
      styles={{ popup: { root: { minWidth: 320, maxHeight: 420 } } }}
      notFoundContent={found ? t('orgs.noResults') : undefined}
    />
  );
}
