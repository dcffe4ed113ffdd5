import { useState } from 'react';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Segmented,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type {
  ReviewProgressRow,
  ReviewRound,
  ReviewTaskItem,
  ReviewTaskStatus,
} from '../../../shared/reviews/review-round';
import { ApiError } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { useReportError } from '../../api/use-report-error';
import { FullPageSpin, LoadFailed } from '../../components/status';
import { NotFoundPage } from '../errors/error-pages';
import { ReviewProgressChart } from './review-progress-chart';
import { ReviewTaskDrawer } from './review-task-drawer';
import { reviewsApi, share, taskStatusColors, useReviewLabels } from './reviews-api';

const pageSize = 20;

/** One review round: figures, progress per node (drill down), the task list and the task drawer. */
export default function ReviewRoundPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const [trail, setTrail] = useState<{ id: number; name: string }[]>([]);
  const nodeId = trail.at(-1)?.id;
  const [taskId, setTaskId] = useState<number | null>(null);
  const [isClosing, setClosing] = useState(false);
  const [version, setVersion] = useState(0);
  const round = useLoad(() => reviewsApi.round(id), [id, version]);
  const progress = useLoad(() => reviewsApi.progress(id, nodeId), [id, nodeId, version]);

  if (!Number.isSafeInteger(id) || id <= 0) return <NotFoundPage />;
  if (!round.data) {
    if (round.error instanceof ApiError && round.error.code === 'NOT_FOUND')
      return <NotFoundPage />;
    if (round.error && !round.isLoading) return <LoadFailed onRetry={() => void round.reload()} />;
    return <FullPageSpin inline />;
  }
  const r = round.data;
  const refresh = () => setVersion((v) => v + 1);
  const top = progress.data && trail.length === 0 ? progress.data.node : null;

  const drill = (row: ReviewProgressRow) => {
    if (row.isOwn || !row.hasChildren || row.tasks === 0) return;
    setTrail((tr) => [
      ...(tr.length === 0 && top ? [{ id: top.id, name: top.name }] : tr),
      { id: row.nodeId, name: row.nodeName },
    ]);
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Link to="/reviews">{t('reviews.title')}</Link>
            <span>/</span>
            <span data-testid="round-name">{r.name}</span>
            <Tag color={r.status === 'open' ? 'processing' : 'default'}>
              {t(`reviews.roundStatus.${r.status}`)}
            </Tag>
          </Space>
        }
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={refresh}>
              {t('reviews.refresh')}
            </Button>
            {r.canClose && (
              <Button danger onClick={() => setClosing(true)}>
                {t('reviews.close')}
              </Button>
            )}
          </Space>
        }
      >
        <Row gutter={16}>
          <Col xs={12} md={4}>
            <Statistic title={t('reviews.tasks')} value={r.counts.tasks} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic
              title={t('reviews.done')}
              value={r.counts.done}
              suffix={<small>({share(r.counts.done, r.counts.tasks)})</small>}
            />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('reviews.kept')} value={r.counts.kept} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('reviews.exitProposed')} value={r.counts.exitProposed} />
          </Col>
          <Col xs={24} md={8}>
            <Statistic
              title={t('reviews.sampleProgress', {
                share: String(Math.round(r.sampleShare * 1000) / 10),
              })}
              value={r.counts.sampleDone}
              suffix={`/ ${r.counts.sample}`}
            />
          </Col>
        </Row>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 16 }}>
          <Descriptions.Item label={t('reviews.node')}>{r.nodeName}</Descriptions.Item>
          <Descriptions.Item label={t('reviews.period')}>
            {r.periodStart} ~ {r.periodEnd}
          </Descriptions.Item>
          <Descriptions.Item label={t('reviews.openedAt')}>
            {dayjs(r.openedAt).format('YYYY-MM-DD HH:mm')}
            {r.openedBy ? ` · ${r.openedBy}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('reviews.wholeRound')}>
            {t('reviews.wholeRoundValue', {
              tasks: String(r.taskCount),
              sample: String(r.sampleCount),
            })}
          </Descriptions.Item>
          <Descriptions.Item label={t('reviews.seed')}>
            <Typography.Text code copyable style={{ fontSize: 12 }}>
              {r.sampleSeed}
            </Typography.Text>
          </Descriptions.Item>
          {r.closedAt && (
            <Descriptions.Item label={t('reviews.closedAt')}>
              {dayjs(r.closedAt).format('YYYY-MM-DD HH:mm')}
              {r.closedBy ? ` · ${r.closedBy}` : ''}
            </Descriptions.Item>
          )}
        </Descriptions>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('reviews.seedHelp')}
        </Typography.Text>
      </Card>

      <Card
        title={t('reviews.progressByNode')}
        extra={
          trail.length > 0 && (
            <Breadcrumb
              items={trail.map((n, i) => ({
                title:
                  i === trail.length - 1 ? (
                    n.name
                  ) : (
                    <a onClick={() => setTrail(i === 0 ? [] : trail.slice(0, i + 1))}>{n.name}</a>
                  ),
              }))}
            />
          )
        }
        loading={progress.isLoading && !progress.data}
      >
        {progress.data && progress.data.rows.length > 0 ? (
          <>
            <ReviewProgressChart rows={progress.data.rows} onDrill={drill} />
            <Table<ReviewProgressRow>
              size="small"
              rowKey={(row) => `${row.nodeId}-${row.isOwn}`}
              dataSource={progress.data.rows}
              pagination={false}
              data-testid="review-progress"
              columns={[
                {
                  title: t('reviews.node'),
                  key: 'node',
                  render: (_, row) =>
                    row.hasChildren && !row.isOwn && row.tasks > 0 ? (
                      <a onClick={() => drill(row)}>{row.nodeName}</a>
                    ) : (
                      `${row.nodeName}${row.isOwn ? t('reviews.ownFiles') : ''}`
                    ),
                },
                { title: t('reviews.tasks'), dataIndex: 'tasks', align: 'right' },
                {
                  title: t('reviews.done'),
                  key: 'done',
                  align: 'right',
                  render: (_, row) => `${row.done} (${share(row.done, row.tasks)})`,
                },
                { title: t('reviews.kept'), dataIndex: 'kept', align: 'right' },
                { title: t('reviews.exitProposed'), dataIndex: 'exitProposed', align: 'right' },
                {
                  title: t('reviews.sampleColumn'),
                  key: 'sample',
                  align: 'right',
                  render: (_, row) => `${row.sampleDone} / ${row.sample}`,
                },
              ]}
            />
          </>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reviews.noTasksHere')} />
        )}
      </Card>

      <TaskList roundId={id} nodeId={nodeId} version={version} onOpen={setTaskId} />

      {taskId !== null && (
        <ReviewTaskDrawer
          taskId={taskId}
          onClose={() => setTaskId(null)}
          onDone={() => {
            setTaskId(null);
            refresh();
          }}
        />
      )}
      {isClosing && (
        <CloseRoundModal
          round={r}
          onClose={() => setClosing(false)}
          onClosed={() => {
            setClosing(false);
            refresh();
          }}
        />
      )}
    </Space>
  );
}

type StatusFilter = 'all' | ReviewTaskStatus;

function TaskList({
  roundId,
  nodeId,
  version,
  onOpen,
}: {
  roundId: number;
  nodeId: number | undefined;
  version: number;
  onOpen: (taskId: number) => void;
}) {
  const { t } = useTranslation();
  const labels = useReviewLabels();
  const [status, setStatus] = useState<StatusFilter>('pending');
  const [inSample, setInSample] = useState(false);
  const [reapply, setReapply] = useState(false);
  const [page, setPage] = useState(1);
  const { data, isLoading } = useLoad(
    () =>
      reviewsApi.tasks(roundId, {
        ...(nodeId ? { nodeId } : {}),
        ...(status === 'all' ? {} : { status }),
        ...(inSample ? { inSample: true } : {}),
        ...(reapply ? { needsReapplication: true } : {}),
        limit: pageSize,
        offset: (page - 1) * pageSize,
      }),
    [roundId, nodeId, status, inSample, reapply, page, version],
  );
  const filter =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(1);
    };

  return (
    <Card
      title={t('reviews.taskList')}
      extra={
        <Space wrap>
          <Segmented<StatusFilter>
            value={status}
            onChange={filter(setStatus)}
            options={[
              { value: 'pending', label: labels.taskStatus('pending') },
              { value: 'kept', label: labels.taskStatus('kept') },
              { value: 'exit_proposed', label: labels.taskStatus('exit_proposed') },
              { value: 'all', label: t('reviews.all') },
            ]}
          />
          <Checkbox checked={inSample} onChange={(e) => filter(setInSample)(e.target.checked)}>
            {t('reviews.inSampleOnly')}
          </Checkbox>
          <Checkbox checked={reapply} onChange={(e) => filter(setReapply)(e.target.checked)}>
            {t('reviews.reapplyOnly')}
          </Checkbox>
        </Space>
      }
    >
      <Table<ReviewTaskItem>
        data-testid="review-tasks"
        rowKey="id"
        size="middle"
        loading={isLoading}
        dataSource={data?.items ?? []}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('reviews.taskTotal', { total: String(total) }),
          onChange: setPage,
        }}
        onRow={(task) => ({ onClick: () => onOpen(task.id), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: t('reviews.headName'),
            dataIndex: 'headName',
            render: (name: string) => <a>{name}</a>,
          },
          { title: t('reviews.fileNo'), dataIndex: 'fileNo', render: (v) => v ?? '—' },
          { title: t('reviews.fileNode'), dataIndex: 'nodeName' },
          {
            title: t('reviews.flags'),
            key: 'flags',
            render: (_, task) => (
              <Space size={4}>
                {task.inSample && <Tag color="purple">{t('reviews.inSample')}</Tag>}
                {task.needsReapplication && <Tag color="orange">{t('reviews.reapply')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('reviews.status'),
            dataIndex: 'status',
            render: (s: ReviewTaskStatus) => (
              <Tag color={taskStatusColors[s]}>{labels.taskStatus(s)}</Tag>
            ),
          },
          {
            title: t('reviews.doneBy'),
            key: 'doneBy',
            render: (_, task) =>
              task.doneAt
                ? `${dayjs(task.doneAt).format('YYYY-MM-DD')} · ${task.doneBy ?? ''}`
                : '—',
          },
        ]}
      />
    </Card>
  );
}

/** 结束复核: straight away when the sample is done, else forced with a reason. */
function CloseRoundModal({
  round,
  onClose,
  onClosed,
}: {
  round: ReviewRound;
  onClose: () => void;
  onClosed: () => void;
}) {
  const { t } = useTranslation();
  const report = useReportError();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  const [isSaving, setSaving] = useState(false);
  const pendingSample = round.sampleCount - round.counts.sampleDone;
  // The counts are the caller's scope; an administrator closing it sees the whole round.
  const mustForce = pendingSample > 0;

  const submit = async (v: { reason?: string }) => {
    setSaving(true);
    try {
      await reviewsApi.close(round.id, mustForce ? { force: true, reason: v.reason } : {});
      void message.success(t('reviews.closed'));
      onClosed();
    } catch (e) {
      report(e, { form });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('reviews.close')}
      okText={mustForce ? t('reviews.forceClose') : t('reviews.close')}
      okButtonProps={{ danger: true }}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={isSaving}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        {mustForce ? (
          <>
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              message={t('reviews.samplePending', { count: pendingSample })}
            />
            <Form.Item
              name="reason"
              label={t('reviews.forceReason')}
              rules={[{ required: true, min: 4, max: 500 }]}
            >
              <Input.TextArea rows={3} />
            </Form.Item>
          </>
        ) : (
          <Typography.Paragraph>{t('reviews.closeConfirm')}</Typography.Paragraph>
        )}
      </Form>
    </Modal>
  );
}
