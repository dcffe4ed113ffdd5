import { useState } from 'react';
import { Alert, Button, Card, Drawer, Empty, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { HouseholdFile, StoredAssessment } from '../../../shared/households/household-file';
import type { HardshipCategory } from '../../../shared/households/policy';
import { useLoad } from '../../api/use-load';
import { useReportError } from '../../api/use-report-error';
import { AssessmentResultView } from '../assessment/assessment-result';
import { householdsApi, type AssessmentListItem } from './households-api';
import { yuan, type HouseholdLabels } from './household-view-labels';

/** 认定结果: the assessment in force with its trace, and every earlier one. */
export function AssessmentTab({
  file,
  labels,
  reloadKey,
}: {
  file: HouseholdFile;
  labels: HouseholdLabels;
  /** Changes after a re-assessment, so the list of past assessments reloads. */
  reloadKey: number;
}) {
  const { t } = useTranslation();
  const report = useReportError();
  const past = useLoad(() => householdsApi.assessments(file.id), [file.id, reloadKey]);
  const [open, setOpen] = useState<StoredAssessment | null>(null);
  const [loadingId, setLoadingId] = useState<number | null>(null);

  const openOne = async (id: number) => {
    setLoadingId(id);
    try {
      setOpen(await householdsApi.assessment(file.id, id));
    } catch (error) {
      report(error);
    } finally {
      setLoadingId(null);
    }
  };

  const reasonText = (reason: string) =>
    t(`households.assessmentReason.${reason as 'created'}`, { defaultValue: reason });

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {file.assessment ? (
        <>
          <Typography.Text type="secondary">
            {t('households.assessedBy', {
              at: dayjs(file.assessment.assessedAt).format('YYYY-MM-DD HH:mm'),
              by: file.assessment.assessedBy ?? t('households.system'),
              reason: reasonText(file.assessment.reason),
            })}
          </Typography.Text>
          <AssessmentResultView result={file.assessment.result} />
        </>
      ) : (
        <Alert type="warning" showIcon title={t('households.noAssessment')} />
      )}
      <Card size="small" title={t('households.pastAssessments')}>
        <Table<AssessmentListItem>
          rowKey="id"
          size="small"
          loading={past.isLoading}
          pagination={false}
          dataSource={past.data ?? []}
          locale={{ emptyText: <Empty description={t('households.noPastAssessments')} /> }}
          columns={[
            {
              title: t('households.assessedAt'),
              dataIndex: 'assessedAt',
              render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
            },
            {
              title: t('households.assessmentReasonLabel'),
              dataIndex: 'reason',
              render: (v: string) => reasonText(v),
            },
            {
              title: t('households.category'),
              key: 'category',
              render: (_, a) =>
                labels.categoryTag(a.category as HardshipCategory | null, a.eligible),
            },
            {
              title: t('households.perCapita'),
              dataIndex: 'perCapitaMonthlyFen',
              align: 'right',
              render: (v: number) => yuan(v),
            },
            {
              title: t('households.policyVersion'),
              dataIndex: 'policyVersionId',
              render: (v: string) => <span className="bf-mono">{v}</span>,
            },
            { title: t('households.asOf'), dataIndex: 'asOf' },
            {
              title: t('households.assessor'),
              dataIndex: 'assessedBy',
              render: (v: string | null) => v ?? t('households.system'),
            },
            {
              title: t('common.actions'),
              key: 'open',
              render: (_, a) => (
                <Button
                  type="link"
                  size="small"
                  loading={loadingId === a.id}
                  onClick={() => void openOne(a.id)}
                >
                  {a.id === file.assessment?.id
                    ? t('households.viewCurrent')
                    : t('households.viewAssessment')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Drawer
        open={open !== null}
        size={Math.min(1000, window.innerWidth - 40)}
        title={
          open
            ? t('households.assessmentOf', {
                at: dayjs(open.assessedAt).format('YYYY-MM-DD HH:mm'),
              })
            : ''
        }
        onClose={() => setOpen(null)}
        destroyOnHidden
      >
        {open && <AssessmentResultView result={open.result} />}
      </Drawer>
    </Space>
  );
}
