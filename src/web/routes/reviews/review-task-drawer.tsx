import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Descriptions,
  Drawer,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { EvidenceItem, ReviewTaskView } from '../../../shared/reviews/review-round';
import {
  exitKindLabels,
  exitKinds,
  exitReasons,
  reasonLabel,
  type ExitKind,
} from '../../../shared/exits/exits';
import { documentTypeLabels, documentTypeLabelsEn } from '../../../shared/households/documents';
import { ApiError } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { useReportError } from '../../api/use-report-error';
import { useLocale } from '../../i18n';
import { useHouseholdLabels, yuan } from '../households/household-view-labels';
import { reviewsApi, taskStatusColors, useReviewLabels } from './reviews-api';

/**
 * One file's review task: the file's figures, whether it is re-applied for and
 * which evidence is kept or renewed, and the keep action (re-assessed under the
 * current policy; refused when the household no longer qualifies).
 */
export function ReviewTaskDrawer({
  taskId,
  onClose,
  onDone,
}: {
  taskId: number;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const labels = useReviewLabels();
  const householdLabels = useHouseholdLabels();
  const { data: task, isLoading, reload } = useLoad(() => reviewsApi.task(taskId), [taskId]);

  return (
    <Drawer
      open
      size={Math.min(720, window.innerWidth - 40)}
      title={task ? t('reviews.taskTitle', { name: task.headName }) : t('reviews.taskList')}
      onClose={onClose}
      loading={isLoading && !task}
      destroyOnHidden
      data-testid="review-task-drawer"
    >
      {task && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions
            size="small"
            column={2}
            bordered
            styles={{ label: { whiteSpace: 'nowrap' } }}
          >
            <Descriptions.Item label={t('reviews.headName')}>
              <Link to={`/households/${task.householdId}`}>{task.headName}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('reviews.fileNo')}>{task.fileNo ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('reviews.fileNode')}>{task.nodeName}</Descriptions.Item>
            <Descriptions.Item label={t('reviews.category')}>
              {task.eligible === null
                ? '—'
                : householdLabels.category(
                    task.category as Parameters<typeof householdLabels.category>[0],
                    task.eligible,
                  )}
            </Descriptions.Item>
            <Descriptions.Item label={t('reviews.perCapita')}>
              {task.perCapitaMonthlyFen === null ? '—' : yuan(task.perCapitaMonthlyFen)}
            </Descriptions.Item>
            <Descriptions.Item label={t('reviews.registeredOn')}>
              {task.registeredOn ?? '—'}
              {task.lastReappliedOn
                ? ` · ${t('reviews.lastReapplied', { date: task.lastReappliedOn })}`
                : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('reviews.status')}>
              <Tag color={taskStatusColors[task.status]}>{labels.taskStatus(task.status)}</Tag>
              {task.doneAt && (
                <Typography.Text type="secondary">
                  {dayjs(task.doneAt).format('YYYY-MM-DD')} · {task.doneBy}
                </Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('reviews.flags')}>
              <Space size={4}>
                {task.inSample ? (
                  <Tag color="purple">{t('reviews.inSample')}</Tag>
                ) : (
                  <Typography.Text type="secondary">{t('reviews.notInSample')}</Typography.Text>
                )}
                {task.needsReapplication && <Tag color="orange">{t('reviews.reapply')}</Tag>}
              </Space>
            </Descriptions.Item>
            {task.note && (
              <Descriptions.Item label={t('reviews.note')} span={2}>
                {task.note}
              </Descriptions.Item>
            )}
          </Descriptions>

          {task.needsReapplication && <Reapplication task={task} />}

          {task.actions.includes('keep') && (
            <KeepForm task={task} onDone={onDone} onConflict={() => void reload()} />
          )}
          {task.actions.includes('exit') && (
            <ExitForm task={task} onDone={onDone} onConflict={() => void reload()} />
          )}
          {task.actions.length === 0 && task.status === 'pending' && (
            <Alert
              type="info"
              showIcon
              message={
                task.round.status === 'closed'
                  ? t('reviews.roundClosed')
                  : !task.fileActive
                    ? t('reviews.fileNotActive')
                    : t('reviews.notYours')
              }
            />
          )}
        </Space>
      )}
    </Drawer>
  );
}

function Reapplication({ task }: { task: ReviewTaskView }) {
  const { t } = useTranslation();
  const isZh = useLocale() === 'zh-CN';
  const docLabel = (d: EvidenceItem['docType']) =>
    isZh ? documentTypeLabels[d] : documentTypeLabelsEn[d];
  return (
    <div>
      <Alert
        type="warning"
        showIcon
        message={t('reviews.reapplyTitle')}
        description={t('reviews.reapplyHelp', {
          months: String(task.reapplyAfterMonths),
          date: task.round.periodStart,
        })}
        style={{ marginBottom: 12 }}
      />
      <Table<EvidenceItem>
        size="small"
        rowKey="docType"
        pagination={false}
        dataSource={task.evidence}
        data-testid="reapply-evidence"
        columns={[
          { title: t('reviews.evidence'), dataIndex: 'docType', render: docLabel },
          {
            title: t('reviews.handling'),
            dataIndex: 'handling',
            render: (h: EvidenceItem['handling']) =>
              h === 'kept' ? (
                <Tag color="blue">{t('reviews.handlingKept')}</Tag>
              ) : (
                <Tag color="orange">{t('reviews.handlingRenew')}</Tag>
              ),
          },
          {
            title: t('reviews.evidenceState'),
            key: 'state',
            render: (_, e) =>
              e.isCurrent ? (
                <Tag color="success">
                  {e.handling === 'kept' ? t('reviews.onFile') : t('reviews.renewed')}
                </Tag>
              ) : e.isOnFile ? (
                <Tag color="warning">{t('reviews.outdated')}</Tag>
              ) : (
                <Tag color="error">{t('reviews.missing')}</Tag>
              ),
          },
        ]}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        <Link to={`/households/${task.householdId}?tab=documents`}>{t('reviews.toDocuments')}</Link>
      </Typography.Text>
    </div>
  );
}

function KeepForm({
  task,
  onDone,
  onConflict,
}: {
  task: ReviewTaskView;
  onDone: () => void;
  onConflict: () => void;
}) {
  const { t } = useTranslation();
  const report = useReportError();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<{ note?: string; confirm?: boolean }>();
  const [isSaving, setSaving] = useState(false);

  const submit = async (v: { note?: string; confirm?: boolean }) => {
    setSaving(true);
    try {
      await reviewsApi.keep(task.id, {
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        ...(task.needsReapplication ? { confirmReapplication: v.confirm === true } : {}),
      });
      void message.success(t('reviews.keptDone'));
      onDone();
    } catch (e) {
      if (
        e instanceof ApiError &&
        e.code === 'INVALID_STATE' &&
        e.details.reason === 'not_eligible'
      )
        modal.warning({
          title: t('reviews.notEligibleTitle'),
          content: e.userMessage ?? t('reviews.notEligible'),
        });
      else report(e, { form, onReload: onConflict });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="keep-form">
      <Typography.Title level={5}>{t('reviews.keepTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('reviews.keepHelp')}</Typography.Paragraph>
      <Form.Item name="note" label={t('reviews.note')}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      {task.needsReapplication && (
        <Form.Item
          name="confirm"
          valuePropName="checked"
          rules={[
            {
              validator: (_, v) =>
                v ? Promise.resolve() : Promise.reject(new Error(t('reviews.confirmRequired'))),
            },
          ]}
        >
          <Checkbox>{t('reviews.confirmReapplication')}</Checkbox>
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={isSaving}>
        {t('reviews.keep')}
      </Button>
    </Form>
  );
}

type ExitValues = { kind?: ExitKind; reasonCode?: string; reason?: string };

/** 提出退出: kind, reason and explanation; the exits module verifies and approves it. */
function ExitForm({
  task,
  onDone,
  onConflict,
}: {
  task: ReviewTaskView;
  onDone: () => void;
  onConflict: () => void;
}) {
  const { t } = useTranslation();
  const report = useReportError();
  const lang = useLocale() === 'zh-CN' ? 'zh' : 'en';
  const { message } = App.useApp();
  const [form] = Form.useForm<ExitValues>();
  const kind = Form.useWatch('kind', form);
  const [isSaving, setSaving] = useState(false);

  const submit = async (v: ExitValues) => {
    setSaving(true);
    try {
      await reviewsApi.exit(task.id, {
        kind: v.kind!,
        reasonCode: v.reasonCode!,
        reason: v.reason!.trim(),
      });
      void message.success(t('reviews.exitDone'));
      onDone();
    } catch (e) {
      report(e, { form, onReload: onConflict });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="exit-form">
      <Typography.Title level={5}>{t('reviews.exitTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('reviews.exitHelp')}</Typography.Paragraph>
      <Space wrap align="start">
        <Form.Item name="kind" label={t('reviews.exitKind')} rules={[{ required: true }]}>
          <Select
            style={{ width: 200 }}
            options={exitKinds.map((k) => ({ value: k, label: exitKindLabels[k][lang] }))}
            onChange={() => form.setFieldValue('reasonCode', undefined)}
          />
        </Form.Item>
        <Form.Item name="reasonCode" label={t('reviews.exitReason')} rules={[{ required: true }]}>
          <Select
            style={{ width: 240 }}
            disabled={!kind}
            options={
              kind
                ? Object.keys(exitReasons[kind]).map((code) => ({
                    value: code,
                    label: reasonLabel(kind, code)[lang],
                  }))
                : []
            }
          />
        </Form.Item>
      </Space>
      <Form.Item
        name="reason"
        label={t('reviews.exitReasonText')}
        rules={[{ required: true, whitespace: true, max: 2000 }]}
      >
        <Input.TextArea rows={3} />
      </Form.Item>
      <Button danger htmlType="submit" loading={isSaving}>
        {t('reviews.exitSubmit')}
      </Button>
    </Form>
  );
}
