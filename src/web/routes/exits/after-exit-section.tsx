import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { followUpSignals, type FollowUpSignal } from '../../../shared/exits/follow-ups';
import { useReportError } from '../../api/use-report-error';
import {
  exitsApi,
  useExitLabels,
  type AfterExitView,
  type FollowUpView,
  type RelapseFlagView,
} from './exits-api';

export const dueColors = { done: 'success', overdue: 'error', due: 'warning', upcoming: 'default' };

type FollowUpValues = {
  doneOn: Dayjs;
  findings: string;
  signals?: FollowUpSignal[];
  income?: number;
  memberCount?: number;
};

/** Recording one follow-up: when, what was found, signs of relapse, and optionally the month's income. */
export function FollowUpModal({
  householdId,
  followUp,
  onClose,
  onDone,
}: {
  householdId: number;
  followUp: FollowUpView;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const labels = useExitLabels();
  const report = useReportError();
  const [form] = Form.useForm<FollowUpValues>();
  const [isSaving, setSaving] = useState(false);
  const submit = async (v: FollowUpValues) => {
    setSaving(true);
    try {
      await exitsApi.recordFollowUp(householdId, {
        followUpId: followUp.id,
        doneOn: v.doneOn.format('YYYY-MM-DD'),
        findings: v.findings.trim(),
        signals: v.signals ?? [],
        ...(v.income !== undefined && v.income !== null
          ? { incomeFen: Math.round(v.income * 100) }
          : {}),
        ...(v.memberCount ? { memberCount: v.memberCount } : {}),
      });
      onDone();
    } catch (e) {
      report(e, { form });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('exits.recordFollowUpTitle', {
        kind: labels.followUpKind(followUp.kind),
        dueOn: followUp.dueOn,
      })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={isSaving}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ doneOn: dayjs(), signals: [] }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          name="doneOn"
          label={t('exits.doneOn')}
          rules={[{ required: true, message: t('exits.doneOnRequired') }]}
        >
          <DatePicker />
        </Form.Item>
        <Form.Item
          name="findings"
          label={t('exits.findings')}
          rules={[{ required: true, whitespace: true, message: t('exits.findingsRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="signals" label={t('exits.signals')}>
          <Checkbox.Group
            options={followUpSignals.map((s) => ({ value: s, label: labels.signal(s) }))}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item
            name="income"
            label={t('exits.monthIncome')}
            extra={t('exits.monthIncomeHint')}
          >
            <InputNumber min={0} precision={2} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="memberCount" label={t('exits.members')}>
            <InputNumber min={1} max={50} precision={0} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

/** A reason asked for in a small dialog: dismissing a flag, re-admitting a file. */
export function ReasonModal({
  title,
  hint,
  label,
  requiredMessage,
  onClose,
  onSubmit,
}: {
  title: string;
  hint?: string;
  label: string;
  requiredMessage: string;
  onClose: () => void;
  onSubmit: (reason: string) => Promise<void>;
}) {
  const report = useReportError();
  const [form] = Form.useForm<{ reason: string }>();
  const [isSaving, setSaving] = useState(false);
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={isSaving}
      okButtonProps={{ 'data-testid': 'reason-ok' } as never}
    >
      {hint && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={hint} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => {
          setSaving(true);
          onSubmit(v.reason.trim())
            .catch((e: unknown) => report(e, { form }))
            .finally(() => setSaving(false));
        }}
      >
        <Form.Item
          name="reason"
          label={label}
          rules={[{ required: true, whitespace: true, message: requiredMessage }]}
        >
          <Input.TextArea rows={3} maxLength={1000} data-testid="reason-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Follow-ups, relapse flags and re-admission of an exited file. */
export function AfterExitSection({
  householdId,
  view,
  onChanged,
}: {
  householdId: number;
  view: AfterExitView;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const labels = useExitLabels();
  const { message } = App.useApp();
  const [recording, setRecording] = useState<FollowUpView | null>(null);
  const [dismissing, setDismissing] = useState<RelapseFlagView | null>(null);
  const [isReadmitting, setReadmitting] = useState(false);
  const done = () => {
    setRecording(null);
    setDismissing(null);
    setReadmitting(false);
    onChanged();
  };
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={5}>{t('exits.followUps')}</Typography.Title>
        <Table<FollowUpView>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={view.followUps}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exits.noFollowUps')} />
            ),
          }}
          columns={[
            { title: t('exits.dueOn'), dataIndex: 'dueOn' },
            { title: t('exits.method'), dataIndex: 'kind', render: (k) => labels.followUpKind(k) },
            {
              title: t('exits.doneOn'),
              key: 'due',
              render: (_, f) => (
                <Space size={4}>
                  <Tag color={dueColors[f.due]}>{t(`exits.due.${f.due}`)}</Tag>
                  {f.doneOn && `${f.doneOn} ${f.doneByName ?? ''}`}
                </Space>
              ),
            },
            {
              title: t('exits.findings'),
              key: 'findings',
              render: (_, f) => (
                <Space size={4} wrap>
                  {f.findings}
                  {f.signals.map((s) => (
                    <Tag key={s} color="volcano">
                      {labels.signal(s)}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            {
              key: 'act',
              render: (_, f) =>
                !f.doneOn &&
                view.canRecord && (
                  <Button size="small" type="primary" onClick={() => setRecording(f)}>
                    {t('exits.recordFollowUp')}
                  </Button>
                ),
            },
          ]}
        />
      </div>
      <div>
        <Typography.Title level={5}>{t('exits.flags')}</Typography.Title>
        <Table<RelapseFlagView>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={view.flags}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exits.noFlags')} />
            ),
          }}
          columns={[
            { title: t('exits.detectedOn'), dataIndex: 'detectedOn' },
            {
              title: t('exits.signal'),
              dataIndex: 'signal',
              render: (s) => <Tag color="volcano">{labels.signal(s)}</Tag>,
            },
            { title: t('exits.watch.detail'), dataIndex: 'detail' },
            {
              title: t('exits.statusCol'),
              key: 'status',
              render: (_, f) => (
                <Space size={4} wrap>
                  <Tag color={f.status === 'open' ? 'error' : 'default'}>
                    {t(`exits.flagStatus.${f.status}`)}
                  </Tag>
                  {f.resolution && (
                    <Typography.Text type="secondary">{f.resolution}</Typography.Text>
                  )}
                </Space>
              ),
            },
            {
              key: 'act',
              render: (_, f) =>
                f.status === 'open' &&
                view.canRecord && (
                  <Button size="small" onClick={() => setDismissing(f)}>
                    {t('exits.dismiss')}
                  </Button>
                ),
            },
          ]}
        />
      </div>
      {view.canReadmit && (
        <Button type="primary" danger data-testid="readmit" onClick={() => setReadmitting(true)}>
          {t('exits.readmit')}
        </Button>
      )}
      {recording && (
        <FollowUpModal
          householdId={householdId}
          followUp={recording}
          onClose={() => setRecording(null)}
          onDone={done}
        />
      )}
      {dismissing && (
        <ReasonModal
          title={t('exits.dismissTitle')}
          label={t('exits.dismissReason')}
          requiredMessage={t('exits.dismissReasonRequired')}
          onClose={() => setDismissing(null)}
          onSubmit={async (reason) => {
            await exitsApi.dismissFlag(householdId, { flagId: dismissing.id, reason });
            done();
          }}
        />
      )}
      {isReadmitting && (
        <ReasonModal
          title={t('exits.readmitTitle')}
          hint={t('exits.readmitHint')}
          label={t('exits.readmitReason')}
          requiredMessage={t('exits.readmitReasonRequired')}
          onClose={() => setReadmitting(false)}
          onSubmit={async (reason) => {
            await exitsApi.readmit(householdId, reason);
            void message.success(t('exits.readmitted'));
            done();
          }}
        />
      )}
    </Space>
  );
}
