import { useState } from 'react';
import { Alert, DatePicker, Form, Input, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { actionsNeedingOpinion } from '../../../shared/cases/registration';
import { ApiError } from '../../api/client';
import { useReportError } from '../../api/use-report-error';
import { casesApi, useCaseLabels } from './cases-api';
import type { CaseAction, CaseActionRequest, CaseView } from './cases-api';

/** The case as the user saw it: the action is taken only if it still stands there. */
export type CaseAt = Pick<CaseView, 'householdId' | 'status' | 'step'>;

type Values = {
  opinion?: string;
  date?: Dayjs;
  place?: string;
  participants?: string;
  findings?: string;
  objections?: string;
};

/** Which record a step keeps when it is decided (the visit, the meeting and notice). */
function recordKindOf(view: CaseAt, action: CaseAction): 'visit' | 'notice' | null {
  if (action !== 'pass' && action !== 'reject' && action !== 'return') return null;
  if (view.status !== 'in_review') return null;
  if (view.step === 'home_visit') return 'visit';
  if (view.step === 'review_notice') return 'notice';
  return null;
}

function trimmed(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}

/**
 * One action on a case: the opinion (required to reject or return) and, at
 * the home visit and the review meeting, the step's record. It posts the
 * state the panel showed, so that of two people acting at once one wins.
 */
export function CaseActionModal({
  view,
  action,
  onClose,
  onDone,
  onMoved,
}: {
  view: CaseAt;
  action: CaseAction;
  onClose: () => void;
  onDone: (next: CaseView) => void;
  /** Someone else acted first: the panel reloads. */
  onMoved: () => void;
}) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const report = useReportError();
  const [form] = Form.useForm<Values>();
  const [isSaving, setSaving] = useState(false);
  const needsOpinion = actionsNeedingOpinion.includes(action);
  const recordKind = recordKindOf(view, action);
  const recordRequired = action === 'pass';

  const submit = async (values: Values) => {
    const record: NonNullable<CaseActionRequest['record']> = {};
    if (recordKind) {
      if (values.date) record.date = values.date.format('YYYY-MM-DD');
      const place = trimmed(values.place);
      if (place) record.place = place;
      const findings = trimmed(values.findings);
      if (findings) record.findings = findings;
      const participants = trimmed(values.participants);
      if (participants) record.participants = participants;
      const objections = trimmed(values.objections);
      if (objections) record.objections = objections;
    }
    const opinion = trimmed(values.opinion);
    setSaving(true);
    try {
      const next = await casesApi.act(view.householdId, {
        action,
        expected: { status: view.status, step: view.step },
        ...(opinion ? { opinion } : {}),
        ...(Object.keys(record).length ? { record } : {}),
      });
      onDone(next);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT' && e.details.reason === 'case_moved') {
        report(e, { onReload: onMoved });
        onClose();
        onMoved();
        return;
      }
      report(e, { form });
    } finally {
      setSaving(false);
    }
  };

  const title =
    view.status === 'in_review'
      ? t('cases.modalTitleAtStep', { action: labels.action(action), step: labels.step(view.step) })
      : labels.action(action);

  return (
    <Modal
      open
      title={title}
      okText={t('cases.confirmAction', { action: labels.action(action) })}
      cancelText={t('common.cancel')}
      okButtonProps={{
        danger: action === 'reject' || action === 'withdraw',
        loading: isSaving,
        'data-testid': 'case-action-ok',
      }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={560}
    >
      {(action === 'reject' || action === 'withdraw') && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={action === 'reject' ? t('cases.rejectWarning') : t('cases.withdrawWarning')}
        />
      )}
      {action === 'return' && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('cases.returnHint')} />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        initialValues={recordKind ? { date: dayjs() } : {}}
      >
        {recordKind === 'visit' && (
          <>
            <Form.Item
              name="date"
              label={t('cases.record.visitDate')}
              rules={[{ required: recordRequired, message: t('cases.record.dateRequired') }]}
            >
              <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
            <Form.Item name="place" label={t('cases.record.place')}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item
              name="findings"
              label={t('cases.record.findings')}
              rules={[
                {
                  required: recordRequired,
                  whitespace: true,
                  message: t('cases.record.findingsRequired'),
                },
              ]}
            >
              <Input.TextArea
                rows={3}
                maxLength={2000}
                placeholder={t('cases.record.findingsPlaceholder')}
              />
            </Form.Item>
          </>
        )}
        {recordKind === 'notice' && (
          <>
            <Form.Item
              name="date"
              label={t('cases.record.meetingDate')}
              rules={[{ required: recordRequired, message: t('cases.record.dateRequired') }]}
            >
              <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
            <Form.Item name="participants" label={t('cases.record.participants')}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
            <Form.Item name="objections" label={t('cases.record.objections')}>
              <Input.TextArea
                rows={2}
                maxLength={2000}
                placeholder={t('cases.record.objectionsPlaceholder')}
              />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="opinion"
          label={t('cases.opinion')}
          rules={[
            {
              required: needsOpinion,
              whitespace: true,
              message: t('cases.opinionRequired', { action: labels.action(action) }),
            },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={1000}
            showCount
            placeholder={needsOpinion ? t('cases.opinionPlaceholderRequired') : ''}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
