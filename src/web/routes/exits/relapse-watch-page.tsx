import { Button, Card, Empty, Table, Tag } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../api/use-load';
import { exitsApi, useExitLabels, type ExitView, type RelapseWatchItem } from './exits-api';

/**
 * 返困监测: open relapse flags in scope, newest first. Each is dismissed or
 * leads to re-admission on the file's 退出与回访 tab.
 */
export default function RelapseWatchPage() {
  const { t } = useTranslation();
  const labels = useExitLabels();
  const { data, isLoading, reload } = useLoad(() => exitsApi.relapseWatch(), []);
  return (
    <Card
      title={t('exits.watch.title')}
      extra={
        <Button icon={<ReloadOutlined />} loading={isLoading} onClick={() => void reload()}>
          {t('cases.inbox.refresh')}
        </Button>
      }
    >
      <Table<RelapseWatchItem>
        data-testid="relapse-watch"
        rowKey="id"
        loading={isLoading}
        dataSource={data ?? []}
        pagination={(data?.length ?? 0) > 50 ? { pageSize: 50 } : false}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exits.watch.empty')} />
          ),
        }}
        columns={[
          {
            title: t('exits.queue.headName'),
            dataIndex: 'headName',
            render: (name: string, f) => (
              <Link to={`/households/${f.householdId}?tab=exits`}>{name}</Link>
            ),
          },
          { title: t('exits.queue.node'), dataIndex: 'nodeName' },
          {
            title: t('exits.watch.exitKind'),
            dataIndex: 'exitKind',
            render: (k: string | null) => (k ? labels.kind(k as ExitView['kind']) : '—'),
          },
          {
            title: t('exits.signal'),
            dataIndex: 'signal',
            render: (s) => <Tag color="volcano">{labels.signal(s)}</Tag>,
          },
          { title: t('exits.watch.detail'), dataIndex: 'detail' },
          { title: t('exits.detectedOn'), dataIndex: 'detectedOn' },
        ]}
      />
    </Card>
  );
}
