import { useState } from 'react';
import {
  App,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Empty,
  Space,
  Table,
  Tag,
  Tooltip,
} from 'antd';
import {
  DragOutlined,
  EditOutlined,
  PlayCircleOutlined,
  PlusOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { allowedChildTypes } from '../../../shared/orgs/org-node';
import { api } from '../../api/client';
import type { OrgNode, OrgNodeDetail } from '../../api/types';
import { useReportError } from '../../api/use-report-error';
import { useLabels } from '../../i18n';
import { useCan, useMe } from '../../session/session';
import { OrgTypeIcon } from '../../components/org-type-icon';
import { OrgFormModal } from './org-form-modal';
import { OrgMoveModal } from './org-move-modal';

type Dialog = { kind: 'create' } | { kind: 'edit' } | { kind: 'move' } | null;

export function StatusTag({ isActive }: { isActive: boolean }) {
  const { t } = useTranslation();
  return isActive ? (
    <Tag color="success">{t('common.active')}</Tag>
  ) : (
    <Tag color="default">{t('common.inactive')}</Tag>
  );
}

export function OrgDetailPanel(props: {
  detail: OrgNodeDetail | null;
  isLoading: boolean;
  kids: OrgNode[];
  onSelect: (id: number) => void;
  onChanged: (ids: (number | null)[], expand?: number) => Promise<void>;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const can = useCan();
  const me = useMe();
  const report = useReportError();
  const { modal, message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const { detail } = props;

  if (!detail)
    return (
      <Card loading={props.isLoading}>
        <Empty description={t('orgs.selectHint')} />
      </Card>
    );

  const canManage = can('org.manage');
  const isOwnNode = detail.id === me.node.id;
  const childTypes = allowedChildTypes[detail.type];
  const ancestors = detail.ancestors.filter((a) => a.id !== detail.id);

  const toggleActive = () => {
    const isActive = !detail.isActive;
    modal.confirm({
      title: t(isActive ? 'orgs.activateConfirm' : 'orgs.deactivateConfirm', { name: detail.name }),
      content: isActive ? undefined : t('orgs.deactivateHint'),
      okText: t(isActive ? 'orgs.activate' : 'orgs.deactivate'),
      okButtonProps: { danger: !isActive },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.post(`/api/orgs/${detail.id}/active`, { isActive, version: detail.version });
          void message.success(t(isActive ? 'orgs.activated' : 'orgs.deactivated'));
          await props.onChanged([detail.id, detail.parentId]);
        } catch (error) {
          report(error, { onReload: props.onReload });
        }
      },
    });
  };

  const actions = canManage && (
    <Space wrap>
      <Tooltip
        title={
          !detail.isActive
            ? t('orgs.inactiveParent')
            : childTypes.length === 0
              ? t('orgs.noChildTypes')
              : undefined
        }
      >
        <Button
          type="primary"
          icon={<PlusOutlined />}
          disabled={!detail.isActive || childTypes.length === 0}
          onClick={() => setDialog({ kind: 'create' })}
        >
          {t('orgs.createChild')}
        </Button>
      </Tooltip>
      <Button icon={<EditOutlined />} onClick={() => setDialog({ kind: 'edit' })}>
        {t('orgs.edit')}
      </Button>
      <Button
        icon={<DragOutlined />}
        disabled={isOwnNode}
        onClick={() => setDialog({ kind: 'move' })}
      >
        {t('orgs.move')}
      </Button>
      {detail.isActive ? (
        <Button danger icon={<StopOutlined />} disabled={isOwnNode} onClick={toggleActive}>
          {t('orgs.deactivate')}
        </Button>
      ) : (
        <Button icon={<PlayCircleOutlined />} onClick={toggleActive}>
          {t('orgs.activate')}
        </Button>
      )}
    </Space>
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        loading={props.isLoading && !detail}
        title={
          <Space>
            <OrgTypeIcon type={detail.type} muted={!detail.isActive} />
            <span data-testid="org-detail-name">{detail.name}</span>
            <StatusTag isActive={detail.isActive} />
          </Space>
        }
        extra={actions}
      >
        <Breadcrumb
          className="bf-org-path"
          items={[
            ...ancestors.map((a) => ({
              key: a.id,
              title: a.isInScope ? (
                <a onClick={() => props.onSelect(a.id)}>{a.name}</a>
              ) : (
                <span className="bf-muted">{a.name}</span>
              ),
            })),
            { key: detail.id, title: <strong>{detail.name}</strong> },
          ]}
        />
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2 }}
          styles={{ label: { width: 120 } }}
          items={[
            { key: 'name', label: t('orgs.name'), children: detail.name },
            {
              key: 'code',
              label: t('orgs.code'),
              children: <span className="bf-mono">{detail.code}</span>,
            },
            {
              key: 'type',
              label: t('orgs.type'),
              children: (
                <Tag color="red" variant="outlined">
                  {labels.orgType(detail.type)}
                </Tag>
              ),
            },
            {
              key: 'status',
              label: t('orgs.status'),
              children: <StatusTag isActive={detail.isActive} />,
            },
            {
              key: 'region',
              label: t('orgs.region'),
              span: 'filled',
              children: detail.region ? (
                <span>
                  {detail.region.fullName}
                  <span className="bf-muted bf-mono" style={{ marginLeft: 8 }}>
                    {detail.region.code}
                  </span>
                </span>
              ) : (
                (detail.regionCode ?? t('common.none'))
              ),
            },
            {
              key: 'address',
              label: t('orgs.address'),
              span: 'filled',
              children: detail.address ?? t('common.none'),
            },
            { key: 'phone', label: t('orgs.phone'), children: detail.phone ?? t('common.none') },
            { key: 'childCount', label: t('orgs.childCount'), children: detail.childCount },
            {
              key: 'updatedAt',
              label: t('orgs.updatedAt'),
              span: 'filled',
              children: dayjs(detail.updatedAt).format('YYYY-MM-DD HH:mm:ss'),
            },
          ]}
        />
      </Card>

      <Card title={t('orgs.children')} size="small">
        <Table<OrgNode>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={props.kids}
          locale={{ emptyText: t('orgs.noChildren') }}
          rowClassName={(n) => (n.isActive ? '' : 'bf-tree-inactive')}
          columns={[
            {
              title: t('orgs.name'),
              dataIndex: 'name',
              render: (_, n) => (
                <Space size={6}>
                  <OrgTypeIcon type={n.type} muted={!n.isActive} />
                  <a onClick={() => props.onSelect(n.id)}>{n.name}</a>
                </Space>
              ),
            },
            {
              title: t('orgs.type'),
              dataIndex: 'type',
              render: (v: OrgNode['type']) => labels.orgType(v),
            },
            {
              title: t('orgs.code'),
              dataIndex: 'code',
              render: (v: string) => <span className="bf-mono">{v}</span>,
            },
            {
              title: t('orgs.regionCode'),
              dataIndex: 'regionCode',
              render: (v: string | null) => v ?? t('common.none'),
            },
            { title: t('orgs.childCount'), dataIndex: 'childCount', width: 100, align: 'right' },
            {
              title: t('orgs.status'),
              dataIndex: 'isActive',
              width: 90,
              render: (v: boolean) => <StatusTag isActive={v} />,
            },
          ]}
        />
      </Card>

      {dialog?.kind === 'create' && (
        <OrgFormModal
          mode="create"
          parent={detail}
          onClose={() => setDialog(null)}
          onSaved={async (node) => {
            setDialog(null);
            void message.success(t('orgs.created', { name: node.name }));
            await props.onChanged([detail.id], detail.id);
          }}
        />
      )}
      {dialog?.kind === 'edit' && (
        <OrgFormModal
          mode="edit"
          node={detail}
          onClose={() => setDialog(null)}
          onReload={props.onReload}
          onSaved={async () => {
            setDialog(null);
            void message.success(t('orgs.updated'));
            await props.onChanged([detail.id, detail.parentId]);
          }}
        />
      )}
      {dialog?.kind === 'move' && (
        <OrgMoveModal
          node={detail}
          onClose={() => setDialog(null)}
          onReload={props.onReload}
          onMoved={async (parent) => {
            setDialog(null);
            void message.success(t('orgs.moved', { parent: parent.name }));
            await props.onChanged([detail.parentId, parent.id, detail.id], parent.id);
          }}
        />
      )}
    </Space>
  );
}
