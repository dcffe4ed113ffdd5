import { useEffect, useRef, useState } from 'react';
import { App, Button, Descriptions, Popconfirm, Progress, Space, Tag, Typography } from 'antd';
import { StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Job, JobStatus } from '../../shared/policy/policy-impact';
import { api } from '../api/client';
import { useReportError } from '../api/use-report-error';

const statusColors = {
  queued: 'default',
  running: 'processing',
  done: 'success',
  failed: 'error',
  cancelled: 'warning',
} as const satisfies Record<JobStatus, string>;

export function isJobOver(job: Pick<Job, 'status'>): boolean {
  return job.status === 'done' || job.status === 'failed' || job.status === 'cancelled';
}

/**
 * A background job's progress bar: polls GET /api/jobs/:id every second until
 * the job is over, offers to cancel it, and shows its result summary.
 */
export function JobProgress(props: {
  jobId: number;
  /** Shown while the job runs; the server cancels at the next batch. */
  canCancel?: boolean;
  onFinished?: (job: Job) => void;
}) {
  const { jobId, canCancel = false, onFinished } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const report = useReportError();
  const [job, setJob] = useState<Job | null>(null);
  const [isCancelling, setCancelling] = useState(false);
  const onFinishedRef = useRef(onFinished);
  onFinishedRef.current = onFinished;

  useEffect(() => {
    let isGone = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await api.get<Job>(`/api/jobs/${jobId}`);
        if (isGone) return;
        setJob(next);
        if (isJobOver(next)) {
          onFinishedRef.current?.(next);
          return;
        }
      } catch (error) {
        if (isGone) return;
        report(error);
      }
      timer = setTimeout(() => void poll(), 1000);
    };
    void poll();
    return () => {
      isGone = true;
      if (timer) clearTimeout(timer);
    };
  }, [jobId, report]);

  const cancel = async () => {
    setCancelling(true);
    try {
      setJob(await api.post<Job>(`/api/jobs/${jobId}/cancel`));
      void message.success(t('impact.job.cancelled'));
    } catch (error) {
      report(error);
    } finally {
      setCancelling(false);
    }
  };

  if (!job) return <Progress percent={0} status="active" />;
  const total = job.progressTotal ?? 0;
  const done = Math.min(job.progressDone, total);
  const percent = total === 0 ? (isJobOver(job) ? 100 : 0) : Math.floor((done * 100) / total);
  const result = (job.result ?? {}) as Record<string, number>;

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="job-progress">
      <Space wrap>
        <Tag color={statusColors[job.status]} data-testid="job-status">
          {t(`impact.job.status.${job.status}`)}
        </Tag>
        <Typography.Text data-testid="job-count">
          {t('impact.job.count', { done: String(done), total: String(total) })}
        </Typography.Text>
        {canCancel && !isJobOver(job) && (
          <Popconfirm
            title={t('impact.job.cancelConfirm')}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
            onConfirm={() => void cancel()}
          >
            <Button size="small" danger icon={<StopOutlined />} loading={isCancelling}>
              {t('impact.job.cancel')}
            </Button>
          </Popconfirm>
        )}
      </Space>
      <Progress
        percent={percent}
        status={
          job.status === 'failed'
            ? 'exception'
            : job.status === 'done'
              ? 'success'
              : job.status === 'cancelled'
                ? 'normal'
                : 'active'
        }
      />
      {job.error && <Typography.Text type="danger">{job.error}</Typography.Text>}
      {isJobOver(job) && job.result && (
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, md: 3 }}
          bordered
          data-testid="job-result"
        >
          {(
            [
              'reassessed',
              'problems',
              'categoryChanged',
              'becomeEligible',
              'loseEligibility',
            ] as const
          ).map((key) => (
            <Descriptions.Item key={key} label={t(`impact.job.result.${key}`)}>
              {result[key] ?? 0}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </Space>
  );
}
