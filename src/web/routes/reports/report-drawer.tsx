import { useEffect, useState } from 'react';
import { Button, Descriptions, Drawer, Segmented, Space, Table, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { reportChanges } from '../../../shared/reports/report';
import type { ReportItem } from '../../../shared/reports/report';
import { useReportError } from '../../api/use-report-error';
import { useHouseholdLabels } from '../households/household-view-labels';
import {
  reportChangeColors,
  reportsApi,
  useReportChangeLabel,
  type ReportChange,
  type ReportSubmission,
} from './reports-api';

/** One submission: what it reported, file by file, by kind of change. */
export function ReportDrawer(props: { submission: ReportSubmission | null; onClose: () => void }) {
  const { submission } = props;
  const { t } = useTranslation();
  const changeLabel = useReportChangeLabel();
  const householdLabels = useHouseholdLabels();
  const report = useReportError();
  const [change, setChange] = useState<ReportChange | 'all'>('all');
  const [items, setItems] = useState<ReportItem[]>([]);
  const [nextAfter, setNextAfter] = useState<number | null>(null);
  const [isLoading, setLoading] = useState(false);
  const [isExporting, setExporting] = useState(false);

  const load = async (after: number | null) => {
    if (!submission) return;
    setLoading(true);
    try {
      const page = await reportsApi.get(
        submission.id,
        change === 'all' ? undefined : change,
        after,
      );
      setItems((old) => (after === null ? page.items : [...old, ...page.items]));
      setNextAfter(page.nextAfter);
    } catch (e) {
      report(e);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    setItems([]);
    void load(null);
  }, [submission?.id, change]);

  return (
    <Drawer
      open={submission !== null}
      onClose={props.onClose}
      size="large"
      title={submission ? t('reports.drawer.title', { node: submission.node.name }) : ''}
      extra={
        submission && (
          <Button
            icon={<DownloadOutlined />}
            loading={isExporting}
            onClick={() => {
              setExporting(true);
              reportsApi
                .export(submission.id)
                .catch(report)
                .finally(() => setExporting(false));
            }}
          >
            {t('reports.export')}
          </Button>
        )
      }
    >
      {submission && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('reports.submittedAt')}>
              {dayjs(submission.submittedAt).format('YYYY-MM-DD HH:mm')}
            </Descriptions.Item>
            <Descriptions.Item label={t('reports.submittedBy')}>
              {submission.submittedBy ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('reports.counts')} span={2}>
              <Space>
                {reportChanges.map((c) => (
                  <Tag key={c} color={reportChangeColors[c]}>
                    {changeLabel(c)} {submission.counts[c]}
                  </Tag>
                ))}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('reports.note')} span={2}>
              {submission.note ?? '—'}
            </Descriptions.Item>
          </Descriptions>
          <Segmented
            value={change}
            onChange={(v) => setChange(v as ReportChange | 'all')}
            options={[
              { value: 'all', label: t('common.all') },
              ...reportChanges.map((c) => ({ value: c, label: changeLabel(c) })),
            ]}
          />
          <Table<ReportItem>
            rowKey="householdId"
            size="small"
            loading={isLoading}
            dataSource={items}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="report-items"
            columns={[
              {
                title: t('reports.change'),
                dataIndex: 'change',
                render: (c: ReportChange) => (
                  <Tag color={reportChangeColors[c]}>{changeLabel(c)}</Tag>
                ),
              },
              {
                title: t('reports.fileNo'),
                key: 'fileNo',
                render: (_, i) => (
                  <Link to={`/households/${i.householdId}`}>{i.snapshot.fileNo ?? '—'}</Link>
                ),
              },
              {
                title: t('reports.head'),
                key: 'head',
                render: (_, i) => i.snapshot.headNameMasked,
              },
              {
                title: t('reports.category'),
                key: 'category',
                render: (_, i) => (
                  <Space size={4}>
                    {householdLabels.categoryTag(
                      i.snapshot.category,
                      i.snapshot.category ? true : null,
                    )}
                    {i.snapshot.fileKind === 'temporary' && (
                      <Tag color="purple">{t('moves.kind.temporary')}</Tag>
                    )}
                  </Space>
                ),
              },
              {
                title: t('reports.status'),
                key: 'status',
                render: (_, i) => householdLabels.status(i.snapshot.status),
              },
              { title: t('reports.node'), key: 'node', render: (_, i) => i.snapshot.nodeName },
            ]}
          />
          {nextAfter !== null && (
            <Button loading={isLoading} onClick={() => void load(nextAfter)}>
              {t('common.loadMore')}
            </Button>
          )}
        </Space>
      )}
    </Drawer>
  );
}
