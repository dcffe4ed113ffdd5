import { useState } from 'react';
import { Button, Card, Empty, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../api/use-load';
import { useCan } from '../../session/session';
import { dueColors, FollowUpModal } from './after-exit-section';
import { exitsApi, useExitLabels, type FollowUpPlanItem } from './exits-api';

/** 回访计划: follow-ups of exited files in scope, overdue first, then due within 30 days. */
export default function FollowUpPlanPage() {
  const { t } = useTranslation();
  const labels = useExitLabels();
  const can = useCan();
  const { data, isLoading, reload } = useLoad(() => exitsApi.followUpPlan(), []);
  const [recording, setRecording] = useState<FollowUpPlanItem | null>(null);
  return (
    <Card
      title={t('exits.plan.title')}
      extra={
        <Button icon={<ReloadOutlined />} loading={isLoading} onClick={() => void reload()}>
          {t('cases.inbox.refresh')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('exits.plan.hint')}</Typography.Paragraph>
      <Table<FollowUpPlanItem>
        data-testid="follow-up-plan"
        rowKey="id"
        loading={isLoading}
        dataSource={data ?? []}
        pagination={(data?.length ?? 0) > 50 ? { pageSize: 50 } : false}
        rowClassName={(f) => (f.due === 'overdue' ? 'bf-row-overdue' : '')}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exits.plan.empty')} />
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
          { title: t('exits.method'), dataIndex: 'kind', render: (k) => labels.followUpKind(k) },
          { title: t('exits.dueOn'), dataIndex: 'dueOn' },
          {
            title: t('exits.statusCol'),
            dataIndex: 'due',
            render: (d: FollowUpPlanItem['due']) => (
              <Tag color={dueColors[d]}>{t(`exits.due.${d}`)}</Tag>
            ),
          },
          {
            key: 'act',
            render: (_, f) =>
              can('household.manage') && (
                <Button size="small" type="primary" onClick={() => setRecording(f)}>
                  {t('exits.recordFollowUp')}
                </Button>
              ),
          },
        ]}
      />
      {recording && (
        <FollowUpModal
          householdId={recording.householdId}
          followUp={recording}
          onClose={() => setRecording(null)}
          onDone={() => {
            setRecording(null);
            void reload();
          }}
        />
      )}
    </Card>
  );
}
