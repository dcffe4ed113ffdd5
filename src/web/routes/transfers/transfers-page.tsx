import { useState } from 'react';
import { Button, Card, Empty, Segmented, Space, Table, Tabs, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../api/use-load';
import { useHouseholdLabels } from '../households/household-view-labels';
import {
  movesApi,
  transferStatusColors,
  useTransferLabels,
  type TransferAction,
  type TransferView,
} from './moves-api';
import { TransferActionModal } from './transfer-action-modal';

type Direction = 'outgoing' | 'incoming';

/**
 * 转移管理: transfers out of the caller's subtree (转出, by the origin node) and
 * into it (转入, by the destination node), with the actions the caller may take.
 */
export default function TransfersPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const direction: Direction = params.get('tab') === 'incoming' ? 'incoming' : 'outgoing';
  const [status, setStatus] = useState<'open' | 'all'>('open');
  return (
    <Card title={t('moves.page.title')}>
      <Typography.Paragraph type="secondary">{t('moves.page.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={direction}
        onChange={(key) =>
          setParams(key === 'incoming' ? { tab: 'incoming' } : {}, { replace: true })
        }
        tabBarExtraContent={
          <Segmented
            value={status}
            onChange={(v) => setStatus(v as 'open' | 'all')}
            options={[
              { value: 'open', label: t('moves.page.open') },
              { value: 'all', label: t('moves.page.all') },
            ]}
          />
        }
        items={(['outgoing', 'incoming'] as const).map((d) => ({
          key: d,
          label: t(`moves.page.${d}`),
          children: d === direction ? <TransferList direction={d} status={status} /> : null,
        }))}
      />
    </Card>
  );
}

function TransferList({ direction, status }: { direction: Direction; status: 'open' | 'all' }) {
  const { t } = useTranslation();
  const labels = useTransferLabels();
  const householdLabels = useHouseholdLabels();
  const [acting, setActing] = useState<{ transfer: TransferView; action: TransferAction } | null>(
    null,
  );
  const { data, isLoading, reload } = useLoad(
    () => movesApi.list(direction, status),
    [direction, status],
  );
  const items = data?.items ?? [];
  return (
    <>
      <div className="bf-toolbar" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">
          {t('moves.page.count', { count: items.length })}
        </Typography.Text>
        <Button icon={<ReloadOutlined />} onClick={() => void reload()} loading={isLoading}>
          {t('common.refresh')}
        </Button>
      </div>
      <Table<TransferView>
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={items}
        pagination={items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        data-testid={`transfers-${direction}`}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('moves.page.empty')} />
          ),
        }}
        columns={[
          {
            title: t('moves.transfer.head'),
            key: 'head',
            // The destination opens the file only once it has accepted it.
            render: (_, x) =>
              direction === 'outgoing' || x.status === 'completed' ? (
                <Link to={`/households/${x.householdId}`}>{x.headNameMasked}</Link>
              ) : (
                x.headNameMasked
              ),
          },
          {
            title: t('moves.transfer.category'),
            key: 'category',
            render: (_, x) => (
              <Space size={4}>
                {householdLabels.categoryTag(x.category, x.category ? true : null)}
                {x.fileKind === 'temporary' && (
                  <Tag color="purple">{t('moves.kind.temporary')}</Tag>
                )}
              </Space>
            ),
          },
          { title: t('moves.transfer.members'), dataIndex: 'memberCount', align: 'right' },
          { title: t('moves.transfer.from'), key: 'from', render: (_, x) => x.fromNode.name },
          { title: t('moves.transfer.to'), key: 'to', render: (_, x) => x.toNode.name },
          {
            title: t('moves.transfer.reason'),
            key: 'reason',
            render: (_, x) => (
              <span>
                {labels.reason(x.reason)}
                {x.note && <Typography.Text type="secondary">{` · ${x.note}`}</Typography.Text>}
              </span>
            ),
          },
          {
            title: t('moves.transfer.requestedAt'),
            key: 'requestedAt',
            render: (_, x) => (
              <span>
                {dayjs(x.requestedAt).format('YYYY-MM-DD HH:mm')}
                <Typography.Text type="secondary">{` · ${x.requestedBy ?? '—'}`}</Typography.Text>
              </span>
            ),
          },
          {
            title: t('moves.transfer.status'),
            key: 'status',
            render: (_, x) => (
              <Tag color={transferStatusColors[x.status]}>{labels.status(x.status)}</Tag>
            ),
          },
          {
            title: t('moves.transfer.opinion'),
            key: 'opinion',
            render: (_, x) => x.decisionOpinion ?? x.releaseOpinion ?? '—',
          },
          {
            title: t('moves.page.actions'),
            key: 'actions',
            fixed: 'right',
            render: (_, x) => (
              <Space size={4}>
                {x.actions.map((action) => (
                  <Button
                    key={action}
                    size="small"
                    type={action === 'release' || action === 'accept' ? 'primary' : 'default'}
                    danger={action === 'refuse' || action === 'cancel'}
                    onClick={() => setActing({ transfer: x, action })}
                    data-testid={`transfer-${action}-${x.id}`}
                  >
                    {labels.action(action)}
                  </Button>
                ))}
              </Space>
            ),
          },
        ]}
      />
      <TransferActionModal
        transfer={acting?.transfer ?? null}
        action={acting?.action ?? null}
        onClose={() => setActing(null)}
        onDone={() => {
          setActing(null);
          void reload();
        }}
      />
    </>
  );
}
