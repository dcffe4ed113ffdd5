import { useState } from 'react';
import { Button, Card, Empty, Space, Table, Tag } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../api/use-load';
import { notifyInboxChanged } from '../cases/inbox-badge';
import { ExitActionModal } from './exit-modals';
import {
  exitStatusColors,
  exitsApi,
  useExitLabels,
  type ExitAction,
  type ExitQueueItem,
} from './exits-api';

/** 退出管理: open exit proposals in the caller's scope that wait for something the caller may do. */
export default function ExitsPage() {
  const { t } = useTranslation();
  const labels = useExitLabels();
  const { data, isLoading, reload } = useLoad(() => exitsApi.waiting(), []);
  const [acting, setActing] = useState<{ item: ExitQueueItem; action: ExitAction } | null>(null);
  return (
    <Card
      title={t('exits.queue.title')}
      extra={
        <Button icon={<ReloadOutlined />} loading={isLoading} onClick={() => void reload()}>
          {t('cases.inbox.refresh')}
        </Button>
      }
    >
      <Table<ExitQueueItem>
        data-testid="exits-table"
        rowKey="id"
        loading={isLoading}
        dataSource={data ?? []}
        scroll={{ x: 900 }}
        pagination={(data?.length ?? 0) > 50 ? { pageSize: 50 } : false}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exits.queue.empty')} />
          ),
        }}
        columns={[
          {
            title: t('exits.queue.headName'),
            dataIndex: 'headName',
            render: (name: string, item) => (
              <Link to={`/households/${item.householdId}?tab=exits`}>{name}</Link>
            ),
          },
          { title: t('exits.queue.node'), dataIndex: 'nodeName' },
          { title: t('exits.kind'), dataIndex: 'kind', render: (k) => labels.kind(k) },
          {
            title: t('exits.reasonCode'),
            key: 'reason',
            render: (_, item) => labels.reason(item.kind, item.reasonCode),
          },
          {
            title: t('exits.queue.proposedAt'),
            key: 'proposed',
            render: (_, item) =>
              `${dayjs(item.proposedAt).format('YYYY-MM-DD')} ${item.proposedByName ?? ''}`,
          },
          {
            title: t('cases.inbox.step'),
            dataIndex: 'status',
            render: (s) => (
              <Tag color={exitStatusColors[s as ExitQueueItem['status']]}>{labels.status(s)}</Tag>
            ),
          },
          {
            title: t('cases.inbox.actions'),
            key: 'actions',
            render: (_, item) => (
              <Space size={4} wrap>
                {item.actions.map((action) => (
                  <Button
                    key={action}
                    size="small"
                    type={action === 'verify' || action === 'approve' ? 'primary' : 'default'}
                    danger={action === 'reject' || action === 'withdraw'}
                    onClick={() => setActing({ item, action })}
                  >
                    {labels.action(action)}
                  </Button>
                ))}
              </Space>
            ),
          },
        ]}
      />
      {acting && (
        <ExitActionModal
          householdId={acting.item.householdId}
          exit={acting.item}
          action={acting.action}
          onClose={() => setActing(null)}
          onDone={() => {
            setActing(null);
            void reload();
            notifyInboxChanged();
          }}
        />
      )}
    </Card>
  );
}
