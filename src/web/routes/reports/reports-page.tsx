import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Empty,
  Input,
  Popconfirm,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { ReloadOutlined, SendOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { reportChanges } from '../../../shared/reports/report';
import { useLoad } from '../../api/use-load';
import { useReportError } from '../../api/use-report-error';
import { useCan, useMe } from '../../session/session';
import {
  reportChangeColors,
  reportsApi,
  useReportChangeLabel,
  type ReportSubmission,
} from './reports-api';
import { ReportDrawer } from './report-drawer';

/**
 * 逐级上报: what this level would report now (new, changed, exited since its
 * last report) with the submit button, and the submissions of this level and
 * the nodes below, each opened file by file.
 */
export default function ReportsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const me = useMe();
  const report = useReportError();
  const { message } = App.useApp();
  const changeLabel = useReportChangeLabel();
  const [note, setNote] = useState('');
  const [isSubmitting, setSubmitting] = useState(false);
  const [opened, setOpened] = useState<ReportSubmission | null>(null);
  const pending = useLoad(() => reportsApi.pending(), []);
  const list = useLoad(() => reportsApi.list(null), []);
  const counts = pending.data?.counts;
  const total = counts ? counts.new + counts.changed + counts.exited : 0;

  const submit = async () => {
    setSubmitting(true);
    try {
      const done = await reportsApi.submit(note.trim() || null);
      void message.success(
        t('reports.submitted', {
          count: done.counts.new + done.counts.changed + done.counts.exited,
        }),
      );
      setNote('');
      void pending.reload();
      void list.reload();
    } catch (e) {
      report(e);
    } finally {
      setSubmitting(false);
    }
  };

  const submissions = list.data?.items ?? [];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={t('reports.pendingTitle', { node: pending.data?.node.name ?? '' })}
        extra={
          <Button
            icon={<ReloadOutlined />}
            loading={pending.isLoading}
            onClick={() => void pending.reload()}
          >
            {t('common.refresh')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t('reports.intro')}</Typography.Paragraph>
        <Space size={48} wrap style={{ marginBottom: 16 }} data-testid="report-pending">
          {reportChanges.map((c) => (
            <Statistic key={c} title={changeLabel(c)} value={counts?.[c] ?? '—'} />
          ))}
          <Statistic
            title={t('reports.lastSubmitted')}
            value={
              pending.data?.last
                ? dayjs(pending.data.last.submittedAt).format('YYYY-MM-DD HH:mm')
                : t('reports.never')
            }
            styles={{ content: { fontSize: 18 } }}
          />
        </Space>
        {can('household.manage') && (
          <Space.Compact style={{ width: '100%', maxWidth: 640 }}>
            <Input
              placeholder={t('reports.notePlaceholder')}
              value={note}
              maxLength={500}
              onChange={(e) => setNote(e.target.value)}
            />
            <Popconfirm
              title={t('reports.confirm', {
                count: total,
                node: pending.data?.node.name ?? me.node.name,
              })}
              onConfirm={() => void submit()}
            >
              <Button
                type="primary"
                icon={<SendOutlined />}
                loading={isSubmitting}
                data-testid="report-submit"
              >
                {t('reports.submit')}
              </Button>
            </Popconfirm>
          </Space.Compact>
        )}
      </Card>
      <Card
        title={t('reports.listTitle')}
        extra={
          <Button
            icon={<ReloadOutlined />}
            loading={list.isLoading}
            onClick={() => void list.reload()}
          >
            {t('common.refresh')}
          </Button>
        }
      >
        <Table<ReportSubmission>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={submissions}
          pagination={submissions.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          data-testid="report-list"
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reports.empty')} />
            ),
          }}
          onRow={(s) => ({ onClick: () => setOpened(s), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: t('reports.submittedAt'),
              dataIndex: 'submittedAt',
              render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
            },
            { title: t('reports.node'), key: 'node', render: (_, s) => s.node.name },
            ...reportChanges.map((c) => ({
              title: changeLabel(c),
              key: c,
              align: 'right' as const,
              render: (_: unknown, s: ReportSubmission) =>
                s.counts[c] ? <Tag color={reportChangeColors[c]}>{s.counts[c]}</Tag> : 0,
            })),
            { title: t('reports.submittedBy'), key: 'by', render: (_, s) => s.submittedBy ?? '—' },
            { title: t('reports.note'), key: 'note', render: (_, s) => s.note ?? '' },
            {
              title: '',
              key: 'open',
              render: (_, s) => (
                <Button size="small" type="link" onClick={() => setOpened(s)}>
                  {t('reports.open')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <ReportDrawer submission={opened} onClose={() => setOpened(null)} />
    </Space>
  );
}
