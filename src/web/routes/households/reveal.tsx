import { useState } from 'react';
import { App, Button, Form, Input, Modal, Space, Tag, Tooltip, Typography } from 'antd';
import { EyeOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { RevealableField } from '../../../shared/households/household-file';
import { useReportError } from '../../api/use-report-error';
import { useCan } from '../../session/session';
import { householdsApi } from './households-api';

/** Quick reasons (查看原因): the usual ones a case worker gives; free text is always possible. */
export const revealReasonKeys = ['verifyIdentity', 'callWorker', 'payAid', 'fileReview'] as const;

const minReasonLength = 4;

/**
 * Asks why a sensitive value is to be seen (at least 4 characters): quick
 * choices fill the box, which may also be typed into. The reason goes to the
 * read log with the value's reveal.
 */
export function RevealReasonModal(props: {
  open: boolean;
  title: string;
  /** What is about to be shown, in words (e.g. "户主的身份证号"). */
  subject?: string;
  onCancel: () => void;
  onConfirm: (reason: string) => Promise<void> | void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const [isBusy, setBusy] = useState(false);
  const reason = Form.useWatch('reason', form) ?? '';

  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      await props.onConfirm(values.reason.trim());
      form.resetFields();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={t('households.reveal.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={isBusy}
      onOk={() => void submit()}
      onCancel={() => {
        form.resetFields();
        props.onCancel();
      }}
      destroyOnHidden
    >
      {props.subject && (
        <Typography.Paragraph>
          {t('households.reveal.subject', { subject: props.subject })}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" onFinish={() => void submit()}>
        <Form.Item label={t('households.reveal.quick')}>
          <Space size={[4, 8]} wrap>
            {revealReasonKeys.map((key) => {
              const text = t(`households.reveal.reasons.${key}`);
              return (
                <Tag.CheckableTag
                  key={key}
                  checked={reason.trim() === text}
                  onChange={() => form.setFieldsValue({ reason: text })}
                >
                  {text}
                </Tag.CheckableTag>
              );
            })}
          </Space>
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('households.reveal.reason')}
          rules={[
            { required: true, message: t('households.reveal.reasonRequired') },
            {
              validator: async (_, value: string | undefined) => {
                if (value && value.trim().length < minReasonLength)
                  throw new Error(t('households.reveal.reasonTooShort'));
              },
            },
          ]}
        >
          <Input.TextArea
            rows={2}
            maxLength={200}
            showCount
            placeholder={t('households.reveal.reasonPlaceholder')}
          />
        </Form.Item>
      </Form>
      <Typography.Text type="secondary">
        <SafetyCertificateOutlined /> {t('households.reveal.warning')}
      </Typography.Text>
    </Modal>
  );
}

/**
 * A sensitive value (身份证号, 电话, 银行账号, 诊断): masked, with an eye button for
 * users who may reveal it. The clear value lives in this component only: it is
 * gone when the page is left or reloaded.
 */
export function SensitiveValue(props: {
  householdId: number;
  field: RevealableField;
  memberId?: number | undefined;
  /** The masked form the API sent, or null when nothing is stored. */
  masked: string | null;
  /** Whether a value is stored at all (a diagnosis has no masked form). */
  hasValue?: boolean;
  /** Words for the modal: whose value this is ("户主 张三的身份证号"). */
  subject: string;
}) {
  const { t } = useTranslation();
  const can = useCan();
  const report = useReportError();
  const { message } = App.useApp();
  const [isAsking, setAsking] = useState(false);
  const [clear, setClear] = useState<string | null | undefined>(undefined);

  const hasValue = props.hasValue ?? props.masked !== null;
  if (!hasValue) return <span className="bf-muted">—</span>;

  if (clear !== undefined)
    return (
      <Space size={4} data-testid={`revealed-${props.field}`}>
        <span className="bf-mono">{clear ?? '—'}</span>
        <Tooltip title={t('households.reveal.loggedHint')}>
          <Tag color="blue" icon={<SafetyCertificateOutlined />}>
            {t('households.reveal.logged')}
          </Tag>
        </Tooltip>
      </Space>
    );

  return (
    <Space size={4}>
      <span className="bf-mono">{props.masked ?? t('households.reveal.hidden')}</span>
      {can('household.reveal') && (
        <Tooltip title={t('households.reveal.button')}>
          <Button
            type="text"
            size="small"
            icon={<EyeOutlined />}
            aria-label={`${t('households.reveal.button')} ${props.subject}`}
            onClick={() => setAsking(true)}
          />
        </Tooltip>
      )}
      <RevealReasonModal
        open={isAsking}
        title={t('households.reveal.title')}
        subject={props.subject}
        onCancel={() => setAsking(false)}
        onConfirm={async (reason) => {
          try {
            const answer = await householdsApi.reveal(props.householdId, {
              field: props.field,
              ...(props.memberId ? { memberId: props.memberId } : {}),
              reason,
            });
            setClear(answer.value);
            setAsking(false);
            void message.info(t('households.reveal.done'));
          } catch (error) {
            report(error);
          }
        }}
      />
    </Space>
  );
}
