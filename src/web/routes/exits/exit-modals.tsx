import { useState } from 'react';
import { Alert, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Button } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import {
  exitKinds,
  exitReasons,
  verificationMethods,
  type ExitActionRequest,
  type ExitKind,
  type VerificationMethod,
} from '../../../shared/exits/exits';
import { ApiError } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { useReportError } from '../../api/use-report-error';
import {
  exitsApi,
  useExitLabels,
  type ExitAction,
  type ExitView,
  type MonthlyIncomesView,
} from './exits-api';

function trimmed(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}

const toFen = (yuanValue: number) => Math.round(yuanValue * 100);

type IncomeRow = { month?: Dayjs; income?: number; memberCount?: number; note?: string };

/** Several months of a household's income in one form (bulk entry); a month again corrects it. */
export function IncomesModal({
  householdId,
  defaultMembers,
  onClose,
  onDone,
}: {
  householdId: number;
  defaultMembers: number;
  onClose: () => void;
  onDone: (view: MonthlyIncomesView) => void;
}) {
  const { t } = useTranslation();
  const report = useReportError();
  const [form] = Form.useForm<{ rows: IncomeRow[] }>();
  const [isSaving, setSaving] = useState(false);
  const submit = async ({ rows }: { rows: IncomeRow[] }) => {
    setSaving(true);
    try {
      onDone(
        await exitsApi.recordIncomes(householdId, {
          records: rows.map((r) => ({
            month: r.month!.format('YYYY-MM'),
            incomeFen: toFen(r.income ?? 0),
            memberCount: r.memberCount ?? defaultMembers,
            ...(trimmed(r.note) ? { note: trimmed(r.note) } : {}),
          })),
        }),
      );
    } catch (e) {
      report(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      width={720}
      title={t('exits.recordIncomesTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={isSaving}
      okButtonProps={{ 'data-testid': 'incomes-ok' } as never}
    >
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('exits.correctHint')} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{
          rows: [{ month: dayjs().subtract(1, 'month'), memberCount: defaultMembers }],
        }}
      >
        <Form.List name="rows">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="start" wrap>
                  <Form.Item
                    name={[field.name, 'month']}
                    label={t('exits.month')}
                    rules={[{ required: true, message: t('exits.monthRequired') }]}
                  >
                    <DatePicker picker="month" format="YYYY-MM" />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'income']}
                    label={t('exits.income')}
                    rules={[{ required: true, message: t('exits.incomeRequired') }]}
                  >
                    <InputNumber min={0} precision={2} style={{ width: 150 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'memberCount']}
                    label={t('exits.members')}
                    rules={[{ required: true, message: t('exits.membersRequired') }]}
                  >
                    <InputNumber min={1} max={50} precision={0} style={{ width: 80 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'note']} label={t('exits.note')}>
                    <Input maxLength={200} style={{ width: 160 }} />
                  </Form.Item>
                  {fields.length > 1 && (
                    <MinusCircleOutlined
                      style={{ marginTop: 38 }}
                      onClick={() => remove(field.name)}
                    />
                  )}
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => {
                  const rows = form.getFieldValue('rows') as IncomeRow[];
                  const last = rows.at(-1);
                  add({
                    month: last?.month ? last.month.subtract(1, 'month') : undefined,
                    memberCount: last?.memberCount ?? defaultMembers,
                  });
                }}
              >
                {t('exits.addMonth')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

type ProposeValues = { kind: ExitKind; reasonCode: string; reason: string; documentIds?: number[] };

/** 提出退出: kind, reason code and text, evidence from the file's documents. */
export function ProposeExitModal({
  householdId,
  incomes,
  onClose,
  onDone,
}: {
  householdId: number;
  incomes: MonthlyIncomesView | undefined;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const labels = useExitLabels();
  const report = useReportError();
  const [form] = Form.useForm<ProposeValues>();
  const [isSaving, setSaving] = useState(false);
  const kind = Form.useWatch('kind', form);
  const { data: documents } = useLoad(() => exitsApi.documents(householdId), [householdId]);
  const submit = async (v: ProposeValues) => {
    setSaving(true);
    try {
      await exitsApi.propose(householdId, {
        kind: v.kind,
        reasonCode: v.reasonCode,
        reason: v.reason.trim(),
        documentIds: v.documentIds ?? [],
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
      title={t('exits.proposeTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={isSaving}
      okButtonProps={{ 'data-testid': 'propose-ok' } as never}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="kind"
          label={t('exits.kind')}
          rules={[{ required: true, message: t('exits.kindRequired') }]}
        >
          <Select
            data-testid="exit-kind"
            options={exitKinds.map((k) => ({ value: k, label: labels.kind(k) }))}
            onChange={() => form.setFieldValue('reasonCode', undefined)}
          />
        </Form.Item>
        {kind === 'out_of_hardship' && incomes && (
          <Alert
            style={{ marginBottom: 16 }}
            showIcon
            type={incomes.check.qualifies ? 'success' : 'warning'}
            title={incomes.check.explanation[labels.lang]}
          />
        )}
        <Form.Item
          name="reasonCode"
          label={t('exits.reasonCode')}
          rules={[{ required: true, message: t('exits.reasonCodeRequired') }]}
        >
          <Select
            data-testid="exit-reason-code"
            disabled={!kind}
            options={
              kind
                ? Object.keys(exitReasons[kind]).map((code) => ({
                    value: code,
                    label: labels.reason(kind, code),
                  }))
                : []
            }
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('exits.reason')}
          rules={[{ required: true, whitespace: true, message: t('exits.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="exit-reason" />
        </Form.Item>
        <Form.Item name="documentIds" label={t('exits.evidence')} extra={t('exits.evidenceHint')}>
          <Select
            mode="multiple"
            options={(documents?.items ?? []).map((d) => ({ value: d.id, label: d.fileName }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type ActionValues = {
  opinion?: string;
  effectiveOn?: Dayjs;
  date?: Dayjs;
  method?: VerificationMethod;
  toldWho?: string;
  findings?: string;
};

/** One action on the open exit: the verification record, or the decision with its opinion. */
export function ExitActionModal({
  householdId,
  exit,
  action,
  onClose,
  onDone,
}: {
  householdId: number;
  exit: Pick<ExitView, 'kind' | 'version'>;
  action: ExitAction;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const labels = useExitLabels();
  const report = useReportError();
  const [form] = Form.useForm<ActionValues>();
  const [isSaving, setSaving] = useState(false);
  const submit = async (v: ActionValues) => {
    const opinion = trimmed(v.opinion);
    let body: ExitActionRequest;
    switch (action) {
      case 'verify':
        body = {
          action,
          expectedVersion: exit.version,
          verification: {
            date: v.date!.format('YYYY-MM-DD'),
            method: v.method!,
            toldWho: v.toldWho!.trim(),
            findings: v.findings!.trim(),
          },
        };
        break;
      case 'approve':
        body = {
          action,
          expectedVersion: exit.version,
          ...(opinion ? { opinion } : {}),
          ...(v.effectiveOn ? { effectiveOn: v.effectiveOn.format('YYYY-MM-DD') } : {}),
        };
        break;
      case 'reject':
      case 'withdraw':
        body = { action, expectedVersion: exit.version, ...(opinion ? { opinion } : {}) };
        break;
    }
    setSaving(true);
    try {
      await exitsApi.act(householdId, body);
      onDone();
    } catch (e) {
      report(e, { form, onReload: onDone });
      if (e instanceof ApiError && e.code === 'CONFLICT') onDone();
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('exits.actionTitle', {
        kind: labels.kind(exit.kind),
        action: labels.action(action),
      })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={isSaving}
      okButtonProps={{ danger: action === 'reject', 'data-testid': 'exit-action-ok' } as never}
    >
      {action === 'approve' && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('exits.approveHint')} />
      )}
      {action === 'withdraw' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('exits.withdrawHint')}
        />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ date: dayjs(), method: 'home_visit' }}
      >
        {action === 'verify' ? (
          <>
            <Space wrap>
              <Form.Item
                name="date"
                label={t('exits.verifyDate')}
                rules={[{ required: true, message: t('exits.doneOnRequired') }]}
              >
                <DatePicker />
              </Form.Item>
              <Form.Item
                name="method"
                label={t('exits.method')}
                rules={[{ required: true, message: t('exits.methodRequired') }]}
              >
                <Select
                  style={{ width: 160 }}
                  options={verificationMethods.map((m) => ({ value: m, label: labels.method(m) }))}
                />
              </Form.Item>
            </Space>
            <Form.Item
              name="toldWho"
              label={t('exits.toldWho')}
              rules={[{ required: true, whitespace: true, message: t('exits.toldWhoRequired') }]}
            >
              <Input
                maxLength={100}
                placeholder={t('exits.toldWhoPlaceholder')}
                data-testid="exit-told-who"
              />
            </Form.Item>
            <Form.Item
              name={['findings']}
              label={t('exits.findings')}
              rules={[{ required: true, whitespace: true, message: t('exits.findingsRequired') }]}
            >
              <Input.TextArea
                rows={3}
                maxLength={2000}
                placeholder={t('exits.findingsPlaceholder')}
                data-testid="exit-findings"
              />
            </Form.Item>
          </>
        ) : (
          <>
            {action === 'approve' && (
              <Form.Item
                name="effectiveOn"
                label={t('exits.effectiveOn')}
                extra={t('exits.effectiveOnHint')}
              >
                <DatePicker />
              </Form.Item>
            )}
            <Form.Item
              name="opinion"
              label={t('exits.opinion')}
              rules={
                action === 'reject'
                  ? [{ required: true, whitespace: true, message: t('exits.opinionRequired') }]
                  : []
              }
            >
              <Input.TextArea rows={3} maxLength={1000} data-testid="exit-opinion" />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
